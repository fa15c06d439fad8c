// Draw every chart of the page: an element with data-spec="ID" is drawn from the Vega-Lite spec
// (or Vega, with data-mode="vega") that Django's json_script put in <script id="ID">, built in Python.
// A map drawn at a fixed size may come in two drawings: data-spec-narrow="ID" names the one for
// elements too narrow for the wide one (it would shrink below SMALLEST of its size, and its text
// with it); the page's stylesheet shrinks either drawing to fit.
// Vega shows a tooltip when the pointer moves over a mark; a finger's tap does not move, so a
// tap is passed on as a move to the same place: "point at or tap" holds on every screen.
// The page's Content-Security-Policy forbids eval and inline styles: Vega runs its expressions
// through the interpreter bundled in vega-embed (ast: true), and neither vega-embed nor its
// tooltip injects a <style> element (their rules are in commun.css).
(function () {
  var SMALLEST = 0.8;
  function showOnTap(event) {
    if (event.pointerType === "mouse") return;
    event.target.dispatchEvent(new PointerEvent("pointermove", {
      bubbles: true, clientX: event.clientX, clientY: event.clientY,
      pointerId: event.pointerId, pointerType: event.pointerType
    }));
  }
  function draw(root) {
    root.querySelectorAll("[data-spec]").forEach(function (target) {
      var source = document.getElementById(target.dataset.spec);
      if (!source || target.dataset.drawn) return;
      var spec = JSON.parse(source.textContent);
      var narrow = document.getElementById(target.dataset.specNarrow || "");
      if (narrow && target.clientWidth < SMALLEST * spec.width) spec = JSON.parse(narrow.textContent);
      target.dataset.drawn = "1";
      target.addEventListener("pointerup", showOnTap);
      vegaEmbed(target, spec, {
        mode: target.dataset.mode || "vega-lite", actions: false, renderer: "svg",
        ast: true, defaultStyle: false, tooltip: {disableDefaultStyle: true}
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
