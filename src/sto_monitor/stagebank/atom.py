"""A search for internship places as an Atom 1.0 feed (RFC 4287), so a school or student
can follow it in any feed reader.

Built with ``xml.etree`` (escaping done by the library). The feed's ``id`` is its own address
(the search's query in a fixed order), each entry's ``id`` a ``tag:`` URI of the place (RFC
4151) that never changes when the place is edited, and ``updated`` the time the place was
published or last changed, so a reader shows a changed place again. The feed's ``updated`` is
the newest of those (or a fixed moment for an empty feed, so its bytes do not change).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sto_monitor import domain
from sto_monitor.publicatie.taal import datum
from sto_monitor.stagebank.zoeken import Treffer

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
LEEG_MOMENT = datetime(2026, 1, 1, tzinfo=UTC)  # updated of a feed without entries
PROFIEL_NAAM = {p.code: p.naam for p in domain.PROFIELEN}


def _tijd(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _sub(ouder: ET.Element, naam: str, tekst: str | None = None, **attr: str) -> ET.Element:
    el = ET.SubElement(ouder, f"{{{ATOM}}}{naam}", attr)
    if tekst is not None:
        el.text = tekst
    return el


def tag_id(basis_url: str, plaats_id: int) -> str:
    """tag:host,2026:stagebank/plaats/12 — stable for the life of the place."""
    host = urlsplit(basis_url).hostname or "localhost"
    return f"tag:{host},2026:stagebank/plaats/{plaats_id}"


def samenvatting(t: Treffer) -> str:
    profielen = ", ".join(PROFIEL_NAAM.get(p, p) for p in t.profielen)
    plaatsen = "1 plaats" if t.aantal == 1 else f"{t.aantal} plaatsen"
    return (
        f"{t.bedrijf} in {t.plaats}, op {t.afstand}. {profielen}. "
        f"Van {datum(t.begin)} tot en met {datum(t.eind)}; {plaatsen}."
    )


def feed(
    treffers: Sequence[tuple[Treffer, datetime]],
    *,
    basis_url: str,
    titel: str,
    zelf: str,
    pagina: str,
) -> bytes:
    """The feed: ``zelf`` its own address, ``pagina`` the search page (both absolute)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "nl"})
    _sub(root, "id", zelf)
    _sub(root, "title", titel)
    nieuwste = max((m for _, m in treffers), default=LEEG_MOMENT)
    _sub(root, "updated", _tijd(nieuwste))
    _sub(root, "link", rel="self", type=MEDIA_TYPE, href=zelf)
    _sub(root, "link", rel="alternate", type="text/html", href=pagina)
    auteur = _sub(root, "author")
    _sub(auteur, "name", "STO Monitor, stagebank")
    _sub(root, "generator", "STO Monitor")
    for t, moment in treffers:
        entry = _sub(root, "entry")
        _sub(entry, "id", tag_id(basis_url, t.plaats_id))
        _sub(entry, "title", f"{t.titel} bij {t.bedrijf} ({t.afstand})")
        _sub(entry, "updated", _tijd(moment))
        _sub(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=f"{basis_url}/stagebank/plaats/{t.plaats_id}",
        )
        _sub(entry, "summary", samenvatting(t), type="text")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data
