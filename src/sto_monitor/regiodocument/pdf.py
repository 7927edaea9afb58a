"""A region's document as A4 PDF in the report style (WeasyPrint, as ``reports/opmaak.py``).

One template (``templates/document.html``) over the reports' style sheet and a few rules of
its own: a title page with the regio, the kind of document, the school year, the version (or
"concept") and its date, and "synthetisch" when the figures are generated; then every section
with the commission's question, the region's text and the figure tables as published, each
with its provenance. The date of a version is the day it was submitted, so the same version
gives the same bytes on any day; a draft takes today's (or ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sto_monitor.indicators.definities import Definitie
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, NOTATIE
from sto_monitor.publicatie.taal import SYNTHETISCH, datum, schooljaar
from sto_monitor.regiodocument.inhoud import Document
from sto_monitor.regiodocument.secties import Sectie
from sto_monitor.reports import opmaak
from sto_monitor.reports.onderdelen import PROGRAMMA
from sto_monitor.toelichting.opmaak import NL_TIJD, dag


def cel(tekst: str) -> Markup:
    """A published cell as it is; ``<5`` and ``x`` set apart as in the reports."""
    if tekst in (KLEIN, GEHEIM):
        return Markup('<span class="afgeschermd">{}</span>').format(tekst)
    return Markup.escape(tekst)


def alineas(tekst: str) -> Markup:
    """The region's plain text: a blank line starts a paragraph, a line end is kept."""
    delen = [a.strip() for a in tekst.replace("\r\n", "\n").split("\n\n") if a.strip()]
    return Markup("").join(
        Markup("<p>{}</p>\n").format(Markup("<br>\n").join(a.split("\n"))) for a in delen
    )


def _definitie(sleutel: str) -> str:
    try:
        return Definitie.van(sleutel).beschrijving()
    except (ValueError, TypeError, LookupError):
        return sleutel


ENV = Environment(
    loader=PackageLoader("sto_monitor.regiodocument", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters["cel"] = cel
ENV.filters["alineas"] = alineas
ENV.filters["datum"] = datum
ENV.filters["dag"] = dag
ENV.filters["schooljaar"] = schooljaar
ENV.filters["definitie"] = _definitie
ENV.globals.update(
    SYNTHETISCH=SYNTHETISCH, PROGRAMMA=PROGRAMMA, NOTATIE=NOTATIE, KLEIN=KLEIN, GEHEIM=GEHEIM
)


@cache
def _stijlen() -> tuple[str, str]:
    rapport = resources.files("sto_monitor.reports").joinpath("templates/rapport.css")
    eigen = resources.files("sto_monitor.regiodocument").joinpath("templates/document.css")
    return rapport.read_text("utf-8"), eigen.read_text("utf-8")


def groepen(d: Document) -> list[tuple[str, list[Sectie]]]:
    """The sections in runs of the same group (the evaluatie's two parts; "" for none)."""
    uit: list[tuple[str, list[Sectie]]] = []
    for s in d.soort.secties:
        if uit and uit[-1][0] == s.groep:
            uit[-1][1].append(s)
        else:
            uit.append((s.groep, [s]))
    return uit


def documentdatum(d: Document, gegeven: dt.date | None = None) -> dt.date:
    """The one date the document states: given, the day a version was submitted (Dutch
    time), or for a draft today (``SOURCE_DATE_EPOCH`` when set)."""
    if gegeven is not None:
        return gegeven
    if d.moment is not None and d.nummer is not None:
        return d.moment.astimezone(NL_TIJD).date()
    return opmaak.rapportdatum()


def html(d: Document, datum_: dt.date | None = None) -> str:
    rapport, eigen = _stijlen()
    return ENV.get_template("document.html").render(
        d=d,
        groepen=groepen(d),
        datum=documentdatum(d, datum_),
        stijl=Markup(rapport),
        eigen_stijl=Markup(eigen),
    )


def pdf(d: Document, datum_: dt.date | None = None) -> bytes:
    """The document as an A4 PDF."""
    return opmaak.pdf(html(d, datum_))
