// Draws every Vega-Lite chart on the page, and on a phone scrolls the main menu (one row that
// scrolls sideways, sto.css) so that the current page's item is in view. Nothing here is needed
// to read a page: without this file the charts' tables and the whole menu are still there.
// The chart specs are inline JSON written by the server (render.grafiek); vega.js (served from
// the package) defines window.vegaEmbed.
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
  function menu() {
    var nav = document.querySelector("nav.hoofdmenu");
    var hier = nav ? nav.querySelector('a[aria-current="page"]') : null;
    if (!hier || nav.scrollWidth <= nav.clientWidth) { return; }
    var links = hier.getBoundingClientRect().left - nav.getBoundingClientRect().left;
    nav.scrollLeft += links - (nav.clientWidth - hier.offsetWidth) / 2;
  }
  // A table wider than its box (on a phone) scrolls inside it; the box then takes the keyboard
  // focus, so that it can be scrolled with the arrow keys, and is named after the table's
  // caption (a scrollable region must be focusable: WCAG 2.1.1, axe-core's
  // scrollable-region-focusable). Checked again when the width changes or a <details> opens.
  function tabellen() {
    document.querySelectorAll(".tabel-wrap").forEach(function (wrap) {
      var schuift = wrap.scrollWidth > wrap.clientWidth + 1;
      if (schuift && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabel");
        wrap.setAttribute("data-schuift", "ja");
      } else if (!schuift && wrap.getAttribute("data-schuift") === "ja") {
        ["tabindex", "role", "aria-label", "data-schuift"].forEach(function (naam) {
          wrap.removeAttribute(naam);
        });
      }
    });
  }
  function start() {
    menu();
    tabellen();
    draw();
    window.addEventListener("resize", tabellen);
    document.addEventListener("toggle", tabellen, true);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
