"""Our own OAI-PMH 2.0 endpoint: others harvest the kennisbank's items (``GET /kennisbank/oai``).

:func:`antwoord` takes the request's arguments and gives the XML answer; the web module only
passes them on. What it offers:

- The six verbs; one metadata format, ``oai_dc`` (``oai_dc.py``); sets by kind of item
  (``soort:lesmateriaal``, …).
- Only our *own* items: what regions and schools contributed and the national team published.
  Items taken over from Edurep or Wikiwijs (``kennisbank.oogst``) are left out: their source
  already publishes them over OAI-PMH, and offering them again would hand an aggregator (Edurep
  itself, harvesting us) its own records back as duplicates.
- The datestamp of a record is the item's last change (``kennis_item.gewijzigd``, UTC, to the
  second); ``from`` and ``until`` are inclusive and take a day or a second.
- Deleted records, ``deletedRecord`` ``persistent``: an item that was published once and is not
  now (refused or taken off, or edited and waiting for moderation again) is a header with
  ``status="deleted"``; items are never removed from the database, so this stays known. It
  reappears as a normal record when the national team publishes it again.
- Lists come in pages of :data:`PAGINA` records, ordered by id; the resumption token is the
  arguments and the last id given, base64url JSON, so a page is the same whatever was written
  in between (new items have higher ids and come on a later page). An empty or undecodable
  token is ``badResumptionToken``.
- OAI errors are answers (HTTP 200) with the protocol's error codes.
"""

from __future__ import annotations

import base64
import binascii
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisItem, KennisOogstRecord, nu
from sto_monitor.kennisbank import bestanden, oai_dc
from sto_monitor.kennisbank.item import GEPUBLICEERD, SOORTEN

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
PAGINA = 100
PREFIX = "oai_dc"
SET_VOORVOEGSEL = "soort:"
REPOSITORY = "STO Monitor kennisbank"
ARGUMENTEN: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    # verb: (required, optional) besides ``resumptionToken``
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
}
LIJSTEN = ("ListIdentifiers", "ListRecords", "ListSets")
OAI_DC = oai_dc.OAI_DC
for _naam, _ruimte in (("oai_dc", OAI_DC), ("xsi", oai_dc.XSI), ("dc", oai_dc.DC), ("", OAI)):
    ET.register_namespace(_naam, _ruimte)


class OaiFout(Exception):
    """An OAI-PMH error: its code and a sentence (English, the protocol's language)."""

    def __init__(self, code: str, tekst: str) -> None:
        super().__init__(tekst)
        self.code = code


@dataclass(frozen=True)
class Vraag:
    """A list request's arguments, also what a resumption token carries."""

    vanaf: datetime | None = None
    tot: datetime | None = None  # exclusive, already moved past the inclusive ``until``
    soort: str | None = None
    na_id: int = 0

    def token(self, laatste: int, args: Mapping[str, str]) -> str:
        data = {k: args[k] for k in ("from", "until", "set") if k in args}
        data["na"] = str(laatste)
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _tijd(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _datum(waarde: str, tot: bool) -> tuple[datetime, str]:
    """An argument's moment and granularity ('dag' or 'seconde'); ``tot`` moves an inclusive
    until to the exclusive end of its day or second."""
    for vorm, korrel, stap in (
        ("%Y-%m-%d", "dag", timedelta(days=1)),
        ("%Y-%m-%dT%H:%M:%SZ", "seconde", timedelta(seconds=1)),
    ):
        try:
            moment = datetime.strptime(waarde, vorm).replace(tzinfo=UTC)
        except ValueError:
            continue
        return (moment + stap if tot else moment), korrel
    raise OaiFout("badArgument", f"Illegal date {waarde[:40]!r}: use YYYY-MM-DD[Thh:mm:ssZ].")


def _vraag(args: Mapping[str, str]) -> Vraag:
    vanaf = tot = None
    if "from" in args:
        vanaf, korrel = _datum(args["from"], tot=False)
    if "until" in args:
        tot, korrel_tot = _datum(args["until"], tot=True)
        if vanaf is not None and korrel != korrel_tot:
            raise OaiFout("badArgument", "from and until must have the same granularity.")
        if vanaf is not None and vanaf >= tot:
            raise OaiFout("badArgument", "from is later than until.")
    soort = None
    if "set" in args:
        soort = args["set"].removeprefix(SET_VOORVOEGSEL)
        if not args["set"].startswith(SET_VOORVOEGSEL) or soort not in SOORTEN:
            raise OaiFout("badArgument", f"Unknown set {args['set'][:40]!r}; see ListSets.")
    return Vraag(vanaf, tot, soort)


def _uit_token(token: str) -> tuple[Vraag, dict[str, str]]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        args = {str(k): str(v) for k, v in data.items() if k in ("from", "until", "set")}
        laatste = int(data["na"])
        vraag = _vraag(args)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, OaiFout):
        raise OaiFout("badResumptionToken", "The resumptionToken is invalid.") from None
    return Vraag(vraag.vanaf, vraag.tot, vraag.soort, laatste), args


