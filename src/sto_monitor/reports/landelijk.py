"""The national monitor chapter (chapter 4 of the report), regenerated from the data.

Every table and figure of chapter 4 that the STO Monitor has data for, numbered and titled as
in the report, with the school years of the report replaced by the chosen one, in the
report's order: §4.1 leerlingen (Tabel 4.1, Figuur 4.3-4.5, Tabel 4.3), §4.2 vestigingen and
regions (Tabel 4.4, 4.5, Figuur 4.6), §4.3 dekking and bereikbaarheid (Tabel 4.6, Figuur 4.7,
4.8, Tabel 4.7), §4.4 keuzevakken (Tabel 4.8-4.10) and §4.5 doorstroom (Figuur 4.11, 4.10).
Each part comes with the indicator's definition from the registry and a few sentences built
from published cells (summary indicators such as ``techniekaandeel_per_regio_samenvatting``).

Every number is a published cell (``publicatie``), so the chapter shows what the dashboard and
the API show, ``<5`` and ``x`` included; charts are the dashboard's Vega-Lite specs
(``publicatie.charts``). Where a source is not loaded, or has no rows for the school year, the
table or figure keeps its number and title and says why it is not available.

Not reproduced, because the monitor loads no source for them: Figuur 4.1 and 4.2 (pupils in
upper secondary education from OCW in cijfers, since 2013/2014), Tabel 4.2 and 4.11
(former students' opinions, Schoolverlatersonderzoek) and Figuur 4.9. The report's title of
§4.1 refers to Figuur 4.1; here §4.1 is titled after what it holds.
"""

from __future__ import annotations

import datetime as dt

from sto_monitor.errors import NotFoundError
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.tekst import schooljaar as sj
from sto_monitor.reports import (
    enquete,
    landelijk_aanbod,
    landelijk_dekking,
    landelijk_leerlingen,
    landelijk_vervolg,
)
from sto_monitor.reports.bronnen import rapport_bronnen
from sto_monitor.reports.landelijk_basis import Context
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Rapport, Sectie

INDICATOREN: tuple[str, ...] = (
    *landelijk_leerlingen.INDICATOREN,
    *landelijk_aanbod.INDICATOREN,
    *landelijk_dekking.INDICATOREN,
    *landelijk_vervolg.INDICATOREN,
)
NIET_OPGENOMEN = (
    "Figuur 4.1 en 4.2 (leerlingen in de bovenbouw van het voortgezet onderwijs, OCW in "
    "cijfers), Tabel 4.2 en 4.11 (oordelen van oud-leerlingen, Schoolverlatersonderzoek) en "
    "Figuur 4.9"
)


def maak(
    snap: Snapshot, *, datum: dt.date, schooljaar: int | None, waarschuwing: str | None
) -> Rapport:
    """Chapter 4 for ``schooljaar`` (default: the newest loaded one)."""
    jaar = schooljaar if schooljaar is not None else snap.laatste_jaar
    if jaar is not None and jaar not in snap.jaren:
        geladen = ", ".join(f"{j} ({sj(j)})" for j in snap.jaren) or "geen"
        raise NotFoundError(f"schooljaar {jaar} is niet geladen; geladen schooljaren: {geladen}")
    secties: list[Sectie]
    if jaar is None:
        secties = [
            Sectie(
                "inleiding",
                "Inleiding",
                ontbreekt="Er zijn nog geen leerlingenbestanden van DUO ingelezen.",
            )
        ]
    else:
        eerder = [j for j in snap.jaren if j < jaar]
        ctx = Context(snap, jaar, eerder[-1] if eerder else None)
        delen = [
            _inleiding(ctx),
            landelijk_leerlingen.paragraaf(ctx),
            landelijk_aanbod.paragraaf_4_2(ctx),
            landelijk_dekking.paragraaf(ctx),
            landelijk_vervolg.paragraaf_4_4(ctx),
            landelijk_vervolg.paragraaf_4_5(ctx),
            enquete.landelijke_sectie(snap),
        ]
        secties = [s for s in delen if s is not None]
    return Rapport(
        soort="landelijk",
        titel="Monitor Sterk Techniekonderwijs: hoofdstuk 4",
        ondertitel="Monitorgegevens STO: leerlingen en onderwijsaanbod"
        + (f", schooljaar {sj(jaar)}" if jaar is not None else ""),
        datum=datum,
        schooljaar=jaar,
        jaren=snap.jaren,
        secties=secties,
        bronnen=rapport_bronnen(snap, INDICATOREN),
        methode_versie=METHODE_VERSIE,
        techniek=snap.techniek,
        waarschuwing=waarschuwing,
        metadata={"schooljaar": str(jaar) if jaar is not None else ""},
        synthetisch=snap.synthetisch,
        voorblad=[("Nummering en titels", f"die van hoofdstuk 4 van {MONITORRAPPORT}")],
    )


def _inleiding(ctx: Context) -> Sectie:
    vergelijking = (
        f"Veranderingen zijn ten opzichte van het vorige geladen schooljaar, {sj(ctx.vorig)}."
        if ctx.vorig is not None
        else "Er is geen eerder schooljaar geladen, dus tabellen en figuren die met het vorige "
        "schooljaar vergelijken zijn niet beschikbaar."
    )
    return Sectie(
        "inleiding",
        "Inleiding",
        tekst=[
            "Dit hoofdstuk maakt de tabellen en figuren van hoofdstuk 4 van "
            f"{MONITORRAPPORT} opnieuw uit de geladen gegevens, met de nummers en titels van "
            f"dat rapport, voor schooljaar {ctx.sj}. " + vergelijking,
            "Alle cijfers zijn gepubliceerde cellen van de STO Monitor, na openbaarheidscontrole: "
            "dezelfde als in het dashboard en de open API. Cijfers uit openbare bronnen (DUO) "
            "staan er zoals de bron ze publiceert: <5 betekent een aantal van 1 tot en met 4 "
            "dat DUO zelf maskeerde, en een bandbreedte als 12\u201315 komt van die "
            "DUO-maskering. x is afgeschermd: het cijfer rust op een vertrouwelijke bron "
            "(keuzevakken, doorstroom, docenten, woonpostcodes van leerlingen) en is klein, of "
            "zou een klein aantal verraden. Grafieken tonen een bandbreedte op het midden en laten "
            "afgeschermde cellen weg; de tabel bij elke figuur geeft de gepubliceerde cellen.",
            "Een tabel of figuur waarvan de bron niet geladen is, of die voor dit schooljaar geen "
            "cijfers heeft, staat er met nummer en titel en de reden. Niet opgenomen, omdat de "
            f"STO Monitor er geen bron voor inleest: {NIET_OPGENOMEN}.",
        ],
    )
