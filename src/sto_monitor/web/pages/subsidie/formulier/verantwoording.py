"""The accountability form: a year's accountability to its fields and back."""

from __future__ import annotations

from sto_monitor.subsidie.aanvraag import (
    Begrotingsregel,
    Toezegging,
    Verantwoording,
)
from sto_monitor.subsidie.geld import lees_bedrag
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.web.pages.subsidie.formulier.aanvraag import lees_toezeggingen
from sto_monitor.web.pages.subsidie.formulier.invoer import (
    EXTRA,
    Invoer,
    als_tekst,
    bedrag_uit,
)

TOELICHTINGEN_VAST = ("algemeen", "cofinanciering")


def invoer_van_verantwoording(
    v: Verantwoording | None, partners: list[str], regeling: Regeling
) -> Invoer:
    """The stored accountability (or an empty one, a row per partner) as the form shows it."""
    i = Invoer()
    if v is not None:
        for r in v.realisatie:
            naam = f"realisatie-{r.kostensoort}"
            vorig = lees_bedrag(i.w(naam)) if i.w(naam) else 0
            i.zet(naam, als_tekst(vorig + r.bedrag))
        i.zet("afschrijving", als_tekst(v.afschrijving_geboekt))
        rijen = [(t.partner, t.vorm, als_tekst(t.bedrag)) for t in v.cofinanciering]
        for k, tekst in v.toelichtingen.items():
            i.zet(f"toelichting-{k}", tekst)
    else:
        rijen = [(p, "geld", "") for p in partners]
    for n, (partner, vorm, bedrag) in enumerate(rijen):
        i.zet(f"cof-{n}-partner", partner)
        i.zet(f"cof-{n}-vorm", vorm)
        i.zet(f"cof-{n}-bedrag", bedrag)
    i.rijen["cof"] = len(rijen) + EXTRA
    return i


def lees_verantwoording(
    i: Invoer, regio: str, regeling: Regeling, jaar: int
) -> Verantwoording | None:
    """The year's accountability typed into ``i``; None when a field is wrong."""
    realisatie: list[Begrotingsregel] = []
    for soort in regeling.kostensoorten:
        if soort.uit_activa:
            continue
        bedrag = bedrag_uit(i, f"realisatie-{soort.code}", f"{soort.naam} {jaar}")
        if bedrag is not None:
            realisatie.append(Begrotingsregel(soort.code, jaar, bedrag))
    afschrijving = bedrag_uit(i, "afschrijving", f"Geboekte afschrijving {jaar}") or 0
    cof = [
        Toezegging(t.partner, jaar, t.bedrag, t.vorm)
        for t in lees_toezeggingen(i, "cof", regeling, met_jaar=False)
    ]
    sleutels = [k.code for k in regeling.kostensoorten] + list(TOELICHTINGEN_VAST)
    toelichtingen = {
        k: i.w(f"toelichting-{k}").strip() for k in sleutels if i.w(f"toelichting-{k}").strip()
    }
    if i.fouten:
        return None
    return Verantwoording(
        regio, regeling.code, jaar, tuple(realisatie), afschrijving, tuple(cof), toelichtingen
    )
