// The instrument editor (and the instrument import): focus moves to the error summary
// through the shared kompass/forms.js (loaded by base.html); "Lägg till ett avsnitt" and
// "Lägg till en bakgrundsfråga" add a row from the formset's empty form. Without
// JavaScript the page works the same, one new row at a time (save, and a blank row is
// there again).
(function () {
  "use strict";
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.querySelector('[data-formset="' + prefix + '"]');
    if (!total || !template || !rows) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__num__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input:not([type=hidden]), textarea");
      if (first) {
        first.focus();
      }
    });
  });
})();
