// A little progressive enhancement: everything works without it.
// A filter list changes the page as soon as something is picked; dangerous buttons ask first.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("form.filters select")) field.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm(button.textContent.trim() + "?")) {
    event.preventDefault();
  }
});
