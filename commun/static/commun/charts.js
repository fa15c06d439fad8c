// Draw every chart of the page: an element with data-spec="ID" is drawn from the Vega-Lite spec
// (or Vega, with data-mode="vega") that Django's json_script put in <script id="ID">, built in Python.
// A map drawn at a fixed size may come in two drawings: data-spec-narrow="ID" names the one for
// elements narrower than NARROW pixels (phones); the page's stylesheet shrinks either to fit.
// Vega shows a tooltip when the pointer moves over a mark; a finger's tap does not move, so a
// tap is passed on as a move to the same place: "point at or tap" holds on every screen.
(function () {
  var NARROW = 640;
  function showOnTap(event) {
    if (event.pointerType === "mouse") return;
    event.target.dispatchEvent(new PointerEvent("pointermove", {
      bubbles: true, clientX: event.clientX, clientY: event.clientY,
      pointerId: event.pointerId, pointerType: event.pointerType
    }));
  }
  function draw(root) {
    root.querySelectorAll("[data-spec]").forEach(function (target) {
      var id = target.dataset.spec;
      if (target.dataset.specNarrow && target.clientWidth < NARROW) id = target.dataset.specNarrow;
      var source = document.getElementById(id);
      if (!source || target.dataset.drawn) return;
      target.dataset.drawn = "1";
      target.addEventListener("pointerup", showOnTap);
      vegaEmbed(target, JSON.parse(source.textContent), {
        mode: target.dataset.mode || "vega-lite", actions: false, renderer: "svg"
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
