// Running total on the scoring screen: sums the exact scores as the evaluator types.
// The page works without it; the server computes the shown figures on save.
(function () {
  var inputs = document.querySelectorAll(".score-input");
  var comma = (document.documentElement.lang || "sv").indexOf("sv") === 0;
  var output = document.getElementById("area-total");
  if (!inputs.length || !output) return;
  function parse(text) {
    var clean = String(text).replace(/\s/g, "").replace(",", ".");
    if (clean === "") return 0;
    var value = Number(clean);
    return isNaN(value) ? NaN : value;
  }
  function update() {
    var sum = 0, bad = false;
    inputs.forEach(function (input) {
      var value = parse(input.value);
      var max = Number(input.dataset.max);
      if (isNaN(value) || value < 0 || value > max) { bad = true; }
      else { sum += value; }
    });
    var text = sum.toFixed(2);
    output.textContent = bad ? "–" : (comma ? text.replace(".", ",") : text);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
