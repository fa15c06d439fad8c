// "Select all" / "Select none" on a list of checkboxes (the review queue). Without JavaScript
// the two links reload the page with every value chosen, or none; with it, they tick or untick
// the boxes in place, and nothing else the person chose on the page is lost.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-select]");
  if (!link) return;
  const form = link.closest("form");
  if (!form) return;
  event.preventDefault();
  const checked = link.dataset.select === "all";
  for (const box of form.querySelectorAll("input[type=checkbox][name=observation]")) {
    box.checked = checked;
  }
});
