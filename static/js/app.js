// Progressive enhancement for GOV.UK Frontend components (menus, error summaries,
// notification banners). Pages work without it.
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
