"""Harvest open learning material for technical vmbo from national repositories over OAI-PMH.

Edurep (Kennisnet) and Wikiwijs publish the metadata of open learning material over OAI-PMH,
as Dublin Core (``oai_dc``) and as NL LOM (``lom``). :func:`oogst` asks a source for
``ListRecords`` with the source's metadataPrefix (and set), incrementally: ``from`` is the
``until`` of the source's last complete run (kept in ``kennis_oogst_bron``), ``until`` is now.
The paging with resumption tokens is the ``sickle`` client's; nothing here reads XML by hand.

Per record:

- ``status="deleted"`` in the header: the item it became is taken off (audited), see
  ``opslag.verwijder_geoogst``; search no longer finds it.
- Kept only when it is about technical vmbo: its title, description, subjects, types and
  levels together name a term of :data:`VMBO_TERMEN` *and* a term of :data:`TECHNIEK_TERMEN`
  (each term matches the start of a word, so "bouw" matches "bouwtechniek"). The rule is
  data: change the tuples, not the code.
- Kept only with a Creative Commons licence the kennisbank knows (``item.LICENTIES``: CC0 and
  the CC 4.0 family), named in ``dc:rights`` as a creativecommons.org address or as e.g.
  "CC BY-SA 4.0". Material under another or no licence is skipped and counted
  (``Verslag.zonder_licentie``): the kennisbank shares open material only, and claiming a
  licence the provider did not give would be wrong, so there is no "onbekend" licence.
- Mapped to an :class:`Item`: title, the description as plain text escaped into the safe
  Markdown (plus a line naming the source), soort ``lesmateriaal``, regio ``landelijk``,
  theme ``aandacht.leeromgeving``, profielen and leerwegen from the terms found (all vmbo
  leerwegen when none is named), and the record's web address as link.
- Stored published (``opslag.importeer``): the source is a named, curated national repository,
  so the national team does not moderate its material again; the audit log names the source.

LOM (``lom``) would map the same way: ``general/title`` and ``general/description`` (langstring
per language), ``general/keyword`` and ``classification/taxonPath`` (the vdex learning levels
and subjects of the NL LOM profile) as the filter's text, ``educational/context`` for the
leerweg, ``rights/description`` or ``rights/copyrightAndOtherRestrictions`` for the licence,
``technical/location`` for the link. Only ``oai_dc`` is mapped here.
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisOogstBron, KennisOogstRecord, nu
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import opslag
from sto_monitor.kennisbank.item import LINK, MAX_SAMENVATTING, MAX_TITEL, Item

with warnings.catch_warnings():
    # sickle 0.7's regexes have escapes Python 3.11 warns about when it first compiles them.
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from sickle import Sickle  # type: ignore[import-untyped]
    from sickle.oaiexceptions import NoRecordsMatch  # type: ignore[import-untyped]


@dataclass(frozen=True)
class Bron:
    """An OAI-PMH source: its name (also the key of its harvest state), base URL, the
    metadataPrefix to ask for, and an optional set."""

    naam: str
    basis_url: str
    metadata_prefix: str = "oai_dc"
    set: str | None = None


# Edurep's OAI-PMH endpoint as harvesters use it (it offers ``lom`` and ``oai_dc``). Wikiwijs
# material is catalogued in Edurep (Edurep is the system behind Wikiwijs), so Wikiwijs is
# Edurep's endpoint narrowed to a set. Confirm the address and the set name with Kennisnet
# before a first production run (``sto kennisbank oogst --adres`` overrides the address).
# Tests never call them: they run their own server on loopback.
EDUREP_OAI = "http://oai.edurep.kennisnet.nl:8001/edurep/oai"
EDUREP = Bron("Edurep", EDUREP_OAI, "oai_dc")
WIKIWIJS = Bron("Wikiwijs", EDUREP_OAI, "oai_dc", set="wikiwijsmaken")
BRONNEN: Mapping[str, Bron] = {"edurep": EDUREP, "wikiwijs": WIKIWIJS}

# The filter to technical vmbo (see the module docstring): word starts, lower case, no accents.
VMBO_TERMEN: tuple[str, ...] = ("vmbo", "voorbereidend middelbaar beroepsonderwijs")
TECHNIEK_TERMEN: tuple[str, ...] = (
    "techniek",
    "technologie",
    "technisch",
    "bouw",
    "wonen",
    "interieur",
    "hout",
    "elektro",
    "installatie",
    "installeren",
    "energie",
    "metaal",
    "lassen",
    "produceren",
    "mobiliteit",
    "transport",
    "motorvoertuig",
    "maritiem",
    "ict",
    "programmeren",
)
# Terms that name a technical profiel (``sto_monitor.domain.PROFIEL_CODES``).
PROFIEL_TERMEN: Mapping[str, tuple[str, ...]] = {
    "BWI": ("bouw", "wonen", "interieur", "hout"),
    "PIE": ("elektro", "installatie", "installeren", "energie", "metaal", "lassen", "produceren"),
    "MVI": ("mobiliteit", "transport", "motorvoertuig"),
    "M&T": ("maritiem",),
    "MaT": ("ict", "programmeren", "media"),
}
# Terms that name a vmbo leerweg; none named: every vmbo leerweg.
LEERWEG_TERMEN: Mapping[str, tuple[str, ...]] = {
    "vmbo_bb": ("basisberoeps", "vmbo-b", "vmbo b"),
    "vmbo_kb": ("kaderberoeps", "vmbo-k", "vmbo k"),
    "vmbo_gl": ("gemengde leerweg", "vmbo-g"),
    "vmbo_tl": ("theoretische leerweg", "vmbo-t"),
}
THEMA = "aandacht.leeromgeving"  # "Andere inhoud technisch onderwijs/andere leeromgevingen"
WIE = beleid.terminal("oogst").wie
_MARKDOWN_TEKEN = re.compile(r"([\\`*_\[\]{}()#+\-.!|<>~])")
_CC_ADRES = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)", re.I)
_CC_TEKST = re.compile(r"\bcc[ -]?(0|by(?:[ -](?:nc|sa|nd))*)(?:[ -]?(\d\.\d))?", re.I)


@dataclass(frozen=True)
class Verslag:
    """What a harvest run did, for the terminal and the log."""

    bron: str
    vanaf: datetime | None
    tot: datetime
    nieuw: int = 0
    bijgewerkt: int = 0
    verwijderd: int = 0
    niet_technisch_vmbo: int = 0
    zonder_licentie: int = 0


def _plat(tekst: str) -> str:
    tekst = unicodedata.normalize("NFKD", tekst.lower())
    return " ".join("".join(c for c in tekst if not unicodedata.combining(c)).split())


def _noemt(tekst: str, termen: Sequence[str]) -> bool:
    return any(re.search(r"(?<![a-z0-9])" + re.escape(t), tekst) for t in termen)


def _eerste(metadata: Mapping[str, Sequence[str | None]], veld: str) -> str:
    return next((w.strip() for w in metadata.get(veld) or () if w and w.strip()), "")


def licentie(rechten: Sequence[str | None]) -> str | None:
    """The kennisbank's licence code named in ``dc:rights``, or None when none is known."""
    for regel in (r for r in rechten if r):
        adres = _CC_ADRES.search(regel)
        if adres:
            soort, variant, versie = adres.group(1).lower(), adres.group(2).lower(), adres.group(3)
            if soort == "publicdomain":
                return "CC0-1.0" if variant == "zero" and versie == "1.0" else None
            return f"CC-{variant.upper()}-4.0" if versie == "4.0" else None
        tekst = _CC_TEKST.search(regel)
        if tekst:
            variant, versie = tekst.group(1).upper().replace(" ", "-"), tekst.group(2)
            if variant == "0":
                return "CC0-1.0"
            return f"CC-{variant}-4.0" if versie == "4.0" else None
    return None


