// The rich-text editor's editable area is named by its field's label (the label points at the
// hidden textarea the editor replaces), for screen readers. Editors start as modules, after this
// script: each is named when it appears.
(function () {
  function name(editable) {
    const wrapper = editable.closest(".prose-editor");
    const textarea = wrapper && wrapper.querySelector("textarea");
    const label = textarea && document.querySelector(`label[for="${textarea.id}"]`);
    if (!label || editable.hasAttribute("aria-labelledby")) return;
    label.id = label.id || `${textarea.id}_label`;
    editable.setAttribute("aria-labelledby", label.id);
  }
  function nameAll() {
    document.querySelectorAll(".prose-editor [contenteditable=true]").forEach(name);
  }
  new MutationObserver(nameAll).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameAll);
})();