# ---------------------------------------------------------------- the items on offer


def _eigen() -> ColumnElement[bool]:
    """Our own items (not harvested) that were published once."""
    geoogst = exists().where(KennisOogstRecord.item_id == KennisItem.id)
    return and_(KennisItem.gepubliceerd.is_not(None), ~geoogst)


def _selectie(vraag: Vraag) -> ColumnElement[bool]:
    voorwaarden = [_eigen(), KennisItem.id > vraag.na_id]
    if vraag.vanaf is not None:
        voorwaarden.append(KennisItem.gewijzigd >= vraag.vanaf)
    if vraag.tot is not None:
        voorwaarden.append(KennisItem.gewijzigd < vraag.tot)
    if vraag.soort is not None:
        voorwaarden.append(KennisItem.soort == vraag.soort)
    return and_(*voorwaarden)


def _id_van(identifier: str, domein: str) -> int | None:
    voorvoegsel = f"oai:{domein}:kennisbank/"
    rest = identifier.removeprefix(voorvoegsel)
    return int(rest) if identifier.startswith(voorvoegsel) and rest.isdigit() else None


# ---------------------------------------------------------------- building the answer


@dataclass(frozen=True)
class _Context:
    basis_url: str
    domein: str
    regionamen: Mapping[str, str]
    beheer_email: str


def _kop(ouder: ET.Element, k: KennisItem, c: _Context) -> None:
    attribuut = {} if k.status == GEPUBLICEERD else {"status": "deleted"}
    kop = ET.SubElement(ouder, f"{{{OAI}}}header", attribuut)
    ET.SubElement(kop, f"{{{OAI}}}identifier").text = f"oai:{c.domein}:kennisbank/{k.id}"
    ET.SubElement(kop, f"{{{OAI}}}datestamp").text = _tijd(k.gewijzigd)
    ET.SubElement(kop, f"{{{OAI}}}setSpec").text = SET_VOORVOEGSEL + k.soort


def _records(session: Session, ouder: ET.Element, rijen: list[KennisItem], c: _Context) -> None:
    per_item = bestanden.bij_items(session, [k.id for k in rijen if k.status == GEPUBLICEERD])
    for k in rijen:
        record = ET.SubElement(ouder, f"{{{OAI}}}record")
        _kop(record, k, c)
        if k.status == GEPUBLICEERD:
            metadata = ET.SubElement(record, f"{{{OAI}}}metadata")
            metadata.append(
                oai_dc.dc(k, per_item[k.id], basis_url=c.basis_url, regionamen=c.regionamen)
            )


def _lijst(
    session: Session,
    wortel: ET.Element,
    verb: str,
    vraag: Vraag,
    args: Mapping[str, str],
    c: _Context,
    pagina: int,
) -> None:
    waar = _selectie(vraag)
    rijen = list(
        session.scalars(select(KennisItem).where(waar).order_by(KennisItem.id).limit(pagina + 1))
    )
    if not rijen:
        raise OaiFout("noRecordsMatch", "No records match these arguments.")
    meer, rijen = len(rijen) > pagina, rijen[:pagina]
    deel = ET.SubElement(wortel, f"{{{OAI}}}{verb}")
    if verb == "ListRecords":
        _records(session, deel, rijen, c)
    else:
        for k in rijen:
            _kop(deel, k, c)
    if meer or vraag.na_id:
        alles = Vraag(vraag.vanaf, vraag.tot, vraag.soort)
        totaal = session.scalar(select(func.count()).where(_selectie(alles)))
        eerder = session.scalar(
            select(func.count()).where(_selectie(alles), KennisItem.id <= vraag.na_id)
        )
        token = ET.SubElement(
            deel,
            f"{{{OAI}}}resumptionToken",
            {"completeListSize": str(totaal), "cursor": str(eerder)},
        )
        token.text = vraag.token(rijen[-1].id, args) if meer else None


def _identify(session: Session, wortel: ET.Element, c: _Context) -> None:
    vroegst = session.scalar(select(func.min(KennisItem.gewijzigd)).where(_eigen()))
    deel = ET.SubElement(wortel, f"{{{OAI}}}Identify")
    for naam, waarde in (
        ("repositoryName", REPOSITORY),
        ("baseURL", f"{c.basis_url}/kennisbank/oai"),
        ("protocolVersion", "2.0"),
        ("adminEmail", c.beheer_email),
        ("earliestDatestamp", _tijd(vroegst or nu())),
        ("deletedRecord", "persistent"),
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ):
        ET.SubElement(deel, f"{{{OAI}}}{naam}").text = waarde


