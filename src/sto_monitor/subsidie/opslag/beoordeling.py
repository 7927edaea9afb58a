"""What the commission and the national team write: questions and scores (``BEOORDELEN``),
the decision and per-region maxima (``SUBSIDIE_BESLISSEN``)."""

from __future__ import annotations

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    SubsidieBeoordeling,
    SubsidieBesluit,
    SubsidieRegiomaximum,
    SubsidieVraag,
    nu,
)
from sto_monitor.errors import ParameterError
from sto_monitor.subsidie.geld import Cent, euro
from sto_monitor.subsidie.opslag.dossier import (
    ADVIEZEN,
    BESLUITEN,
    MAX_TEKST,
    SOORT,
    Beoordeling,
    Besluit,
    Status,
    Vraag,
)
from sto_monitor.subsidie.opslag.rijen import (
    als_beoordeling,
    als_besluit,
    als_vraag,
    controleer_codes,
    controleer_tekst,
    periode_van,
    rij_van,
    schrijf_audit,
    vereis_status,
)
from sto_monitor.subsidie.regeling import Regeling


def stel_vraag(db: AppDatabase, actor: Actor | None, aanvraag_id: int, tekst: str) -> Vraag:
    """The commission or the national team asks the region a question (``BEOORDELEN``)."""
    beleid.vereis(actor, Recht.BEOORDELEN)
    schoon = controleer_tekst(tekst, "De vraag")
    moment = nu()
    with db.transactie() as session:
        rij = rij_van(session, aanvraag_id)
        wie = beleid.vereis(actor, Recht.BEOORDELEN, regio=rij.regio)
        assert wie is not None
        vereis_status(rij, (Status.INGEDIEND, Status.IN_BEOORDELING), "Een vraag stellen")
        vraag = SubsidieVraag(
            aanvraag_id=rij.id, gesteld=moment, gesteld_door=wie.wie, tekst=schoon
        )
        session.add(vraag)
        session.flush()
        schrijf_audit(
            session, wie, rij, "vraag gesteld", None, {"vraag": vraag.id, "tekst": schoon}, moment
        )
        return als_vraag(vraag)


def _controleer_scores(regeling: Regeling, scores: dict[str, int]) -> None:
    problemen: list[str] = []
    codes = {c.code for c in regeling.criteria}
    for c in regeling.criteria:
        if c.code not in scores:
            problemen.append(f"{c.naam}: geen score")
        elif not 0 <= scores[c.code] <= c.maximum_score:
            problemen.append(f"{c.naam}: de score moet tussen 0 en {c.maximum_score} liggen")
    problemen += [f"onbekend criterium {code[:40]!r}" for code in sorted(set(scores) - codes)]
    if problemen:
        raise ParameterError(
            "De beoordeling is niet bewaard:\n" + "\n".join(f"- {p}" for p in problemen)
        )


def beoordeel(
    db: AppDatabase,
    actor: Actor | None,
    regeling: Regeling,
    aanvraag_id: int,
    *,
    scores: dict[str, int],
    opmerkingen: dict[str, str],
    advies: str,
    advies_bedrag: Cent,
    toelichting: str = "",
) -> Beoordeling:
    """Score per criterion of the regulation (``BEOORDELEN``); ingediend → in_beoordeling."""
    beleid.vereis(actor, Recht.BEOORDELEN)
    _controleer_scores(regeling, scores)
    if advies not in ADVIEZEN:
        raise ParameterError(f"Onbekend advies {advies[:40]!r}: kies {', '.join(ADVIEZEN)}.")
    if advies_bedrag < 0:
        raise ParameterError("Het geadviseerde bedrag kan niet negatief zijn.")
    toelichting = toelichting.strip()
    if len(toelichting) > MAX_TEKST or any(len(t) > MAX_TEKST for t in opmerkingen.values()):
        raise ParameterError(f"Een opmerking of toelichting is langer dan {MAX_TEKST} tekens.")
    moment = nu()
    with db.transactie() as session:
        rij = rij_van(session, aanvraag_id)
        wie = beleid.vereis(actor, Recht.BEOORDELEN, regio=rij.regio)
        assert wie is not None
        if rij.regeling != regeling.code:
            raise ParameterError("Deze aanvraag hoort bij een andere regeling.")
        vereis_status(rij, (Status.INGEDIEND, Status.IN_BEOORDELING), "Beoordelen")
        status_voor = rij.status
        b = SubsidieBeoordeling(
            aanvraag_id=rij.id,
            moment=moment,
            door=wie.wie,
            scores={k: int(v) for k, v in scores.items()},
            opmerkingen={k: v.strip() for k, v in opmerkingen.items() if v.strip()},
            advies=advies,
            advies_bedrag=advies_bedrag,
            toelichting=toelichting,
        )
        session.add(b)
        rij.status = Status.IN_BEOORDELING.value
        session.flush()
        schrijf_audit(
            session,
            wie,
            rij,
            "subsidieaanvraag beoordeeld",
            {"status": status_voor},
            {
                "status": rij.status,
                "beoordeling": b.id,
                "scores": b.scores,
                "opmerkingen": b.opmerkingen,
                "advies": advies,
                "advies_bedrag": advies_bedrag,
                "toelichting": toelichting,
            },
            moment,
        )
        return als_beoordeling(b)


