"""Paragraph 4.3 of the national chapter: how complete and how near the technical offer is.

Tabel 4.6 (vestigingen per profiel), Figuur 4.7 and 4.8 (how complete the regions' offer
is) and Tabel 4.7 (within 10 km of home).
"""

from __future__ import annotations

from typing import Any

from sto_monitor import domain
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.dekking import gemeten
from sto_monitor.publicatie.gegevens import getal
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports.landelijk_basis import (
    BRON_DUO,
    LEERWEGEN,
    NIET_TECHNIEK,
    TECHNIEK,
    Context,
    Deel,
    Ontbreekt,
    aantal,
    definitie,
    per_sleutel,
    procent,
    sectie,
)
from sto_monitor.reports.onderdelen import Figuur, Sectie, Tabel, kop

INDICATOREN: tuple[str, ...] = (
    "vestigingen_per_profiel",
    "regio_dekking",
    "techniekkeuze_per_regio",
    "bereikbaarheid",
)


# ---------------------------------------------------------------- 4.3


def paragraaf(ctx: Context) -> Sectie:
    return Sectie(
        "p4-3",
        "4.3 Dekking en bereikbaarheid van het aanbod",
        tekst=[
            "In deze paragraaf kijken we naar de landelijke dekking van de vestigingen per "
            "techniekprofiel, naar hoe dekkend het aanbod in de STO-regio's is en naar de "
            "bereikbaarheid van dat aanbod vanaf het thuisadres."
        ],
        subsecties=[_vestigingen(ctx), _dekking(ctx), _bereikbaarheid(ctx)],
    )


def _vestigingen(ctx: Context) -> Sectie:
    jaren = [j for j in ctx.snap.jaren if j <= ctx.jaar][-4:]
    titel = (
        "Aantal vestigingen per profiel en aandeel vestigingen per leerweg en profiel, "
        f"{schooljaar(jaren[0])} - {ctx.sj}"
        if len(jaren) > 1
        else f"Aantal vestigingen per profiel en aandeel vestigingen per leerweg en profiel, "
        f"{ctx.sj}"
    )
    tekst = [definitie("vestigingen_per_profiel")]
    reden = ctx.ontbreekt("vestigingen_per_profiel")
    deel: Deel
    if reden:
        deel = Ontbreekt("Tabel 4.6", titel, reden)
    else:
        cellen = per_sleutel(
            ctx.snap.beschikbare_rijen("vestigingen_per_profiel"), "schooljaar", "profiel"
        )
        rijen = []
        for p in TECHNIEK:
            nu = cellen.get((ctx.jaar, p))
            if nu is None:
                continue
            rij: dict[str, Any] = {**nu}
            for j in jaren:
                rij[str(j)] = cellen.get((j, p), {}).get("aantal_vestigingen")
            rijen.append(rij)
        tekst.append(
            f"Aantal vestigingen met het profiel in schooljaar {ctx.sj}: "
            + ", ".join(f"{r['profiel']} {aantal(r['aantal_vestigingen'])}" for r in rijen)
            + "."
        )
        deel = Tabel(
            titel,
            (
                kop("vestigingen_per_profiel", "profiel"),
                *(
                    kop(
                        "vestigingen_per_profiel",
                        "aantal_vestigingen",
                        bij=schooljaar(j),
                        sleutel=str(j),
                    )
                    for j in reversed(jaren)
                ),
                kop("vestigingen_per_profiel", "buiten_regio", bij=ctx.sj),
                kop("vestigingen_per_profiel", "aandeel_bb", bij=ctx.sj),
                kop("vestigingen_per_profiel", "aandeel_kb", bij=ctx.sj),
                kop("vestigingen_per_profiel", "aandeel_gl", bij=ctx.sj),
            ),
            rijen,
            nummer="Tabel 4.6",
            noot=BRON_DUO + " bb/kb/gl (%): aandeel van de vestigingen met het profiel dat het "
            "in die leerweg aanbiedt.",
        )
    return sectie("p4-3-1", "4.3.1 Landelijk beeld", tekst, [deel])


