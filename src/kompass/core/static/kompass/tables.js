// Shared by every page (base.html). A wide table sits in a scroll box (class
// "table-scroll") so that the page itself never scrolls sideways (WCAG 1.4.10). While the
// box has something to scroll, the keyboard must reach it (WCAG 2.1.1): it then takes the
// focus (arrow keys scroll it) and is named after its table's caption; when everything
// fits, it is no stop on the way. Boxes whose template already makes them focusable keep
// that. A ResizeObserver follows window size, zoom and content changes.
(function () {
  "use strict";
  var count = 0;
  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      var caption = box.querySelector("caption");
      if (caption && !box.hasAttribute("aria-label")) {
        if (!caption.id) caption.id = "table-caption-" + ++count;
        box.setAttribute("aria-labelledby", caption.id);
      }
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-labelledby");
    }
  }
  var boxes = Array.prototype.filter.call(document.querySelectorAll(".table-scroll"), function (box) {
    return !box.hasAttribute("tabindex");
  });
  boxes.forEach(update);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    });
    boxes.forEach(function (box) { observer.observe(box); });
  }
})();
