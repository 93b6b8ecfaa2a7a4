// Shared by every page (base.html), so there is one mechanism for both:
// 1. A form with errors: focus moves to its error summary (an element with the class
//    "error-summary"), so a keyboard or screen-reader user starts at the list of what to
//    fix; each item links to its field.
// 2. A form marked data-warn-unsaved: once something is typed in it, leaving the page
//    (a link, closing the tab) asks first; submitting the form itself does not. Fields
//    that belong to the form through the form="..." attribute count too.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  var dirty = false;
  function watched(target) {
    var form = target && (target.form || (target.closest && target.closest("form")));
    return form && form.hasAttribute("data-warn-unsaved") ? form : null;
  }
  function mark(event) {
    if (watched(event.target)) dirty = true;
  }
  document.addEventListener("input", mark, true);
  document.addEventListener("change", mark, true);
  document.addEventListener("submit", function () { dirty = false; }, true);
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
})();
