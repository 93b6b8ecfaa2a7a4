// Keeps the progress bars of "Mina jobb" up to date without inline script: every
// element with data-job-status-url is polled until its job has finished; then the page
// is reloaded once so that the result files appear.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-job-status-url]");
  if (!boxes.length || !window.fetch) { return; }
  var live = document.getElementById("jobs-live");
  var pending = boxes.length;

  function set(box, field, value) {
    var el = box.querySelector('[data-job-field="' + field + '"]');
    if (el) { el.textContent = value === null || value === undefined ? "" : String(value); }
  }

  function poll(box) {
    fetch(box.getAttribute("data-job-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        var bar = box.querySelector("progress");
        if (s.total) { bar.max = s.total; bar.value = s.done; bar.textContent = s.percent + " %"; }
        else if (s.finished) { bar.max = 100; bar.value = 100; }
        set(box, "status_label", s.status_label);
        set(box, "message", s.message);
        set(box, "done", s.done);
        set(box, "total", s.total);
        if (s.finished) {
          pending -= 1;
          if (live) { live.textContent = s.status_label; }
          if (pending === 0) { window.location.reload(); }
          return;
        }
        window.setTimeout(function () { poll(box); }, 2000);
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 5000); });
  }

  boxes.forEach(function (box) {
    if (box.getAttribute("data-finished") === "1") { pending -= 1; return; }
    poll(box);
  });
})();
