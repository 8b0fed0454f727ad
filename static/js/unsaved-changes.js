// A warning before leaving a page whose form has changes not yet saved.
//
// Progressive enhancement: forms marked `data-warn-unsaved` work the same without
// it. The browser's own "Leave site?" question is asked only when what the form
// holds differs from what the page was loaded with, and never on the form's own
// submit (saving is not leaving).

function snapshot(form) {
  const values = [];
  for (const [name, value] of new FormData(form)) {
    values.push([name, typeof value === "string" ? value : value.name]);
  }
  return JSON.stringify(values);
}

export function initUnsavedChanges(root = document) {
  for (const form of root.querySelectorAll("form[data-warn-unsaved]")) {
    const loaded = snapshot(form);
    let submitting = false;
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting || snapshot(form) === loaded) {
        return;
      }
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    });
  }
}