def _dekking(ctx: Context) -> Sectie:
    tekst = [definitie("regio_dekking"), definitie("techniekkeuze_per_regio")]
    keuze = ctx.rijen("techniekkeuze_per_regio")
    for lw in LEERWEGEN:
        rijen = [r for r in keuze if r["leerweg"] == lw and getal(r["aantal_regios"]) is not None]
        if not rijen:
            continue
        meeste = max(
            rijen, key=lambda r: (getal(r["aantal_regios"]) or 0.0, -r["aantal_profielen"])
        )
        geen = next((r for r in rijen if r["aantal_profielen"] == 0), None)
        groep = f"({aantal(meeste['aantal_regios'])}, {procent(meeste['aandeel'])})"
        if meeste["aantal_profielen"] == 0:
            tekst.append(
                f"In de {lw} biedt de grootste groep STO-regio's {groep} geen enkel technisch "
                "profiel aan."
            )
            continue
        zin = (
            f"In de {lw} biedt de grootste groep STO-regio's {groep} "
            f"{meeste['aantal_profielen']} van de vijf technische profielen aan"
        )
        if geen is not None:
            zin += f"; {aantal(geen['aantal_regios'])} regio's bieden er geen aan"
        tekst.append(zin + ".")
    return sectie(
        "p4-3-2",
        "4.3.2 Hoe dekkend zijn STO-regio's?",
        tekst,
        [_figuur_4_7(ctx), _figuur_4_8(ctx, keuze)],
    )


def _figuur_4_7(ctx: Context) -> Deel:
    titel = f"Aandeel STO-regio's dat profiel binnen leerweg aanbiedt, schooljaar {ctx.sj}"
    reden = ctx.ontbreekt("regio_dekking")
    if reden:
        return Ontbreekt("Figuur 4.7", titel, reden)
    cellen = per_sleutel(ctx.rijen("regio_dekking"), "profiel", "leerweg")
    rijen = []
    for p in domain.PROFIEL_CODES:
        if not any((p, lw) in cellen for lw in LEERWEGEN):
            continue
        rij: dict[str, Any] = {"profiel": p, "techniek": p in TECHNIEK}
        for lw in LEERWEGEN:
            cel = cellen.get((p, lw), {})
            rij[f"{lw}_regios"] = cel.get("regios_aanbod")
            rij[lw] = cel.get("aandeel")
        rijen.append(rij)
    noemer = next((c["aantal_regios"] for c in cellen.values()), None)
    grafiek = [
        {"profiel": r["profiel"], "leerweg": lw, "aandeel": getal(r[lw])}
        for r in rijen
        for lw in LEERWEGEN
    ]
    return Figuur(
        titel,
        "Staafgrafiek: per profiel (eerst de vijf technische) het aandeel STO-regio's dat het "
        "profiel in de bb, kb en gl aanbiedt; de tabel eronder geeft dezelfde cijfers.",
        spec=charts.staaf(
            grafiek,
            x="profiel",
            y="aandeel",
            kleur="leerweg",
            gestapeld=False,
            titel=titel,
            y_titel="procent van de STO-regio's",
        ),
        tabel=Tabel(
            f"Figuur 4.7 in cijfers: STO-regio's met aanbod per profiel en leerweg, {ctx.sj}",
            (
                ("profiel", "Profiel"),
                ("techniek", "Techniek"),
                *(
                    kolom
                    for lw in LEERWEGEN
                    for kolom in ((f"{lw}_regios", f"{lw}: regio's"), (lw, f"{lw} (%)"))
                ),
            ),
            rijen,
            noot=f"Noemer: {aantal(noemer)} STO-regio's." if noemer is not None else None,
        ),
        nummer="Figuur 4.7",
        noot=BRON_DUO,
    )


