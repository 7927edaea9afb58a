// The scenario builder without reloading the page. Every link and form marked data-plan works
// without this file too (a GET of the page with the scenario in the address); here the same
// fields are posted to the builder's JSON twin (data-doorrekenen on #plan-werkblad, with the
// session's CSRF token in the field "csrf"), and the three parts of the page that change (the
// map with its table, the figures, the list of changes) are replaced by the ones the server
// rendered with the same templates. The address follows (history.replaceState), so a reload,
// a bookmark or the save form keep the scenario. When anything goes wrong the browser simply
// follows the link or submits the form as it would have without this file.
// After every redraw the event "plan:getekend" is sent on document (detail: ms on the server,
// ms from click to drawn), which the benchmark and the browser test time.
(function () {
  "use strict";
  var werkblad = document.getElementById("plan-werkblad");
  if (!werkblad || !window.fetch || !window.URLSearchParams) { return; }
  var doel = werkblad.getAttribute("data-doorrekenen");
  var csrf = werkblad.getAttribute("data-csrf");
  var status = document.getElementById("plan-status");
  var bezig = null;

  function gewoon(bron) {
    // Without the script: follow the link or send the form to the page itself.
    if (bron.tagName.toLowerCase() === "form") {
      bron.removeAttribute("data-plan");
      bron.submit();
    } else {
      window.location.href = bron.getAttribute("href");
    }
  }

  function teken(data, begin, bron) {
    Object.keys(data.delen || {}).forEach(function (id) {
      var deel = document.getElementById(id);
      if (deel) { deel.innerHTML = data.delen[id]; }
    });
    if (data.query !== undefined) {
      window.history.replaceState(null, "", "?" + data.query + window.location.hash);
    }
    if (status) {
      status.textContent = data.melding || "";
      status.classList.toggle("fout", !!data.fout);
    }
    var kies = bron.getAttribute("data-plan") === "kies";
    var kop = kies ? document.getElementById("plan-actie-kop") : null;
    if (kop) {
      kop.focus({ preventScroll: true });
      var actie = document.getElementById("plan-actie");
      if (actie && actie.scrollIntoView && actie.getBoundingClientRect().top > window.innerHeight) {
        actie.scrollIntoView({ block: "nearest" });
      }
    } else if (status && !kies) {
      status.focus({ preventScroll: true });
      // On a phone the figures are below the map: show the line that says what changed.
      var boven = status.getBoundingClientRect();
      if (boven.bottom < 0 || boven.top > window.innerHeight) {
        status.scrollIntoView({ block: "start" });
      }
    }
    window.requestAnimationFrame(function () {
      var detail = { server: data.ms, totaal: window.performance.now() - begin };
      werkblad.setAttribute("data-getekend", String(Number(werkblad.getAttribute("data-getekend") || 0) + 1));
      document.dispatchEvent(new CustomEvent("plan:getekend", { detail: detail }));
    });
  }

  function stuur(velden, bron) {
    var begin = window.performance.now();
    velden.set("csrf", csrf);
    if (bezig) { bezig.abort(); }
    var deze = window.AbortController ? new AbortController() : null;
    bezig = deze;
    werkblad.setAttribute("aria-busy", "true");
    window.fetch(doel, {
      method: "POST",
      body: velden,
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      signal: deze ? deze.signal : undefined
    }).then(function (antwoord) {
      var type = antwoord.headers.get("content-type") || "";
      if ((antwoord.ok || antwoord.status === 400) && type.indexOf("application/json") === 0) {
        return antwoord.json();
      }
      throw new Error("status " + antwoord.status);
    }).then(function (data) {
      if (!data.delen) {  // the state itself could not be read: show why
        if (status) { status.textContent = data.fout || ""; status.classList.add("fout"); }
        return;
      }
      teken(data, begin, bron);
    }).catch(function (fout) {
      if (fout && fout.name === "AbortError") { return; }
      gewoon(bron);
    }).then(function () {
      if (bezig === deze) { bezig = null; werkblad.removeAttribute("aria-busy"); }
    });
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[data-plan]") : null;
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) {
      return;
    }
    var href = link.getAttribute("href") || "";
    var vraag = href.indexOf("?");
    if (vraag < 0) { return; }
    e.preventDefault();
    stuur(new URLSearchParams(href.slice(vraag + 1).split("#")[0]), link);
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-plan")) { return; }
    e.preventDefault();
    var velden = new URLSearchParams();
    new FormData(form).forEach(function (waarde, naam) { velden.append(naam, waarde); });
    stuur(velden, form);
  });

  // The map's profiel and leerweg follow the choice at once.
  document.addEventListener("change", function (e) {
    var form = e.target.form;
    if (form && form.getAttribute("data-plan") === "filter" && e.target.tagName === "SELECT") {
      if (form.requestSubmit) { form.requestSubmit(); }
    }
  });
})();
