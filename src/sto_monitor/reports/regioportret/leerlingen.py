"""Regioportret, sections 1-3: the region's technical students per profiel and leerweg, its
techniekaandeel against the country, and its growth.

The report itself is built in ``__init__.py``; the rules are the same for every section: every
number is a published cell, and a section whose source is not loaded says so.
"""

from __future__ import annotations

from typing import Any

from sto_monitor import domain
from sto_monitor.indicators.definities import Definitie
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import LANDELIJK, Regio, Snapshot, getal, getal_nl
from sto_monitor.publicatie.regio import CLUSTERS
from sto_monitor.publicatie.tekst import breukreden, is_breuk, schooljaar
from sto_monitor.reports.bronnen import ontbreekt_tekst
from sto_monitor.reports.onderdelen import (
    AFGESCHERMD_IN_GRAFIEK,
    BEREIK_IN_GRAFIEK,
    Figuur,
    Sectie,
    Tabel,
    kop,
    uit_monitorrapport,
)
from sto_monitor.reports.regioportret import aanbod

LEERWEGEN = domain.BEROEPSGERICHTE_LEERWEGEN
TECHNIEK = domain.TECHNIEK_PROFIELEN


# ---------------------------------------------------------------- 1. kerncijfers


def kerncijfers(snap: Snapshot, regio: Regio, basis: dict[str, Any]) -> Sectie:
    jaar = basis["jaar"]
    eigen, nl = basis["eigen"], basis["nl"]
    if eigen is None:
        return Sectie(
            "kerncijfers",
            "Techniekaandeel",
            ontbreekt=ontbreekt_tekst(snap, "techniekaandeel")
            or f"Geen derdejaars van {regio.naam} in {schooljaar(jaar)}.",
        )
    vergelijk = basis["vergelijkbaar"]
    rijen = [
        {**eigen, "naam": regio.naam},
        *([{**nl, "naam": "Nederland"}] if nl else []),
        *vergelijk.regios,
    ]
    tekst = [
        f"In {schooljaar(jaar)} volgen {_aantal(eigen['techniekleerlingen'])} van de "
        f"{_aantal(eigen['derdejaars'])} {Definitie.van(snap.techniek).populatie_naam} van "
        f"{regio.naam} een "
        f"technisch profiel: {_procent(eigen['techniekaandeel'])}"
        + (f" (Nederland: {_procent(nl['techniekaandeel'])})." if nl else "."),
        basis["verandering"],
    ]
    if vergelijk.gemiddelde is not None:
        tekst.append(
            f"De {len(vergelijk.regios)} regio's met het aantal derdejaars het dichtst bij dat "
            f"van {regio.naam} hebben gemiddeld een techniekaandeel van {vergelijk.gemiddelde} "
            f"procent (ongewogen, over {vergelijk.gemiddelde_over} gepubliceerde aandelen)."
        )
    onderdelen: list[Tabel | Figuur] = [
        Tabel(
            f"Techniekaandeel {schooljaar(jaar)}: {regio.naam}, Nederland en regio's van "
            "vergelijkbare omvang",
            (
                kop("techniekaandeel", "regio", sleutel="naam"),
                kop("techniekaandeel", "derdejaars"),
                kop("techniekaandeel", "techniekleerlingen"),
                kop("techniekaandeel", "techniekaandeel"),
            ),
            rijen,
        )
    ]
    if basis["trend_grafiek"] is not None and len(snap.jaren) > 1:
        namen = {regio.code: regio.naam, LANDELIJK: "Nederland"}
        onderdelen.append(
            Figuur(
                f"Techniekaandeel per schooljaar: {regio.naam} en Nederland",
                "Lijngrafiek van het techniekaandeel per schooljaar van de regio en van "
                "Nederland; de tabel eronder geeft dezelfde cijfers.",
                spec=basis["trend_grafiek"],
                tabel=Tabel(
                    "Techniekaandeel per schooljaar",
                    (
                        kop("techniekaandeel", "schooljaar", sleutel="jaar"),
                        kop("techniekaandeel", "regio", sleutel="naam"),
                        kop("techniekaandeel", "derdejaars"),
                        kop("techniekaandeel", "techniekleerlingen"),
                        kop("techniekaandeel", "techniekaandeel"),
                    ),
                    [
                        {**r, "jaar": schooljaar(r["schooljaar"]), "naam": namen[r["regio"]]}
                        for r in basis["trend_tabel"]
                    ],
                ),
            )
        )
    return Sectie("kerncijfers", "Techniekaandeel", tekst=tekst, onderdelen=onderdelen)