def _markdown(tekst: str) -> str:
    """Plain text (HTML tags dropped, entities decoded) escaped into Markdown, paragraphs kept."""
    tekst = html.unescape(re.sub(r"<[^>]*>", " ", tekst))
    alineas = [" ".join(a.split()) for a in re.split(r"\n\s*\n", tekst)]
    return "\n\n".join(_MARKDOWN_TEKEN.sub(r"\\\1", a) for a in alineas if a)


def naar_item(bron: Bron, metadata: Mapping[str, Sequence[str | None]]) -> Item | None:
    """The kennisbank item of an ``oai_dc`` record, or None when it is not technical vmbo."""
    titel = _eerste(metadata, "title")
    beschrijving = "\n\n".join(w for w in metadata.get("description") or () if w)
    velden = ("title", "description", "subject", "type", "coverage", "audience")
    tekst = _plat(" ".join(w for v in velden for w in metadata.get(v) or () if w))
    if not titel or not _noemt(tekst, VMBO_TERMEN) or not _noemt(tekst, TECHNIEK_TERMEN):
        return None
    profielen = tuple(p for p, t in PROFIEL_TERMEN.items() if _noemt(tekst, t))
    niveaus = tuple(n for n, t in LEERWEG_TERMEN.items() if _noemt(tekst, t)) or tuple(
        LEERWEG_TERMEN
    )
    regel = f"Overgenomen uit {bron.naam}."
    samenvatting = _markdown(beschrijving)[: MAX_SAMENVATTING - len(regel) - 2].rstrip("\\")
    links = [w.strip() for w in metadata.get("identifier") or () if w and LINK.match(w.strip())]
    return Item(
        titel=" ".join(titel.split())[:MAX_TITEL],
        samenvatting=f"{samenvatting}\n\n{regel}" if samenvatting else regel,
        soort="lesmateriaal",
        licentie=licentie(metadata.get("rights") or ()) or "",
        regios=(opslag.LANDELIJK,),
        profielen=profielen,
        themas=(THEMA,),
        niveaus=niveaus,
        links=tuple(links[:1]),
    )


