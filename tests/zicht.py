"""What a reader sees, measured: the probes and text rules of tests/test_zicht.py.

Text rules (``ontwikkelaarstekst``): a raw identifier (a column or indicator name of
``INDICATORS`` with an underscore, a warehouse table, view or sequence of ``schema/*.sql`` that
is not a plain Dutch word), a command (``sto`` + one of its subcommands, ``./dev``, a
``--flag``) or a path (``docs/``, ``.py``, ``../``, ``/tmp/``, ...) in text meant for readers.

Browser probes (JavaScript run in the page): the visible text grouped per block element, with
a short CSS path to say where it is; the charts, maps and figures and what they draw; text
clipped by its box, and boxes past the right edge of the viewport.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sto_monitor.cli import cli
from sto_monitor.indicators.registry import INDICATORS

if TYPE_CHECKING:
    from playwright.sync_api import Page

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "sto_monitor" / "schema"
SCHEMA_NAAM = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW|SEQUENCE|MACRO)\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)\"?",
    re.I,
)
# Table names without an underscore that are ordinary Dutch words: a page may say "leerlingen".
NEDERLANDS = frozenset(
    {
        "bron",
        "docenten",
        "doorstroom",
        "examenkandidaten",
        "examens",
        "gemeente",
        "grens",
        "leerlingen",
        "leerweg",
        "profiel",
        "regio",
        "scenario",
        "vestiging",
    }
)
# "PC4" is the Dutch abbreviation (postcodegebied); the lowercase table name is not.
HOOFDLETTERGEVOELIG = frozenset({"pc4"})

PAD = re.compile(
    r"(?:(?<![\w.])docs/|\w\.(?:py|sql|toml|duckdb)\b|\.\./|(?<!\w)/tmp/|\bshared/data\b"
    r"|(?<![\w/])\.venv\b)"
)
VLAG = re.compile(r"(?<![\w\-\u2013\u2014])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*\b")


@cache
def schema_namen() -> frozenset[str]:
    """Every table, view, sequence and macro the warehouse schema creates."""
    namen: set[str] = set()
    for sql in sorted(SCHEMA.glob("*.sql")):
        namen.update(m.group(1).lower() for m in SCHEMA_NAAM.finditer(sql.read_text()))
    return frozenset(namen)


@cache
def identificatoren() -> frozenset[str]:
    """Names a reader should never see: column and indicator names with an underscore, the
    warehouse's tables that are not plain Dutch words, and the stored results ``ind_<naam>``
    (``sto build``)."""
    namen = {n for i in INDICATORS for n in (i.naam, *i.kolommen) if "_" in n}
    namen |= {f"ind_{i.naam}" for i in INDICATORS}
    namen |= {t for t in schema_namen() if "_" in t or t not in NEDERLANDS}
    return frozenset(namen)


@cache
def _identificator_patroon() -> tuple[re.Pattern[str], re.Pattern[str]]:
    gevoelig = sorted((n for n in identificatoren() if n in HOOFDLETTERGEVOELIG), key=len)
    rest = sorted((n for n in identificatoren() if n not in HOOFDLETTERGEVOELIG), key=len)

    def patroon(namen: list[str], flags: int) -> re.Pattern[str]:
        alternatief = "|".join(re.escape(n) for n in reversed(namen))
        # a whole name, also in a URL path, but not a part of a file name (sto-leerling-pc4.csv)
        return re.compile(rf"(?<![A-Za-z0-9_.\-])(?:{alternatief})(?![A-Za-z0-9_\-]|\.\w)", flags)

    return patroon(rest, re.I), patroon(gevoelig, 0)


@cache
def commando() -> re.Pattern[str]:
    sub = "|".join(re.escape(c) for c in sorted(cli.commands, key=len, reverse=True))
    return re.compile(rf"(?:\bsto\s+(?:{sub})(?![\w-])|(?<![\w/.])\./dev\b)")


@dataclass(frozen=True)
class Vondst:
    soort: str  # "identificator", "commando", "vlag" or "pad"
    gevonden: str
    context: str

    def __str__(self) -> str:
        return f"{self.soort} {self.gevonden!r} in …{self.context}…"


def ontwikkelaarstekst(tekst: str) -> list[Vondst]:
    """Every identifier, command, flag and path in ``tekst``, with 40 characters around it."""
    tekst = re.sub(r"\s+", " ", tekst)
    regels: list[tuple[str, re.Pattern[str]]] = [
        ("commando", commando()),
        ("vlag", VLAG),
        ("pad", PAD),
        *(("identificator", p) for p in _identificator_patroon()),
    ]
    vondsten = []
    for soort, patroon in regels:
        for m in patroon.finditer(tekst):
            context = tekst[max(0, m.start() - 40) : m.end() + 40].strip()
            vondsten.append(Vondst(soort, m.group(0), context))
    return vondsten


# ---------------------------------------------------------------- browser probes

# A short CSS path of an element (ids stop the walk), used by every probe below.
_PAD_JS = """
const pad = (el) => {
  const delen = [];
  for (let e = el; e && e.nodeType === 1 && delen.length < 5; e = e.parentElement) {
    let s = e.tagName.toLowerCase();
    if (e.id) { delen.unshift(s + '#' + e.id); break; }
    const klassen = [...e.classList].filter(k => !k.startsWith('role-')).slice(0, 2);
    if (klassen.length) s += '.' + klassen.join('.');
    const p = e.parentElement;
    if (p) {
      const zelfde = [...p.children].filter(c => c.tagName === e.tagName);
      if (zelfde.length > 1) s += `:nth-of-type(${zelfde.indexOf(e) + 1})`;
    }
    delen.unshift(s);
  }
  return delen.join(' > ');
};
const zichtbaar = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
"""

# The text a reader gets: text nodes of rendered elements joined per block (so that
# "sto <code>ingest</code>" is one text), select options, tooltips (title attributes, SVG
# <title>), labels read aloud (aria-label, alt) and the captions of buttons. Input values
# (a permalink, a search term) are what the reader typed or a URL, not text of the page.
ZICHTBARE_TEKST = (
    "() => {"
    + _PAD_JS
    + """
  const blokken = new Map();
  const blok = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      if (e instanceof SVGElement) { if (e.tagName === 'text') return e; continue; }
      const d = getComputedStyle(e).display;
      if (d !== 'inline' && d !== 'contents') return e;
    }
    return document.body;
  };
  const overslaan = 'script, style, noscript, template, datalist, svg title, svg desc';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.nodeValue.trim() || el.closest(overslaan) || !zichtbaar(el)) continue;
    const b = blok(el);
    blokken.set(b, (blokken.get(b) || '') + n.nodeValue);
  }
  const uit = [...blokken].map(([b, t]) => ({bron: 'tekst', waar: pad(b), tekst: t}));
  for (const s of document.querySelectorAll('select')) {
    if (!zichtbaar(s)) continue;
    const t = [...s.options].map(o => o.label || o.text).join(' | ');
    uit.push({bron: 'keuzelijst', waar: pad(s), tekst: t});
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], img[alt], ' +
       'input[type=submit], input[type=button], svg title')) {
    const doel = el.tagName === 'title' ? el.parentElement : el;
    if (!doel || el.closest('script, style, template') || !zichtbaar(doel)) continue;
    if (el.tagName === 'title') { uit.push({bron: 'tooltip', waar: pad(doel),
                                            tekst: el.textContent}); continue; }
    for (const a of ['title', 'aria-label', 'alt', 'value']) {
      if (a === 'value' && el.tagName !== 'INPUT') continue;
      const v = el.getAttribute(a);
      if (v && v.trim()) uit.push({bron: a === 'title' ? 'tooltip' : a, waar: pad(el), tekst: v});
    }
  }
  return uit;
}"""
)

# Open every <details>: its content is text a reader can open, so it is measured open.
OPEN_ALLES = """() => { document.querySelectorAll('details').forEach(d => { d.open = true; }); }"""

# Wait until every chart the page asks vega-embed to draw is drawn or has failed.
GRAFIEKEN_KLAAR = """() => [...document.querySelectorAll('script[data-grafiek]')].every(s => {
  const doel = document.getElementById(s.getAttribute('data-grafiek'));
  return !doel || doel.getAttribute('data-getekend') === 'ja' || !doel.querySelector('svg, canvas')
    && doel.textContent.trim() !== '' && !doel.querySelector('*');
})"""

# Every chart container (a target of script[data-grafiek], or .vega), map (svg.kaart) and
# <figure>, with what it draws: shapes with an area (bounding box > 0) that are data marks
# (not an axis, legend or title), painted canvas pixels, loaded images, table rows.
FIGUREN = (
    "() => {"
    + _PAD_JS
    + """
  const vorm = 'path, rect, circle, ellipse, line, polyline, polygon, text, image, use';
  const getekend = (el) => {
    try {
      const b = el.getBBox();
      if (b.width <= 0 && b.height <= 0) return false;
    } catch (e) { return false; }
    if (el.tagName === 'path' && !(el.getAttribute('d') || '').trim()) return false;
    return zichtbaar(el);
  };
  const markeringen = (svg) => [...svg.querySelectorAll(vorm)].filter(el => {
    if (el.closest('.role-axis, .role-legend, .role-title, defs, clipPath'))
      return false;
    if (svg.querySelector('.role-mark') && !el.closest('.role-mark')) return false;
    return getekend(el);
  }).length;
  const geverfd = (c) => {
    try {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
    } catch (e) { return null; }
    return false;
  };
  const inhoud = (el) => {
    const svgs = [...el.querySelectorAll('svg')].filter(zichtbaar);
    const canvas = [...el.querySelectorAll('canvas')].filter(zichtbaar);
    const img = [...el.querySelectorAll('img')].filter(i => zichtbaar(i));
    const rijen = [...el.querySelectorAll('table tbody tr')].filter(r =>
      zichtbaar(r) && r.textContent.trim());
    return {
      svg: svgs.length, markeringen: svgs.reduce((n, s) => n + markeringen(s), 0),
      canvas: canvas.length, geverfd: canvas.filter(c => geverfd(c)).length,
      img: img.length, geladen: img.filter(i => i.complete && i.naturalWidth > 0).length,
      rijen: rijen.length,
    };
  };
  const hoogte = (el) => Math.round(el.getBoundingClientRect().height);
  const uit = [];
  const grafieken = new Set(document.querySelectorAll('.vega'));
  for (const s of document.querySelectorAll('script[data-grafiek]')) {
    const doel = document.getElementById(s.getAttribute('data-grafiek'));
    uit.push(doel ? null : {soort: 'grafiek', waar: 'script[data-grafiek="' +
      s.getAttribute('data-grafiek') + '"]', ontbreekt: true});
    if (doel) grafieken.add(doel);
  }
  for (const g of grafieken) {
    uit.push({soort: 'grafiek', waar: pad(g), getekend: g.getAttribute('data-getekend'),
              tekst: g.textContent.trim().slice(0, 120), hoogte: hoogte(g), ...inhoud(g)});
  }
  for (const k of document.querySelectorAll('svg.kaart')) {
    uit.push({soort: 'kaart', waar: pad(k), hoogte: hoogte(k), svg: 1,
              markeringen: markeringen(k)});
  }
  for (const f of document.querySelectorAll('figure')) {
    if (!zichtbaar(f)) continue;
    const cap = f.querySelector(':scope > figcaption');
    const kop = cap ? cap.textContent.replace(/\\s+/g, ' ').trim().slice(0, 100) : '';
    const rest = [...f.children].filter(c => c.tagName !== 'FIGCAPTION' && zichtbaar(c));
    const h = rest.reduce((n, c) => n + c.getBoundingClientRect().height, 0);
    uit.push({soort: 'figuur', waar: pad(f), onderschrift: kop, hoogte: Math.round(h),
              tekst: rest.map(c => c.textContent).join(' ').replace(/\\s+/g, ' ').trim()
                .slice(0, 120), ...inhoud(f)});
  }
  return uit.filter(x => x);
}"""
)

# Text cut off by its own box (overflow hidden/clip, also text-overflow: ellipsis) and boxes
# past the right edge of the viewport that no horizontally scrollable container holds.
OVERLOOP = (
    "() => {"
    + _PAD_JS
    + """
  const breedte = window.innerWidth;
  const knipt = (w) => w === 'hidden' || w === 'clip';
  const rolt = (w) => w === 'auto' || w === 'scroll';
  const visueelVerborgen = (el, r) => r.width <= 1 || r.height <= 1;
  const afgekapt = [], buiten = [];
  const gemeld = new Set();
  const tekst = (el) => (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('script, style, template, noscript, head')) continue;
    if (el.parentElement && el.parentElement.closest('svg')) continue;  // the svg itself counts
    if (!zichtbaar(el)) continue;
    const r = el.getBoundingClientRect();
    if (visueelVerborgen(el, r)) continue;
    const cs = getComputedStyle(el);
    const formulier = ['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(el.tagName);
    if (!formulier && el instanceof HTMLElement && el.textContent.trim()) {
      if (knipt(cs.overflowX) && el.scrollWidth > el.clientWidth + 1)
        afgekapt.push({waar: pad(el), richting: 'breedte', scroll: el.scrollWidth,
                       client: el.clientWidth, tekst: tekst(el).slice(0, 80)});
      if (knipt(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)
        afgekapt.push({waar: pad(el), richting: 'hoogte', scroll: el.scrollHeight,
                       client: el.clientHeight, tekst: tekst(el).slice(0, 80)});
    }
    if (r.right > breedte + 1 && r.left < breedte) {
      let houder = null;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        if (gemeld.has(a)) { houder = 'gemeld'; break; }
        const acs = getComputedStyle(a);
        if (rolt(acs.overflowX) && a !== document.body) { houder = 'rolt'; break; }
        if (knipt(acs.overflowX) && a.getBoundingClientRect().right <= breedte + 1) {
          houder = 'knipt'; break;
        }
      }
      if (!houder) {
        gemeld.add(el);
        buiten.push({waar: pad(el), rechts: Math.round(r.right), breedte,
                     tekst: tekst(el).slice(0, 80)});
      }
    }
  }
  return {
    pagina: {scrollWidth: document.documentElement.scrollWidth, innerWidth: breedte},
    afgekapt, buiten,
  };
}"""
)

AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({doel: n.target.map(t => [].concat(t).join(' >>> ')).join(' '),
                              html: n.html.slice(0, 160),
                              samenvatting: (n.failureSummary || '').replace(/\\s+/g, ' ')})),
  }));
}"""