# ---------------------------------------------------------------- 2. profielen en leerwegen


def profielen(snap: Snapshot, regio: Regio) -> Sectie:
    ontbreekt = ontbreekt_tekst(snap, "kwetsbare_groepen")
    if ontbreekt:
        return Sectie("profielen", "Techniekleerlingen per profiel en leerweg", ontbreekt=ontbreekt)
    rijen = snap.beschikbare_rijen("kwetsbare_groepen", regio=regio.code)
    per_leerweg = snap.beschikbare_rijen("techniekleerlingen_per_regio", regio=regio.code)
    jaren = sorted({r["schooljaar"] for r in rijen} | {r["schooljaar"] for r in per_leerweg})
    cellen = {(r["profiel"], r["leerweg"], r["schooljaar"]): r["derdejaars"] for r in rijen}
    matrix = [
        {"profiel": p, "leerweg": lw, **{str(j): cellen.get((p, lw, j), 0) for j in jaren}}
        for p in TECHNIEK
        for lw in LEERWEGEN
        if any((p, lw, j) in cellen for j in jaren)
    ]
    jaar_kolommen = tuple((str(j), schooljaar(j)) for j in jaren)
    tekst = [
        "Derdejaars in een technisch profiel, per profiel en leerweg, in elk geladen "
        "schooljaar. Een profiel dat in een schooljaar nergens in de regio wordt aangeboden "
        "telt daar als 0."
    ]
    laatste = snap.laatste_jaar
    gl = next(
        (r for r in per_leerweg if r["schooljaar"] == laatste and r["leerweg"] == "gl"),
        None,
    )
    if gl is not None and getal(gl["aantal"]) == 0:
        tekst.append(
            f"In {schooljaar(laatste)} volgt in {regio.naam} geen enkele gl-derdejaars een "
            "technisch profiel: de regio heeft geen gl techniek."
        )
    # A leerweg without a single technical student in any year draws no bar: it is not in
    # the chart, so not in its legend either (the table still lists it, with its zeros).
    getekend = {
        r["leerweg"] for r in per_leerweg if r["leerweg"] in LEERWEGEN and getal(r["aantal"])
    }
    grafiekrijen = [
        {
            "schooljaar": schooljaar(r["schooljaar"]),
            "leerweg": r["leerweg"],
            **charts.cel("aantal", r["aantal"]),  # a masked count is drawn as its range
        }
        for r in sorted(
            per_leerweg, key=lambda r: (r["schooljaar"], aanbod.leerwegvolgorde(r["leerweg"]))
        )
        if r["leerweg"] in getekend
    ]
    leerweg_tabel = Tabel(
        "Techniekleerlingen per leerweg en schooljaar",
        (kop("techniekleerlingen_per_regio", "leerweg"), *jaar_kolommen),
        [
            {
                "leerweg": lw,
                **{str(r["schooljaar"]): r["aantal"] for r in per_leerweg if r["leerweg"] == lw},
            }
            for lw in (*LEERWEGEN, "totaal")
        ],
    )
    return Sectie(
        "profielen",
        "Techniekleerlingen per profiel en leerweg",
        tekst=tekst,
        onderdelen=[
            Tabel(
                "Derdejaars per technisch profiel en leerweg",
                (
                    kop("kwetsbare_groepen", "profiel"),
                    kop("kwetsbare_groepen", "leerweg"),
                    *jaar_kolommen,
                ),
                matrix,
                leeg="De regio heeft in geen geladen schooljaar derdejaars in een technisch "
                "profiel.",
            ),
            Figuur(
                "Techniekleerlingen per leerweg en schooljaar",
                "Gestapelde staven: per schooljaar de techniekleerlingen van de regio, "
                f"verdeeld over {_opsomming(sorted(getekend, key=aanbod.leerwegvolgorde))}; "
                "de tabel eronder geeft dezelfde cijfers.",
                spec=charts.staaf(
                    grafiekrijen,
                    x="schooljaar",
                    y="aantal",
                    kleur="leerweg",
                    titel=f"Techniekleerlingen per leerweg, {regio.naam}",
                    y_titel="derdejaars",
                ),
                tabel=leerweg_tabel,
                noot=AFGESCHERMD_IN_GRAFIEK
                if any(r["aantal"] is None and "aantal_min" not in r for r in grafiekrijen)
                else BEREIK_IN_GRAFIEK
                if any("aantal_min" in r for r in grafiekrijen)
                else None,
            ),
        ],
    )


