// The short name follows the name as it is typed (å, ä, ö as a, a, o), until the person
// writes a short name of their own. Without JavaScript the server makes the same one
// from the name when the field is left blank.
(function () {
  "use strict";
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .replace(/-+$/, "");
  }
  document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
    var source = document.getElementById(slug.getAttribute("data-slug-from"));
    if (!source) {
      return;
    }
    var own = slug.value !== "";
    slug.addEventListener("input", function () {
      own = slug.value !== "";
    });
    source.addEventListener("input", function () {
      if (!own) {
        slug.value = slugify(source.value);
      }
    });
  });
})();
