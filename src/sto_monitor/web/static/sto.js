// Draws every Vega-Lite chart on the page. The specs are inline JSON written by the server
// (render.grafiek); vega.js (served from the package) defines window.vegaEmbed.
// ast: true makes Vega evaluate its expressions with the interpreter that vega-embed bundles
// instead of compiling them with new Function, so the page's Content-Security-Policy needs no
// 'unsafe-eval' (web/beveiliging.py).
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll("script[data-grafiek]").forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-grafiek"));
      if (!target || typeof window.vegaEmbed !== "function") { return; }
      var spec = JSON.parse(node.textContent);
      var opties = { actions: false, renderer: "svg", mode: "vega-lite", ast: true };
      window.vegaEmbed(target, spec, opties)
        .then(function () { target.setAttribute("data-getekend", "ja"); })
        .catch(function (err) {
          target.textContent = "Grafiek kon niet worden getekend; de tabel toont dezelfde cijfers.";
          if (window.console) { window.console.error(err); }
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
