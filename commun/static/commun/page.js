// What every page needs from script, kept out of the HTML: the Content-Security-Policy refuses
// inline script (onclick="…") and inline style (style="…").
// - A button with data-print prints the page.
// - An element with data-width="N" is N % wide (meters, share bars); one with data-indent="N"
//   is indented N rem (territories by depth). Set through the DOM, which the policy allows, on
//   page load and on every piece of page htmx brings in.
(function () {
  function number(text) {
    return parseFloat(String(text).replace(",", ".")) || 0;
  }
  function size(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = number(element.dataset.width) + "%";
    });
    root.querySelectorAll("[data-indent]").forEach(function (element) {
      element.style.marginLeft = number(element.dataset.indent) + "rem";
    });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("DOMContentLoaded", function () { size(document); });
  document.addEventListener("htmx:load", function (event) { size(event.target); });
})();
