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
