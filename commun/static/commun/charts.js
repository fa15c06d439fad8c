// Draw every chart of the page: an element with data-spec="ID" is drawn from the Vega-Lite spec
// (or Vega, with data-mode="vega") that Django's json_script put in <script id="ID">, built in Python.
(function () {
  function draw(root) {
    root.querySelectorAll("[data-spec]").forEach(function (target) {
      var source = document.getElementById(target.dataset.spec);
      if (!source || target.dataset.drawn) return;
      target.dataset.drawn = "1";
      vegaEmbed(target, JSON.parse(source.textContent), {
        mode: target.dataset.mode || "vega-lite", actions: false, renderer: "svg"
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
