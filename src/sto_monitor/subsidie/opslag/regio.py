"""What the region writes (``SUBSIDIE_AANVRAGEN``): the draft, the submission, answers and
the yearly accountability."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    SubsidieAanvraag,
    SubsidieAanvraagVersie,
    SubsidieRegiomaximum,
    SubsidieVerantwoording,
    SubsidieVraag,
    nu,
)
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.subsidie.aanvraag import Aanvraag, Verantwoording
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.opslag.dossier import (
    TOEGEKEND,
    Dossier,
    Gewijzigd,
    Status,
    Vraag,
)
from sto_monitor.subsidie.opslag.rijen import (
    aangevraagd,
    als_dossier,
    als_vraag,
    controleer_codes,
    controleer_tekst,
    periode_van,
    rij_van,
    schrijf_audit,
    vereis_status,
    zoek_rij,
)
from sto_monitor.subsidie.regeling import Regeling


def bewaar(
    db: AppDatabase, actor: Actor | None, aanvraag: Aanvraag, *, kenmerk: str | None = None
) -> Dossier:
    """Save the draft (``SUBSIDIE_AANVRAGEN``; only while concept). ``kenmerk`` the draft's
    kenmerk when the editor opened: a different one raises ``Gewijzigd`` (nothing is lost)."""
    controleer_codes(aanvraag.regio, aanvraag.regeling)
    wie = beleid.vereis(actor, Recht.SUBSIDIE_AANVRAGEN, regio=aanvraag.regio)
    assert wie is not None  # vereis raises for nobody
    nieuw = aanvraag.als_json()
    moment = nu()
    with db.transactie() as session:
        rij = zoek_rij(session, aanvraag.regio, aanvraag.regeling)
        if rij is None:
            rij = SubsidieAanvraag(
                regio=aanvraag.regio,
                regeling=aanvraag.regeling,
                status=Status.CONCEPT.value,
                concept=nieuw,
                gewijzigd=moment,
                gewijzigd_door=wie.wie,
            )
            session.add(rij)
            session.flush()
            schrijf_audit(
                session, wie, rij, "subsidieaanvraag begonnen", None, {"aanvraag": nieuw}, moment
            )
            return als_dossier(session, rij)
        vereis_status(rij, (Status.CONCEPT,), "Het concept bewaren")
        if kenmerk is not None and rij.gewijzigd.isoformat() != kenmerk:
            raise Gewijzigd(
                "De aanvraag is intussen ergens anders bewaard (in een ander venster of door een "
                "collega). Uw invoer staat hieronder nog. Bewaar opnieuw om de andere versie te "
                "vervangen door de uwe, of open de aanvraag opnieuw om die eerst te lezen.",
                rij.gewijzigd,
            )
        if rij.concept == nieuw:
            return als_dossier(session, rij)
        oud = rij.concept
        rij.concept = nieuw
        rij.gewijzigd = moment
        rij.gewijzigd_door = wie.wie
        session.flush()
        schrijf_audit(
            session,
            wie,
            rij,
            "subsidieaanvraag bewaard",
            {"aanvraag": oud},
            {"aanvraag": nieuw},
            moment,
        )
        return als_dossier(session, rij)


def maximum_voor(
    db: AppDatabase, regeling: Regeling, regio: str, *, techniekluw: bool = False
) -> Cent | None:
    """The most the region may apply for: the regulation's own per-region maximum, else the one
    the national team entered, else (techniekluw) the regulation's techniekluw maximum."""
    if regio in regeling.maximum_per_regio:
        return regeling.maximum_per_regio[regio]
    with db.transactie() as session:
        return _maximum(session, regeling, regio, techniekluw)


def _maximum(session: Session, regeling: Regeling, regio: str, techniekluw: bool) -> Cent | None:
    if regio in regeling.maximum_per_regio:
        return regeling.maximum_per_regio[regio]
    ingevoerd = session.get(SubsidieRegiomaximum, (regeling.code, regio))
    if ingevoerd is not None:
        return ingevoerd.bedrag
    return regeling.maximum_techniekluw if techniekluw else None