def beslis(
    db: AppDatabase,
    actor: Actor | None,
    aanvraag_id: int,
    *,
    uitkomst: Status,
    bedrag: Cent,
    per_jaar: dict[int, Cent],
    toelichting: str = "",
) -> Besluit:
    """The national team's decision (``SUBSIDIE_BESLISSEN``); per_jaar adds up to bedrag."""
    beleid.vereis(actor, Recht.SUBSIDIE_BESLISSEN)
    if uitkomst not in BESLUITEN:
        raise ParameterError(f"Onbekend besluit {str(uitkomst)[:40]!r}.")
    uitkomst = Status(uitkomst)
    toelichting = toelichting.strip()
    if len(toelichting) > MAX_TEKST:
        raise ParameterError(f"De toelichting is langer dan {MAX_TEKST} tekens.")
    moment = nu()
    with db.transactie() as session:
        rij = rij_van(session, aanvraag_id)
        wie = beleid.vereis(actor, Recht.SUBSIDIE_BESLISSEN, regio=rij.regio)
        assert wie is not None
        if session.get(SubsidieBesluit, rij.id) is not None:
            raise ParameterError("Over deze aanvraag is al besloten; een besluit is definitief.")
        vereis_status(rij, (Status.INGEDIEND, Status.IN_BEOORDELING), "Besluiten")
        jaren, gevraagd = periode_van(session, rij)
        _controleer_besluit(uitkomst, bedrag, per_jaar, jaren, gevraagd)
        status_voor = rij.status
        besluit = SubsidieBesluit(
            aanvraag_id=rij.id,
            moment=moment,
            door=wie.wie,
            uitkomst=uitkomst.value,
            bedrag=bedrag,
            per_jaar={str(j): v for j, v in sorted(per_jaar.items())},
            toelichting=toelichting,
        )
        session.add(besluit)
        rij.status = uitkomst.value
        session.flush()
        schrijf_audit(
            session,
            wie,
            rij,
            "besluit over subsidieaanvraag",
            {"status": status_voor},
            {
                "status": rij.status,
                "bedrag": bedrag,
                "per_jaar": besluit.per_jaar,
                "aangevraagd": gevraagd,
                "toelichting": toelichting,
            },
            moment,
        )
        return als_besluit(besluit)


def _controleer_besluit(
    uitkomst: Status, bedrag: Cent, per_jaar: dict[int, Cent], jaren: range, gevraagd: Cent
) -> None:
    problemen: list[str] = []
    if bedrag < 0 or any(v < 0 for v in per_jaar.values()):
        problemen.append("een bedrag kan niet negatief zijn")
    buiten = sorted(j for j in per_jaar if j not in jaren)
    if buiten:
        problemen.append(
            f"{', '.join(map(str, buiten))} valt niet in de periode {jaren[0]}\u2013{jaren[-1]}"
        )
    if sum(per_jaar.values()) != bedrag:
        problemen.append(
            f"de bedragen per jaar tellen op tot {euro(sum(per_jaar.values()))}, "
            f"niet tot het totaal van {euro(bedrag)}"
        )
    if uitkomst is Status.AFGEWEZEN and bedrag != 0:
        problemen.append("bij een afwijzing is het bedrag € 0,00")
    if uitkomst is Status.TOEGEKEND and bedrag != gevraagd:
        problemen.append(
            f"toegekend is het aangevraagde bedrag ({euro(gevraagd)}); kies 'toegekend met "
            "aangepast bedrag' voor een ander bedrag"
        )
    if uitkomst is Status.AANGEPAST and bedrag == gevraagd:
        problemen.append(
            f"het bedrag is gelijk aan het aangevraagde ({euro(gevraagd)}); kies 'toegekend'"
        )
    if uitkomst is Status.AANGEPAST and bedrag == 0:
        problemen.append("toekennen met € 0,00 is een afwijzing")
    if problemen:
        raise ParameterError(
            "Het besluit is niet vastgelegd:\n" + "\n".join(f"- {p}" for p in problemen)
        )


def zet_regiomaximum(
    db: AppDatabase, actor: Actor | None, regeling: str, regio: str, bedrag: Cent | None
) -> None:
    """Enter (or with None clear) a region's maximum (``SUBSIDIE_BESLISSEN``)."""
    controleer_codes(regio, regeling)
    wie = beleid.vereis(actor, Recht.SUBSIDIE_BESLISSEN, regio=regio)
    assert wie is not None
    if bedrag is not None and bedrag < 0:
        raise ParameterError("Een maximum kan niet negatief zijn.")
    moment = nu()
    with db.transactie() as session:
        rij = session.get(SubsidieRegiomaximum, (regeling, regio))
        oud = rij.bedrag if rij is not None else None
        if oud == bedrag:
            return
        if bedrag is None:
            assert rij is not None
            session.delete(rij)
        elif rij is None:
            session.add(
                SubsidieRegiomaximum(
                    regeling=regeling,
                    regio=regio,
                    bedrag=bedrag,
                    gewijzigd=moment,
                    gewijzigd_door=wie.wie,
                )
            )
        else:
            rij.bedrag = bedrag
            rij.gewijzigd = moment
            rij.gewijzigd_door = wie.wie
        session.flush()
        audit.schrijf(
            session,
            wie=wie.wie,
            actie="regiomaximum ingevuld" if bedrag is not None else "regiomaximum gewist",
            soort=SOORT,
            object_id=f"{regio}/{regeling}",
            regio=regio,
            voor={"maximum": oud},
            na={"maximum": bedrag},
            moment=moment,
        )