def _formaten(wortel: ET.Element) -> None:
    deel = ET.SubElement(wortel, f"{{{OAI}}}ListMetadataFormats")
    formaat = ET.SubElement(deel, f"{{{OAI}}}metadataFormat")
    for naam, waarde in (
        ("metadataPrefix", PREFIX),
        ("schema", oai_dc.OAI_DC_SCHEMA),
        ("metadataNamespace", OAI_DC),
    ):
        ET.SubElement(formaat, f"{{{OAI}}}{naam}").text = waarde


def _sets(wortel: ET.Element) -> None:
    deel = ET.SubElement(wortel, f"{{{OAI}}}ListSets")
    for code, naam in SOORTEN.items():
        s = ET.SubElement(deel, f"{{{OAI}}}set")
        ET.SubElement(s, f"{{{OAI}}}setSpec").text = SET_VOORVOEGSEL + code
        ET.SubElement(s, f"{{{OAI}}}setName").text = naam


def _gevraagd(session: Session, args: Mapping[str, str], c: _Context) -> KennisItem:
    item_id = _id_van(args["identifier"], c.domein)
    k = session.get(KennisItem, item_id) if item_id is not None else None
    if (
        k is None
        or k.gepubliceerd is None
        or session.scalar(select(func.count()).where(KennisOogstRecord.item_id == k.id))
    ):
        raise OaiFout("idDoesNotExist", "No item has this identifier here.")
    return k


def _controleer(verb: str, args: Mapping[str, str]) -> None:
    if "resumptionToken" in args:
        if verb not in LIJSTEN or set(args) != {"resumptionToken"}:
            raise OaiFout("badArgument", "resumptionToken is an exclusive argument.")
        return
    verplicht, mogelijk = ARGUMENTEN[verb]
    onbekend = sorted(set(args) - verplicht - mogelijk)
    if onbekend:
        raise OaiFout("badArgument", f"Illegal argument(s): {', '.join(onbekend)[:100]}.")
    ontbreekt = sorted(verplicht - set(args))
    if ontbreekt:
        raise OaiFout("badArgument", f"Missing argument(s): {', '.join(ontbreekt)}.")
    if "metadataPrefix" in args and args["metadataPrefix"] != PREFIX:
        raise OaiFout("cannotDisseminateFormat", "Only oai_dc is offered.")


def antwoord(
    db: AppDatabase,
    argumenten: Iterable[tuple[str, str]],
    *,
    basis_url: str,
    regionamen: Mapping[str, str] | None = None,
    beheer_email: str = "sto-monitor@localhost",
    pagina: int = PAGINA,
) -> bytes:
    """The XML answer to an OAI-PMH request with these (query) arguments. ``basis_url``: the
    dashboard's public address; ``beheer_email``: Identify's adminEmail (the mail sender)."""
    paren = list(argumenten)
    args = dict(paren)
    verb = args.pop("verb", "")
    domein = urlsplit(basis_url).hostname or "localhost"
    c = _Context(basis_url.rstrip("/"), domein, regionamen or {}, beheer_email)
    wortel = ET.Element(
        f"{{{OAI}}}OAI-PMH", {f"{{{oai_dc.XSI}}}schemaLocation": f"{OAI} {OAI_SCHEMA}"}
    )
    ET.SubElement(wortel, f"{{{OAI}}}responseDate").text = _tijd(nu())
    verzoek = ET.SubElement(wortel, f"{{{OAI}}}request")
    verzoek.text = f"{c.basis_url}/kennisbank/oai"
    try:
        namen = [n for n, _ in paren]
        if verb not in ARGUMENTEN or namen.count("verb") != 1:
            raise OaiFout("badVerb", "Missing, repeated or illegal verb.")
        if len(set(namen)) != len(namen):
            raise OaiFout("badArgument", "An argument is repeated.")
        _controleer(verb, args)
        verzoek.attrib.update({"verb": verb, **args})
        with db.transactie() as session:
            if verb == "Identify":
                _identify(session, wortel, c)
            elif verb == "ListMetadataFormats":
                if "identifier" in args:
                    _gevraagd(session, args, c)
                _formaten(wortel)
            elif verb == "ListSets":
                if "resumptionToken" in args:  # the sets fit on one page: no token is given
                    raise OaiFout("badResumptionToken", "The resumptionToken is invalid.")
                _sets(wortel)
            elif verb == "GetRecord":
                deel = ET.SubElement(wortel, f"{{{OAI}}}GetRecord")
                _records(session, deel, [_gevraagd(session, args, c)], c)
            else:
                if "resumptionToken" in args:
                    vraag, args = _uit_token(args["resumptionToken"])
                    args = {"metadataPrefix": PREFIX, **args}
                else:
                    vraag = _vraag(args)
                _lijst(session, wortel, verb, vraag, args, c, pagina)
    except OaiFout as fout:
        if fout.code in ("badVerb", "badArgument"):
            verzoek.attrib.clear()
        ET.SubElement(wortel, f"{{{OAI}}}error", {"code": fout.code}).text = str(fout)
    uit: bytes = ET.tostring(wortel, encoding="utf-8", xml_declaration=True)
    return uit
