"""From a :class:`~sto_monitor.reports.onderdelen.Rapport` to a self-contained HTML file and a PDF.

HTML: one Jinja template for every report, the style sheet inlined, every chart drawn to SVG
by ``vl-convert-python`` from the same Vega-Lite spec the dashboard draws in the browser, maps
as the SVG ``publicatie.kaart`` draws. Nothing is loaded from anywhere: the file can be mailed.

PDF: WeasyPrint, not headless Chromium. WeasyPrint implements CSS Paged Media, which the
report needs and Chromium's print does not: page numbers in the table of contents
(``target-counter``), running footers with "pagina X van Y", PDF bookmarks from the headings.
It needs no browser process (a region renders in well under a second, also inside the worker
processes of ``batch.py``) and only Pango from the system.

Reproducible: the same data gives the same bytes. The only date in a report is
:func:`rapportdatum` (given, or ``SOURCE_DATE_EPOCH``, or today); nothing else varies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import vl_convert
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.definities import Definitie
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, NOTATIE
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.publicatie.tekst import datum, schooljaar
from sto_monitor.reports.onderdelen import MONITORRAPPORT, PROGRAMMA, Figuur, Rapport

FORMATEN: tuple[str, ...] = ("html", "pdf")


def rapportdatum(datum: str | None = None) -> dt.date:
    """The one date a report states: ``datum`` (YYYY-MM-DD), ``SOURCE_DATE_EPOCH``, or today.

    ``SOURCE_DATE_EPOCH`` is the reproducible-builds convention: set it and a rerun on the
    same data gives byte-identical files on any day.
    """
    if datum:
        try:
            return dt.date.fromisoformat(datum)
        except ValueError:
            raise ParameterError(f"ongeldige datum {datum!r}: schrijf JJJJ-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except ValueError:
            raise ParameterError(f"SOURCE_DATE_EPOCH {epoch!r} is geen geheel getal") from None
    return dt.date.today()


def cel(value: object) -> Markup:
    """A published cell in Dutch notation; ``<5`` and ``x`` keep their meaning in a footnote."""
    text = weergave(value)
    if text in (KLEIN, GEHEIM):
        return Markup('<span class="afgeschermd">{}</span>').format(text)
    return Markup.escape(text)


def periode(jaren: Sequence[int]) -> str:
    """The school years of the data in words: "2019/2020 tot en met 2024/2025"."""
    if not jaren:
        return "geen gegevens geladen"
    eerste, laatste = min(jaren), max(jaren)
    if eerste == laatste:
        return f"schooljaar {schooljaar(eerste)}"
    if sorted(jaren) == list(range(eerste, laatste + 1)):
        return f"schooljaar {schooljaar(eerste)} tot en met {schooljaar(laatste)}"
    namen = [schooljaar(j) for j in sorted(jaren)]
    return "schooljaren " + ", ".join(namen[:-1]) + " en " + namen[-1]


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def toegankelijk(svg: str, beschrijving: str) -> str:
    """The root ``<svg>`` as one image with a text alternative (axe rule ``svg-img-alt``).

    ``role="img"`` and an ``aria-label`` on the root, and a ``<title>`` as its first child for
    readers that take the name from there. A map from ``publicatie.kaart`` already has a role,
    a title and a description; it is returned as it is.
    """
    m = _SVG_OPEN.search(svg)
    if m is None or "role=" in m.group(1):
        return svg
    label = Markup.escape(beschrijving)
    kop = f'<svg{m.group(1)} role="img" aria-label="{label}"><title>{label}</title>'
    return svg[: m.start()] + kop + svg[m.end() :]


def figuur_svg(figuur: Figuur) -> Markup:
    """The figure as inline SVG: a chart drawn by vl-convert at the report's width, or a map."""
    if figuur.svg is not None:
        return Markup(toegankelijk(str(figuur.svg), figuur.beschrijving))
    if figuur.spec is None:
        return Markup("")
    spec = dict(figuur.spec)
    spec["width"] = figuur.breedte  # the dashboard's "container" width has no meaning on paper
    spec.pop("title", None)  # the caption above the figure carries the (numbered) title
    svg = _svg(_json(spec)).removeprefix('<?xml version="1.0" encoding="UTF-8"?>').strip()
    return Markup(toegankelijk(svg, figuur.beschrijving))


def _json(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)


@cache
def _svg(spec_json: str) -> str:
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


def voorverwarm() -> threading.Thread:
    """Load WeasyPrint and start vl-convert's JavaScript engine in the background (~1 s).

    For a run in this process only: call it before publishing the snapshot, so both overlap.
    Never before forking workers (an engine's threads do not survive a fork).
    """

    def warm() -> None:
        import weasyprint  # noqa: F401

        _svg(_json({"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {}}))

    thread = threading.Thread(target=warm, name="sto-voorverwarmen", daemon=True)
    thread.start()
    return thread


@cache
def _stijl() -> str:
    return resources.files("sto_monitor.reports").joinpath("templates/rapport.css").read_text()


ENV = Environment(
    loader=PackageLoader("sto_monitor.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters["cel"] = cel
ENV.filters["schooljaar"] = schooljaar
ENV.filters["datum"] = datum
ENV.filters["periode"] = periode
ENV.filters["definitie"] = lambda sleutel: Definitie.van(sleutel).beschrijving()
ENV.globals["figuur_svg"] = figuur_svg
ENV.globals["NOTATIE"] = NOTATIE
ENV.globals["KLEIN"] = KLEIN
ENV.globals["GEHEIM"] = GEHEIM
ENV.globals["SYNTHETISCH"] = SYNTHETISCH
ENV.globals["PROGRAMMA"] = PROGRAMMA
ENV.globals["MONITORRAPPORT"] = MONITORRAPPORT


def html(rapport: Rapport) -> str:
    """The report as one self-contained HTML document."""
    return ENV.get_template("rapport.html").render(r=rapport, stijl=Markup(_stijl()))


def pdf(html_tekst: str) -> bytes:
    """The HTML of a report as an A4 PDF (WeasyPrint; see the module docstring for why)."""
    import weasyprint  # here: loading Pango costs ~0.4 s, and only PDF output needs it

    document = weasyprint.HTML(string=html_tekst, base_url=None)
    result: bytes = document.write_pdf(pdf_identifier=b"sto-monitor", uncompressed_pdf=False)
    return result


def schrijf(
    rapport: Rapport, uit: Path, naam: str, formaten: Sequence[str] = FORMATEN
) -> list[Path]:
    """Write ``naam.html`` and/or ``naam.pdf`` into ``uit``; each file appears whole or not."""
    onbekend = [f for f in formaten if f not in FORMATEN]
    if onbekend:
        raise ParameterError(f"onbekend formaat {onbekend[0]!r}; kies uit {', '.join(FORMATEN)}")
    uit.mkdir(parents=True, exist_ok=True)
    tekst = html(rapport)
    geschreven = []
    for formaat in formaten:
        inhoud = tekst.encode() if formaat == "html" else pdf(tekst)
        doel = uit / f"{naam}.{formaat}"
        tijdelijk = doel.with_name(f".{doel.name}.tmp")
        tijdelijk.write_bytes(inhoud)
        tijdelijk.replace(doel)
        geschreven.append(doel)
    return geschreven
