"""Paragraph 4.2 of the national chapter: technical students per vestiging and region.

Tabel 4.4 (group size per vestiging), Tabel 4.5 (regions offering a profiel) and Figuur 4.6
(the change in bl and kl per region and profiel).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import getal
from sto_monitor.publicatie.tekst import breukreden, is_breuk, schooljaar
from sto_monitor.reports.landelijk_basis import (
    BRON_DUO,
    CLUSTERHOEKEN,
    LEERWEGEN,
    TECHNIEK,
    Context,
    Deel,
    Ontbreekt,
    aantal,
    definitie,
    een_legenda,
    opsomming,
    procent,
    sectie,
    volgorde,
)
from sto_monitor.reports.onderdelen import Figuur, Sectie, Tabel, kop

INDICATOREN: tuple[str, ...] = (
    "groepsgrootte",
    "regio_aanbod",
    "bl_kl_clusters",
)


def _techniek_volgorde(r: dict[str, Any]) -> tuple[int, int]:
    return volgorde(r["leerweg"], LEERWEGEN), volgorde(r["profiel"], TECHNIEK)


# ---------------------------------------------------------------- 4.2


def paragraaf_4_2(ctx: Context) -> Sectie:
    return Sectie(
        "p4-2",
        "4.2 Technische leerlingen naar profiel, regio's en vestiging",
        tekst=[
            "Deze paragraaf kijkt naar het aantal derdejaarsleerlingen per vestiging en per "
            "STO-regio in de vijf technische profielen. Een leerlingenaantal van hooguit tien "
            "per profiel per vestiging geldt als lastig organiseerbaar (kwetsbaar)."
        ],
        subsecties=[_groepsgrootte(ctx), _regio_aanbod(ctx), _bl_kl(ctx)],
    )


def _groepsgrootte(ctx: Context) -> Sectie:
    titel = (
        "Aandeel gemiddeld aantal derdejaarsleerlingen naar groepsgrootte, leerweg en profiel, "
        f"schooljaar {ctx.sj}"
    )
    tekst = [definitie("groepsgrootte")]
    reden = ctx.ontbreekt("groepsgrootte")
    deel: Deel
    if reden:
        deel = Ontbreekt("Tabel 4.4", titel, reden)
    else:
        rijen = sorted(ctx.rijen("groepsgrootte"), key=_techniek_volgorde)
        voorbeeld = next((r for r in rijen if getal(r["aandeel_1_5"]) is not None), None)
        if voorbeeld:
            tekst.append(
                f"Leesvoorbeeld: in de {voorbeeld['leerweg']} heeft "
                f"{procent(voorbeeld['aandeel_1_5'])} van de vestigingen met het profiel "
                f"{voorbeeld['profiel']} 1 tot en met 5 derdejaarsleerlingen; "
                f"{procent(voorbeeld['aandeel_kwetsbaar'])} heeft er hooguit 10 (kwetsbaar)."
            )
        onzeker = [f"{r['profiel']} {r['leerweg']}" for r in rijen if r.get("onzeker") is True]
        if onzeker:
            welke = (
                opsomming(onzeker)
                if len(onzeker) <= 4
                else f"{len(onzeker)} van de {len(rijen)} combinaties van profiel en leerweg"
            )
            tekst.append(
                f"Bij {welke} hangt de indeling van ten minste één vestiging af van een "
                "<5-cel van DUO (kolom Onzeker door DUO-maskering)."
            )
        breuk = breukreden(ctx.snap, "groepsgrootte", ctx.jaar)
        if breuk:  # last year's mean is not comparable: not beside this year's
            tekst.append(f"Geen vergelijking met {schooljaar(ctx.vorig)}: {breuk}")
        gemiddeld_vorig = (
            [
                kop(
                    "groepsgrootte",
                    "gemiddeld",
                    bij=schooljaar(ctx.vorig),
                    sleutel="gemiddeld_vorig",
                )
            ]
            if ctx.vorig and not breuk
            else []
        )
        deel = Tabel(
            titel,
            (
                *(
                    kop("groepsgrootte", k)
                    for k in (
                        "leerweg",
                        "profiel",
                        "aandeel_1_5",
                        "aandeel_6_10",
                        "aandeel_11_20",
                        "aandeel_21_30",
                        "aandeel_meer_dan_30",
                        "aandeel_kwetsbaar",
                    )
                ),
                *gemiddeld_vorig,
                kop("groepsgrootte", "gemiddeld", bij=ctx.sj),
                *([kop("groepsgrootte", "onzeker")] if onzeker else []),
            ),
            rijen,
            nummer="Tabel 4.4",
            noot=BRON_DUO + " 1 tot en met 5 leerlingen tot en met meer dan 30 leerlingen: "
            "aandeel (%) van de aanbiedende vestigingen met zoveel derdejaarsleerlingen in het "
            "profiel en de leerweg; kwetsbaar: hooguit 10 (%). Gemiddeld per vestiging: "
            "gemiddeld aantal derdejaarsleerlingen per aanbiedende vestiging.",
        )
    return sectie("p4-2-1", "4.2.1 Aandeel leerlingen per vestiging", tekst, [deel])


def _regio_aanbod(ctx: Context) -> Sectie:
    titel = (
        "Aantal STO-regio's dat profiel aanbiedt: met een of meer vestigingen en met gemiddeld "
        f"minder dan 11 leerlingen per leerweg, schooljaar {ctx.sj}"
    )
    tekst = [definitie("regio_aanbod"), *ctx.dekking("regio_aanbod")]
    reden = ctx.ontbreekt("regio_aanbod")
    deel: Deel
    if reden:
        deel = Ontbreekt("Tabel 4.5", titel, reden)
    else:
        rijen = sorted(ctx.rijen("regio_aanbod"), key=_techniek_volgorde)
        if rijen:
            r = rijen[0]
            tekst.append(
                f"Leesvoorbeeld: het profiel {r['profiel']} wordt in de {r['leerweg']} in "
                f"{aantal(r['aantal_regios'])} STO-regio's aangeboden; in "
                f"{aantal(r['regios_onder_11'])} daarvan telt een aanbiedende vestiging "
                "gemiddeld minder dan 11 derdejaarsleerlingen."
            )
        onzeker = any(r.get("onzeker") is True for r in rijen)
        deel = Tabel(
            titel,
            (
                *(
                    kop("regio_aanbod", k)
                    for k in (
                        "leerweg",
                        "profiel",
                        "aantal_regios",
                        "regios_onder_11",
                        "regios_1_vestiging",
                        "regios_1_vestiging_onder_11",
                        "regios_meer_vestigingen",
                        "regios_meer_vestigingen_onder_11",
                    )
                ),
                *([kop("regio_aanbod", "regios_onzeker")] if onzeker else []),
            ),
            rijen,
            nummer="Tabel 4.5",
            noot=BRON_DUO + " Minder dan 11 leerlingen: gemiddeld minder dan 11 "
            "derdejaarsleerlingen per aanbiedende vestiging.",
        )
    return sectie(
        "p4-2-2",
        "4.2.2 Verschillen per STO-regio naar aantallen vestigingen per profiel",
        tekst,
        [deel],
    )


def _bl_kl(ctx: Context) -> Sectie:
    vorig = schooljaar(ctx.vorig) if ctx.vorig is not None else "het vorige schooljaar"
    titel = (
        "Procentuele verandering in het gemiddeld aantal bl- en kl-leerlingen per STO-regio en "
        f"profiel, schooljaar {ctx.sj} ten opzichte van {vorig}"
    )
    tekst = [definitie("bl_kl_clusters"), *ctx.dekking("bl_kl_clusters")]
    reden = ctx.ontbreekt("bl_kl_clusters") or (
        ctx.zonder_vergelijking() if ctx.vorig is None else None
    )
    if not reden and any(is_breuk(r.get("verandering_bb")) for r in ctx.rijen("bl_kl_clusters")):
        reden = (
            f"De gemiddelden van schooljaar {ctx.sj} zijn niet te vergelijken met die van "
            f"schooljaar {vorig}. {breukreden(ctx.snap, 'bl_kl_clusters', ctx.jaar) or ''}"
        ).strip()
    if reden:
        return sectie(
            "p4-2-3",
            "4.2.3 Verandering in leerlingenaantallen: verschillen tussen de bl en kl",
            tekst,
            [Ontbreekt("Figuur 4.6", titel, reden)],
        )
    rijen = sorted(
        ctx.rijen("bl_kl_clusters"),
        key=lambda r: (str(r["regio"]), volgorde(r["profiel"], TECHNIEK)),
    )
    telling = Counter((r["profiel"], r["cluster"]) for r in rijen)
    per_profiel = []
    for p in TECHNIEK:
        delen = [f"{c} {telling[(p, c)]}" for c in "ABCD" if telling[(p, c)]]
        if delen:
            per_profiel.append(f"{p}: " + ", ".join(delen))
    if per_profiel:
        tekst.append(
            "Aantal regio's per cluster (telling van de gepubliceerde clusters in de tabel; "
            "een afgeschermde cluster telt niet mee): " + "; ".join(per_profiel) + "."
        )
    punten = [
        {
            "regio": r["regio"],
            "profiel": r["profiel"],
            "bb": getal(r["verandering_bb"]),
            "kb": getal(r["verandering_kb"]),
        }
        for r in sorted(rijen, key=lambda r: (volgorde(r["profiel"], TECHNIEK), str(r["regio"])))
    ]
    figuur = Figuur(
        titel,
        "Spreidingsdiagram: per STO-regio en technisch profiel de procentuele verandering van "
        "het gemiddeld aantal derdejaarsleerlingen per vestiging in de bl (horizontaal) en de kl "
        "(verticaal), met kleur en vorm per profiel; de kwadranten zijn de clusters A tot en "
        "met D. De tabel eronder geeft dezelfde cijfers.",
        spec=een_legenda(
            charts.spreiding(
                punten,
                x="bb",
                y="kb",
                titel=titel,
                x_titel="verandering gemiddeld aantal bl-leerlingen (%)",
                y_titel="verandering gemiddeld aantal kl-leerlingen (%)",
                kleur="profiel",
                vorm="profiel",
                label=("regio", "profiel"),
                kwadranten=CLUSTERHOEKEN,
            )
        ),
        tabel=Tabel(
            f"Figuur 4.6 in cijfers: gemiddeld aantal bl- en kl-leerlingen per vestiging, {ctx.sj}",
            tuple(
                kop("bl_kl_clusters", k)
                for k in (
                    "regio",
                    "profiel",
                    "vestigingen_bb",
                    "gemiddeld_bb",
                    "verandering_bb",
                    "vestigingen_kb",
                    "gemiddeld_kb",
                    "verandering_kb",
                    "cluster",
                )
            ),
            rijen,
        ),
        nummer="Figuur 4.6",
        noot=BRON_DUO,
    )
    return sectie(
        "p4-2-3",
        "4.2.3 Verandering in leerlingenaantallen: verschillen tussen de bl en kl",
        tekst,
        [figuur],
    )
