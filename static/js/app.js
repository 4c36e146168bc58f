// Small progressive enhancements; the app works without them.
document.addEventListener("htmx:afterSwap", (event) => {
  // After a form comes back with errors, move focus to the first invalid field for keyboard and
  // screen-reader users.
  if (event.detail.xhr && event.detail.xhr.status === 422) {
    const invalid = event.detail.target.querySelector("[aria-invalid=true]") ||
      document.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  }
});

// Organisation tree: a disclosure button shows or hides the units below; htmx loads them on first open.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-tree-toggle]");
  if (!button) return;
  const list = document.getElementById(button.getAttribute("aria-controls"));
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  if (list) list.hidden = open;
});

// Monitoring grid: the header's box ticks (or clears) every value of the bulk form it names.
document.addEventListener("change", (event) => {
  const all = event.target.closest("input[data-select-all]");
  if (!all) return;
  const form = all.getAttribute("data-select-all");
  document.querySelectorAll(`input[type=checkbox][form="${form}"]`).forEach((box) => { box.checked = all.checked; });
});