def dien_in(
    db: AppDatabase,
    actor: Actor | None,
    regeling: Regeling,
    regio: str,
    *,
    techniekluw: bool = False,
) -> Dossier:
    """Submit the draft: refused (ParameterError listing them) while ``validatie`` finds
    blocking problems; freezes a numbered version."""
    from sto_monitor.subsidie.validatie import valideer  # lazily: validatie imports a lot

    controleer_codes(regio, regeling.code)
    wie = beleid.vereis(actor, Recht.SUBSIDIE_AANVRAGEN, regio=regio)
    assert wie is not None
    moment = nu()
    with db.transactie() as session:
        rij = zoek_rij(session, regio, regeling.code)
        if rij is None:
            raise NotFoundError(
                "Er is nog geen aanvraag om in te dienen: bewaar eerst een concept."
            )
        vereis_status(rij, (Status.CONCEPT,), "Indienen")
        aanvraag = Aanvraag.van_json(rij.concept)
        maximum = _maximum(session, regeling, regio, techniekluw)
        bevindingen = valideer(aanvraag, regeling, maximum=maximum, techniekluw=techniekluw)
        blokkerend = [b.melding for b in bevindingen if b.ernst == "blokkerend"]
        if blokkerend:
            raise ParameterError(
                "De aanvraag is niet ingediend. Los eerst deze punten op:\n"
                + "\n".join(f"- {b}" for b in blokkerend)
            )
        vorige = session.scalar(
            select(func.max(SubsidieAanvraagVersie.nummer)).where(
                SubsidieAanvraagVersie.aanvraag_id == rij.id
            )
        )
        nummer = int(vorige or 0) + 1
        bedrag = aangevraagd(aanvraag, regeling)
        session.add(
            SubsidieAanvraagVersie(
                aanvraag_id=rij.id,
                nummer=nummer,
                ingediend=moment,
                ingediend_door=wie.wie,
                inhoud={
                    "aanvraag": rij.concept,
                    "regeling": {
                        "code": regeling.code,
                        "eerste_jaar": regeling.eerste_jaar,
                        "laatste_jaar": regeling.laatste_jaar,
                    },
                    "aangevraagd": bedrag,
                    "maximum": maximum,
                    "techniekluw": techniekluw,
                    "waarschuwingen": [b.melding for b in bevindingen if b.ernst != "blokkerend"],
                },
            )
        )
        rij.status = Status.INGEDIEND.value
        rij.ingediend = moment
        rij.ingediend_door = wie.wie
        session.flush()
        schrijf_audit(
            session,
            wie,
            rij,
            "subsidieaanvraag ingediend",
            {"status": Status.CONCEPT.value},
            {"status": rij.status, "versie": nummer, "aangevraagd": bedrag},
            moment,
        )
        return als_dossier(session, rij)


def beantwoord(
    db: AppDatabase, actor: Actor | None, aanvraag_id: int, vraag_id: int, tekst: str
) -> Vraag:
    """The region answers (``SUBSIDIE_AANVRAGEN``)."""
    beleid.vereis(actor, Recht.SUBSIDIE_AANVRAGEN)
    antwoord = controleer_tekst(tekst, "Het antwoord")
    moment = nu()
    with db.transactie() as session:
        rij = rij_van(session, aanvraag_id)
        wie = beleid.vereis(actor, Recht.SUBSIDIE_AANVRAGEN, regio=rij.regio)
        assert wie is not None
        vraag = session.get(SubsidieVraag, vraag_id)
        if vraag is None or vraag.aanvraag_id != rij.id:
            raise NotFoundError(f"Vraag {vraag_id} hoort niet bij deze aanvraag.")
        vereis_status(rij, (Status.INGEDIEND, Status.IN_BEOORDELING), "Een vraag beantwoorden")
        oud = vraag.antwoord
        vraag.antwoord = antwoord
        vraag.beantwoord = moment
        vraag.beantwoord_door = wie.wie
        session.flush()
        schrijf_audit(
            session,
            wie,
            rij,
            "vraag beantwoord",
            {"vraag": vraag.id, "antwoord": oud},
            {"vraag": vraag.id, "antwoord": antwoord},
            moment,
        )
        return als_vraag(vraag)


def bewaar_verantwoording(
    db: AppDatabase, actor: Actor | None, verantwoording: Verantwoording, *, indienen: bool
) -> Dossier:
    """Save (and with ``indienen`` submit) a year's accountability (``SUBSIDIE_AANVRAGEN``;
    only for a granted application, a year of its period)."""
    v = verantwoording
    controleer_codes(v.regio, v.regeling)
    wie = beleid.vereis(actor, Recht.SUBSIDIE_AANVRAGEN, regio=v.regio)
    assert wie is not None
    moment = nu()
    with db.transactie() as session:
        rij = zoek_rij(session, v.regio, v.regeling)
        if rij is None:
            raise NotFoundError("Deze regio heeft geen aanvraag onder deze regeling.")
        vereis_status(rij, TOEGEKEND, "Verantwoorden")
        jaren, _ = periode_van(session, rij)
        if v.jaar not in jaren:
            raise ParameterError(
                f"{v.jaar} valt niet in de periode van de regeling ({jaren[0]}\u2013{jaren[-1]})."
            )
        bestaand = session.scalars(
            select(SubsidieVerantwoording).where(
                SubsidieVerantwoording.aanvraag_id == rij.id, SubsidieVerantwoording.jaar == v.jaar
            )
        ).one_or_none()
        if bestaand is not None and bestaand.ingediend is not None:
            raise ParameterError(
                f"De verantwoording over {v.jaar} is al ingediend en kan niet meer veranderen."
            )
        nieuw = v.als_json()
        oud = bestaand.inhoud if bestaand is not None else None
        if bestaand is None:
            bestaand = SubsidieVerantwoording(
                aanvraag_id=rij.id,
                jaar=v.jaar,
                inhoud=nieuw,
                ingediend=moment if indienen else None,
                gewijzigd=moment,
                gewijzigd_door=wie.wie,
            )
            session.add(bestaand)
        else:
            bestaand.inhoud = nieuw
            bestaand.ingediend = moment if indienen else None
            bestaand.gewijzigd = moment
            bestaand.gewijzigd_door = wie.wie
        session.flush()
        schrijf_audit(
            session,
            wie,
            rij,
            "verantwoording ingediend" if indienen else "verantwoording bewaard",
            {"jaar": v.jaar, "verantwoording": oud},
            {"jaar": v.jaar, "verantwoording": nieuw, "ingediend": indienen},
            moment,
        )
        return als_dossier(session, rij)