# ---------------------------------------------------------------- photographing a page

ARTEFACTEN = Path(__file__).resolve().parents[1] / "build" / "artefacten"
AXE_JS = ARTEFACTEN.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BREEDTES = (1366, 375)


def bekijk(page: Page, naam: str, *, axe_url: str, tekst: bool = True) -> list[str]:
    """Photograph the page at desktop and phone width (``build/artefacten/{naam}-{breedte}.png``)
    and say what is wrong: wider than the screen, developer words in the text (``tekst``), and
    what axe-core finds, where it is installed (the test answers ``axe_url`` with ``AXE_JS``)."""
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    problemen = []
    for breedte in BREEDTES:
        page.set_viewport_size({"width": breedte, "height": 900})
        page.screenshot(path=str(ARTEFACTEN / f"{naam}-{breedte}.png"), full_page=True)
        breed = page.evaluate("() => document.documentElement.scrollWidth")
        if breed > breedte:
            problemen.append(f"{naam} @ {breedte}px is {breed}px breed")
    page.set_viewport_size({"width": 1366, "height": 900})
    if tekst:
        problemen += [f"{naam}: {v}" for v in ontwikkelaarstekst(page.inner_text("main"))]
    if AXE_JS.is_file():
        page.add_script_tag(url=axe_url)
        for fout in page.evaluate(AXE):
            problemen.append(f"{naam}: axe {fout['id']} ({fout['impact']}): {fout['help']}")
    return problemen
