// Running total on the scoring screen: sums the exact scores as the evaluator types.
// The page works without it; the server computes the shown figures on save.
// A score that is not a number or lies outside 0..max leaves the total at "–", and the
// line under it says which field to correct and why (its texts come translated in the
// page's data attributes), so nobody is left guessing what the dash means.
(function () {
  var inputs = document.querySelectorAll(".score-input");
  var comma = (document.documentElement.lang || "sv").indexOf("sv") === 0;
  var output = document.getElementById("area-total");
  var problem = document.getElementById("area-total-problem");
  if (!inputs.length || !output) return;
  function parse(text) {
    var clean = String(text).replace(/\s/g, "").replace(",", ".");
    if (clean === "") return 0;
    var value = Number(clean);
    return isNaN(value) ? NaN : value;
  }
  function number(value) {
    var text = String(value);
    return comma ? text.replace(".", ",") : text;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }
  function update() {
    var sum = 0, wrong = [];
    inputs.forEach(function (input) {
      var value = parse(input.value);
      var max = Number(input.dataset.max);
      var values = { field: input.dataset.label || input.id, value: input.value.trim(), max: number(max) };
      if (isNaN(value)) { wrong.push(fill(problem ? problem.dataset.notNumber : "", values)); }
      else if (value < 0 || value > max) { wrong.push(fill(problem ? problem.dataset.outOfRange : "", values)); }
      else { sum += value; }
    });
    var text = sum.toFixed(2);
    output.textContent = wrong.length ? "–" : (comma ? text.replace(".", ",") : text);
    if (!problem) return;
    problem.hidden = !wrong.length;
    problem.textContent = wrong.length ? problem.dataset.intro + " " + wrong.join("; ") + "." : "";
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