def _oai_tijd(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def laatst_tot(db: AppDatabase, bron: Bron) -> datetime | None:
    """The ``until`` of the source's last complete run, or None before its first."""
    with db.transactie() as session:
        rij = session.get(KennisOogstBron, bron.naam)
        return None if rij is None else rij.laatst_tot


def _verwerk(
    session: Session, bron: Bron, identifier: str, datestamp: str, item: Item | None
) -> str:
    """One record in its own transaction: 'nieuw', 'bijgewerkt', 'verwijderd' or 'overgeslagen'."""
    gezien = session.get(KennisOogstRecord, (bron.naam, identifier))
    if item is None:
        if gezien is None:
            return "overgeslagen"
        opslag.verwijder_geoogst(session, WIE, gezien.item_id, bron=bron.naam)
        gezien.datestamp = datestamp
        return "verwijderd"
    k = opslag.importeer(
        session, WIE, item, bestaand=None if gezien is None else gezien.item_id, bron=bron.naam
    )
    if gezien is None:
        session.add(
            KennisOogstRecord(
                bron=bron.naam, identifier=identifier, item_id=k.id, datestamp=datestamp
            )
        )
        return "nieuw"
    gezien.datestamp = datestamp
    return "bijgewerkt"


def oogst(
    db: AppDatabase, bron: Bron, *, vanaf: datetime | None = None, tot: datetime | None = None
) -> Verslag:
    """Harvest ``bron`` from ``vanaf`` (default: the until of its last run; none: everything)
    to ``tot`` (default: now), and remember ``tot`` as the next run's from. Each record is its
    own transaction; the harvest state is written only after the last page, so an interrupted
    run is simply repeated (records are matched by identifier, so nothing doubles)."""
    if bron.metadata_prefix != "oai_dc":
        raise ParameterError(
            f"Alleen Dublin Core (oai_dc) wordt overgenomen, niet {bron.metadata_prefix!r}."
        )
    vanaf = vanaf if vanaf is not None else laatst_tot(db, bron)
    tot = (tot or nu()).astimezone(UTC).replace(microsecond=0)
    if vanaf is not None and vanaf > tot:
        raise ParameterError("De oogst kan niet later beginnen dan zij eindigt.")
    vraag: dict[str, str] = {"metadataPrefix": bron.metadata_prefix, "until": _oai_tijd(tot)}
    if vanaf is not None:
        vraag["from"] = _oai_tijd(vanaf)
    if bron.set:
        vraag["set"] = bron.set
    tellers = dict.fromkeys(("nieuw", "bijgewerkt", "verwijderd", "niet", "licentie"), 0)
    try:
        records = Sickle(bron.basis_url, timeout=60).ListRecords(**vraag)
        for record in records:
            reden, item = "", None
            if not record.deleted:
                item = naar_item(bron, record.metadata)
                reden = "niet" if item is None else "" if item.licentie else "licentie"
                item = item if not reden else None
            with db.transactie() as session:
                uitkomst = _verwerk(
                    session,
                    bron,
                    str(record.header.identifier),
                    str(record.header.datestamp or ""),
                    item,
                )
            if uitkomst != "overgeslagen":
                tellers[uitkomst] += 1
            elif reden:
                tellers[reden] += 1
    except NoRecordsMatch:
        pass
    with db.transactie() as session:
        staat = session.get(KennisOogstBron, bron.naam)
        if staat is None:
            session.add(KennisOogstBron(bron=bron.naam, laatst_tot=tot, gewijzigd=nu()))
        else:
            staat.laatst_tot, staat.gewijzigd = tot, nu()
    return Verslag(
        bron=bron.naam,
        vanaf=vanaf,
        tot=tot,
        nieuw=tellers["nieuw"],
        bijgewerkt=tellers["bijgewerkt"],
        verwijderd=tellers["verwijderd"],
        niet_technisch_vmbo=tellers["niet"],
        zonder_licentie=tellers["licentie"],
    )