def _figuur_4_8(ctx: Context, keuze: list[dict[str, Any]]) -> Deel:
    titel = (
        f"Aandeel technische profielen aangeboden in STO-regio's, per leerweg, schooljaar {ctx.sj}"
    )
    reden = ctx.ontbreekt("techniekkeuze_per_regio")
    if reden:
        return Ontbreekt("Figuur 4.8", titel, reden)
    cellen = per_sleutel(keuze, "aantal_profielen", "leerweg")
    aantallen = sorted({int(n) for n, _ in cellen})
    rijen = []
    for n in aantallen:
        rij: dict[str, Any] = {"profielen": f"{n} {'profiel' if n == 1 else 'profielen'}"}
        for lw in LEERWEGEN:
            cel = cellen.get((n, lw), {})
            rij[f"{lw}_regios"] = cel.get("aantal_regios")
            rij[lw] = cel.get("aandeel")
        rijen.append(rij)
    grafiek = [
        {"profielen": r["profielen"], "leerweg": lw, "aandeel": getal(r[lw])}
        for r in rijen
        for lw in LEERWEGEN
    ]
    return Figuur(
        titel,
        "Staafgrafiek: per leerweg het aandeel STO-regio's dat 0, 1, 2, 3, 4 of 5 technische "
        "profielen aanbiedt; de tabel eronder geeft dezelfde cijfers.",
        spec=charts.staaf(
            grafiek,
            x="profielen",
            y="aandeel",
            kleur="leerweg",
            gestapeld=False,
            titel=titel,
            y_titel="procent van de STO-regio's",
        ),
        tabel=Tabel(
            f"Figuur 4.8 in cijfers: STO-regio's naar aantal technische profielen, {ctx.sj}",
            (
                ("profielen", "Technische profielen"),
                *(
                    kolom
                    for lw in LEERWEGEN
                    for kolom in ((f"{lw}_regios", f"{lw}: regio's"), (lw, f"{lw} (%)"))
                ),
            ),
            rijen,
        ),
        nummer="Figuur 4.8",
        noot=BRON_DUO,
    )


def _bereikbaarheid(ctx: Context) -> Sectie:
    alle = ctx.rijen("bereikbaarheid")
    # the title says who is measured: students, or residents aged 15-25 where no addresses are
    methoden = {str(r["methode"]) for r in alle} or {"leerling-pc4"}
    wie = gemeten(methoden)
    if methoden == {"leerling-pc4"}:  # what the report's Tabel 4.7 measures: its own title
        titel = (
            "Aandeel derdejaarsleerlingen binnen 10 km van thuisadres, per leerweg en profiel, "
            f"schooljaar {ctx.sj}"
        )
    else:
        titel = (
            f"Aandeel {wie} binnen 10 km van een vestiging met het profiel, per leerweg en "
            f"profiel, schooljaar {ctx.sj}"
        )
    tekst = [definitie("bereikbaarheid"), *ctx.dekking("bereikbaarheid")]
    reden = ctx.ontbreekt("bereikbaarheid")
    deel: Deel
    if reden:
        deel = Ontbreekt("Tabel 4.7", titel, reden)
    else:
        cellen = per_sleutel(alle, "profiel", "leerweg")
        for lw in LEERWEGEN:
            kandidaten = [cellen.get((p, lw)) for p in TECHNIEK]
            techniek = [r for r in kandidaten if r and getal(r["aandeel_binnen_10km"]) is not None]
            if len(techniek) < 2:
                continue
            hoog = max(techniek, key=lambda r: getal(r["aandeel_binnen_10km"]) or 0.0)
            laag = min(techniek, key=lambda r: getal(r["aandeel_binnen_10km"]) or 0.0)
            tekst.append(
                f"In de {lw} is van de technische profielen {hoog['profiel']} het best "
                f"bereikbaar ({procent(hoog['aandeel_binnen_10km'])} binnen 10 km) en "
                f"{laag['profiel']} het minst ({procent(laag['aandeel_binnen_10km'])})."
            )
        rijen = []
        for p in (*TECHNIEK, *NIET_TECHNIEK):
            if not any((p, lw) in cellen for lw in LEERWEGEN):
                continue
            rij: dict[str, Any] = {
                "profiel": p,
                "soort": "techniek" if p in TECHNIEK else "niet-techniek",
            }
            for lw in LEERWEGEN:
                rij[lw] = cellen.get((p, lw), {}).get("aandeel_binnen_10km")
            rijen.append(rij)
        deel = Tabel(
            titel,
            (
                kop("bereikbaarheid", "profiel"),
                ("soort", "Soort profiel"),
                *((lw, lw) for lw in LEERWEGEN),
            ),
            rijen,
            groepen=(("", 2), (kop("bereikbaarheid", "aandeel_binnen_10km")[1], len(LEERWEGEN))),
            nummer="Tabel 4.7",
            noot=f"Bron: DUO en postcodegegevens (bewerking STO Monitor); gemeten: {wie}. "
            "Afstand in vogelvlucht.",
        )
    return sectie("p4-3-3", "4.3.3 Techniekaanbod binnen 10 kilometer van huis", tekst, [deel])