# ---------------------------------------------------------------- 3. groei


def groei(snap: Snapshot, regio: Regio, basis: dict[str, Any]) -> Sectie:
    ontbreekt = ontbreekt_tekst(snap, "groeiclusters")
    if ontbreekt:
        return Sectie("groei", "Groei en krimp", ontbreekt=ontbreekt)
    rijen = sorted(
        snap.beschikbare_rijen("groeiclusters", regio=regio.code), key=lambda r: r["schooljaar"]
    )
    tekst = [
        "Procentuele verandering van het aantal derdejaars in bb en kb tegen het vorige "
        "schooljaar, techniek en niet-techniek apart, en het groeicluster dat daaruit volgt "
        f"(zoals {uit_monitorrapport('Figuur 4.5', 'Tabel 4.3')})."
    ]
    cluster = basis["groeicluster"]
    if cluster and cluster.get("uitleg"):
        tekst.append(
            f"In {schooljaar(basis['jaar'])} valt {regio.naam} in cluster {cluster['cluster']}: "
            f"{cluster['uitleg']}."
        )
    for r in rijen:
        if is_breuk(r.get("cluster")):
            reden = breukreden(snap, "groeiclusters", r["schooljaar"]) or r["cluster"]
            tekst.append(
                f"Voor {schooljaar(r['schooljaar'])} is er geen verandering en geen "
                f"groeicluster: {reden}"
            )
    profielrijen = snap.beschikbare_rijen(
        "bl_kl_clusters", regio=regio.code, schooljaar=basis["jaar"]
    )
    profielrijen.sort(
        key=lambda r: TECHNIEK.index(r["profiel"]) if r["profiel"] in TECHNIEK else 99
    )
    return Sectie(
        "groei",
        "Groei en krimp",
        tekst=tekst,
        onderdelen=[
            Tabel(
                "Verandering techniek en niet-techniek (bb en kb) en groeicluster",
                (
                    kop("groeiclusters", "schooljaar", sleutel="jaar"),
                    kop("groeiclusters", "techniekleerlingen"),
                    kop("groeiclusters", "niet_techniekleerlingen"),
                    kop("groeiclusters", "verandering_techniek_pct"),
                    kop("groeiclusters", "verandering_niet_techniek_pct"),
                    kop("groeiclusters", "cluster"),
                ),
                [{**r, "jaar": schooljaar(r["schooljaar"])} for r in rijen],
                noot="Clusters: "
                + "; ".join(f"{c}: {uitleg}" for c, uitleg in CLUSTERS.items())
                + ".",
            ),
            Tabel(
                f"Gemiddeld aantal derdejaars per vestiging in bb en kb per profiel, "
                f"{schooljaar(basis['jaar'])}",
                tuple(
                    kop("bl_kl_clusters", k)
                    for k in (
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
                profielrijen,
                leeg="Geen technische profielen in bb of kb in dit schooljaar.",
            ),
        ],
    )


# ---------------------------------------------------------------- words


def _aantal(value: object) -> str:
    n = getal(value)
    if n is not None and float(n).is_integer() and isinstance(value, int | float):
        return getal_nl(n, 0)
    return weergave(value) if value is not None else "onbekend"


def _opsomming(delen: list[str]) -> str:
    if not delen:
        return "de leerwegen"
    return ", ".join(delen[:-1]) + " en " + delen[-1] if len(delen) > 1 else delen[0]


def _procent(value: object) -> str:
    n = getal(value)
    return f"{getal_nl(n)} procent" if n is not None else f"{value} (afgeschermd)"
