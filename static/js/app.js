// Progressive enhancement for GOV.UK Frontend components (menus, error summaries,
// notification banners) and our own: a warning before leaving unsaved changes.
// Pages work without it.
import { initAll } from "../build/govuk-frontend.min.js";
import { initUnsavedChanges } from "./unsaved-changes.js";

initAll();
initUnsavedChanges();
