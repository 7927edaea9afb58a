"""§4.1.3 and §4.1.4 of the national chapter: techniek per STO-regio and growth clusters.

Figuur 4.3 (techniekaandeel per region), Figuur 4.4 (techniekleerlingen per region and
leerweg), Figuur 4.5 (change of techniek and niet-techniek per region) and Tabel 4.3 (the
four growth clusters), with sentences from the published summary indicators.
"""

from __future__ import annotations

from typing import Any

from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import getal, getal_nl
from sto_monitor.publicatie.regio import CLUSTERS
from sto_monitor.publicatie.tekst import breukreden, schooljaar
from sto_monitor.reports.kaarten import nederlandkaart
from sto_monitor.reports.landelijk_basis import (
    BRON_DUO,
    CLUSTERHOEKEN,
    LEERWEG_NAAM,
    LEERWEGEN,
    Context,
    Deel,
    Ontbreekt,
    aantal,
    definitie,
    per_sleutel,
    sectie,
    volgorde,
)
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Figuur, Sectie, Tabel, kop

INDICATOREN: tuple[str, ...] = (
    "techniekaandeel_per_regio",
    "techniekaandeel_per_regio_samenvatting",
    "techniekleerlingen_per_regio",
    "techniekleerlingen_per_regio_samenvatting",
    "groeiclusters",
    "groeiclusters_samenvatting",
)


# ---------------------------------------------------------------- 4.1.3 Figuren 4.3 en 4.4


def per_regio(ctx: Context) -> Sectie:
    tekst = [
        definitie("techniekaandeel_per_regio"),
        *ctx.dekking("techniekaandeel_per_regio"),
        *_samenvatting_aandeel(ctx),
        definitie("techniekleerlingen_per_regio"),
        *_samenvatting_aantal(ctx),
    ]
    return sectie(
        "p4-1-3",
        "4.1.3 Aandeel en aantal techniekleerlingen per regio",
        tekst,
        [_figuur_4_3(ctx), *_kaart(ctx), _figuur_4_4(ctx)],
    )


# A bar per region, lying, with the region's name: 78 regions fill a page and stay readable.
STAP = 10  # CSS px per region
LABELGROOTTE = 8


def _regionamen(ctx: Context, codes: list[str]) -> dict[str, str]:
    """Each region's name as a chart label (its code added where two names are the same)."""
    namen = {c: _regionaam(ctx, c) for c in codes}
    dubbel = {n for n in namen.values() if list(namen.values()).count(n) > 1}
    return {c: f"{n} ({c})" if n in dubbel else n for c, n in namen.items()}


def _regionaam(ctx: Context, code: str) -> str:
    regio = ctx.snap.regios.get(code)
    return regio.naam if regio else code


def _samenvatting(ctx: Context, naam: str, jaar: int | None = None) -> dict[str, Any] | None:
    """The one summary row of ``naam`` for the school year (or ``jaar``), if published."""
    rijen = ctx.rijen(naam, jaar)
    return rijen[0] if rijen else None


def _samenvatting_aandeel(ctx: Context) -> list[str]:
    naam = "techniekaandeel_per_regio_samenvatting"
    nu = _samenvatting(ctx, naam)
    if nu is None:
        return []
    gemiddeld = getal(nu["gemiddeld_techniekaandeel"])
    if gemiddeld is None:
        return []
    zin = (
        f"In schooljaar {ctx.sj} volgde per STO-regio gemiddeld {getal_nl(gemiddeld)} procent "
        "van de derdejaarsleerlingen een technisch profiel (ongewogen gemiddelde over "
        f"{aantal(nu['regio_aantal'])} regio's)"
    )
    vorig = _samenvatting(ctx, naam, ctx.vorig) if ctx.vorig is not None else None
    if vorig and getal(vorig["gemiddeld_techniekaandeel"]) is not None:
        oud = getal(vorig["gemiddeld_techniekaandeel"]) or 0.0
        zin += f"; in {schooljaar(ctx.vorig)} was dat {getal_nl(oud)} procent"
    return [
        zin + ".",
        f"{aantal(nu['regios_boven_gemiddelde'])} regio's liggen boven dit gemiddelde; "
        f"{aantal(nu['regios_onder_10_procent'])} regio's hebben een aandeel onder 10 procent "
        f"en {aantal(nu['regios_vanaf_40_procent'])} regio's een aandeel van 40 procent of meer.",
    ]


def _samenvatting_aantal(ctx: Context) -> list[str]:
    naam = "techniekleerlingen_per_regio_samenvatting"
    nu = _samenvatting(ctx, naam)
    if nu is None or getal(nu["gemiddeld_per_regio"]) is None:
        return []
    zin = (
        f"Een STO-regio heeft in schooljaar {ctx.sj} gemiddeld "
        f"{getal_nl(getal(nu['gemiddeld_per_regio']) or 0.0, 0)} techniekleerlingen"
    )
    vorig = _samenvatting(ctx, naam, ctx.vorig) if ctx.vorig is not None else None
    if vorig and getal(vorig["gemiddeld_per_regio"]) is not None:
        zin += (
            f" ({schooljaar(ctx.vorig)}: {getal_nl(getal(vorig['gemiddeld_per_regio']) or 0.0, 0)})"
        )
    grootste = LEERWEG_NAAM.get(str(nu["grootste_leerweg"]), str(nu["grootste_leerweg"]))
    return [
        zin + ".",
        f"{aantal(nu['regios_onder_gemiddelde'])} regio's zitten onder dit gemiddelde, "
        f"{aantal(nu['regios_onder_75'])} regio's hebben minder dan 75 techniekleerlingen en "
        f"{aantal(nu['regios_boven_300'])} regio's meer dan 300.",
        f"In {aantal(nu['regios_meeste_kb'])} regio's heeft de kb de meeste "
        f"techniekleerlingen, in {aantal(nu['regios_meeste_bb'])} de bb en in "
        f"{aantal(nu['regios_meeste_gl'])} de gl; in {aantal(nu['regios_zonder_gl'])} regio's "
        "volgt geen enkele gl-leerling een technisch profiel. Over alle regio's samen is de "
        f"{grootste} de grootste.",
    ]


def _figuur_4_3(ctx: Context) -> Deel:
    titel = f"Aandeel leerlingen in technisch profiel per STO-regio, schooljaar {ctx.sj}"
    reden = ctx.ontbreekt("techniekaandeel_per_regio")
    if reden:
        return Ontbreekt("Figuur 4.3", titel, reden)
    rijen = sorted(ctx.rijen("techniekaandeel_per_regio"), key=lambda r: str(r["regio"]))
    namen = _regionamen(ctx, [str(r["regio"]) for r in rijen])
    grafiek = sorted(
        (
            {"regio": namen[str(r["regio"])], "techniekaandeel": getal(r["techniekaandeel"])}
            for r in rijen
            if getal(r["techniekaandeel"]) is not None
        ),
        key=lambda r: (-(getal(r["techniekaandeel"]) or 0.0), str(r["regio"])),
    )
    samenvatting = _samenvatting(ctx, "techniekaandeel_per_regio_samenvatting")
    gemiddeld = getal(samenvatting["gemiddeld_techniekaandeel"]) if samenvatting else None
    return Figuur(
        titel,
        "Liggende staven: per STO-regio, bij naam, het aandeel derdejaarsleerlingen in een "
        "technisch profiel, van hoog naar laag, met het gemiddelde over de regio's als "
        "stippellijn; de tabel eronder geeft dezelfde cijfers per regio.",
        spec=charts.balk(
            grafiek,
            categorie="regio",
            waarde="techniekaandeel",
            titel=titel,
            waarde_titel="procent",
            liggend=True,
            referentie=gemiddeld,
            referentie_tekst=f"gemiddelde {getal_nl(gemiddeld)}" if gemiddeld else None,
            hoogte=STAP * max(len(grafiek), 1),
            labelgrootte=LABELGROOTTE,
        ),
        tabel=Tabel(
            f"Figuur 4.3 in cijfers: techniekaandeel per STO-regio, {ctx.sj}",
            (
                kop("techniekaandeel_per_regio", "regio"),
                ("naam", "Naam"),
                kop("techniekaandeel_per_regio", "derdejaars"),
                kop("techniekaandeel_per_regio", "techniekleerlingen"),
                kop("techniekaandeel_per_regio", "techniekaandeel"),
                kop("techniekaandeel_per_regio", "boven_gemiddelde"),
            ),
            [{**r, "naam": _regionaam(ctx, r["regio"])} for r in rijen],
        ),
        nummer="Figuur 4.3",
        noot=BRON_DUO,
    )


def _figuur_4_4(ctx: Context) -> Deel:
    titel = f"Aantal leerlingen in technische profielen per STO-regio, schooljaar {ctx.sj}"
    reden = ctx.ontbreekt("techniekleerlingen_per_regio")
    if reden:
        return Ontbreekt("Figuur 4.4", titel, reden)
    cellen = per_sleutel(ctx.rijen("techniekleerlingen_per_regio"), "regio", "leerweg")
    codes = sorted({str(regio) for regio, _ in cellen})
    rijen = []
    for code in codes:
        rij: dict[str, Any] = {"regio": code, "naam": _regionaam(ctx, code)}
        for lw in (*LEERWEGEN, "totaal"):
            rij[lw] = cellen.get((code, lw), {}).get("aantal")
        rij["meeste"] = ", ".join(
            lw for lw in LEERWEGEN if cellen.get((code, lw), {}).get("meeste") is True
        )
        rijen.append(rij)
    op_grootte = sorted(rijen, key=lambda r: (-(getal(r["totaal"]) or 0.0), r["regio"]))
    namen = _regionamen(ctx, codes)
    grafiek = [
        {"regio": namen[r["regio"]], "leerweg": lw, "aantal": getal(r[lw])}
        for r in op_grootte
        for lw in LEERWEGEN
    ]
    samenvatting = _samenvatting(ctx, "techniekleerlingen_per_regio_samenvatting")
    gemiddeld = getal(samenvatting["gemiddeld_per_regio"]) if samenvatting else None
    return Figuur(
        titel,
        "Liggende gestapelde staven: per STO-regio, bij naam, het aantal derdejaarsleerlingen "
        "in een technisch profiel, verdeeld over bb, kb en gl, van groot naar klein, met het "
        "gemiddelde als stippellijn; de tabel eronder geeft dezelfde cijfers per regio.",
        spec=charts.balk(
            grafiek,
            categorie="regio",
            waarde="aantal",
            kleur="leerweg",
            titel=titel,
            waarde_titel="techniekleerlingen",
            liggend=True,
            referentie=gemiddeld,
            referentie_tekst=f"gemiddelde {getal_nl(gemiddeld, 0)}" if gemiddeld else None,
            hoogte=STAP * max(len(op_grootte), 1),
            labelgrootte=LABELGROOTTE,
        ),
        tabel=Tabel(
            f"Figuur 4.4 in cijfers: techniekleerlingen per STO-regio en leerweg, {ctx.sj}",
            (
                kop("techniekleerlingen_per_regio", "regio"),
                ("naam", "Naam"),
                ("bb", "bb"),
                ("kb", "kb"),
                ("gl", "gl"),
                ("totaal", "Totaal"),
                kop("techniekleerlingen_per_regio", "meeste"),
            ),
            rijen,
            groepen=(("", 2), (kop("techniekleerlingen_per_regio", "aantal")[1], 4), ("", 1)),
        ),
        nummer="Figuur 4.4",
        noot=BRON_DUO,
    )


# ---------------------------------------------------------------- 4.1.4 Figuur 4.5, Tabel 4.3


def groei(ctx: Context) -> Sectie:
    tekst = [
        definitie("groeiclusters"),
        *ctx.dekking("groeiclusters"),
        "De vier clusters: " + "; ".join(f"{c}: {u}" for c, u in CLUSTERS.items()) + ".",
    ]
    samenvatting = sorted(
        ctx.rijen("groeiclusters_samenvatting"), key=lambda r: volgorde(r["cluster"], "ABCD")
    )
    breuk = _breuk(ctx)
    if breuk:
        tekst.append(breuk)
    elif samenvatting:
        tekst.append(
            f"In schooljaar {ctx.sj}: "
            + ", ".join(
                f"cluster {r['cluster']} {aantal(r['regio_aantal'])} regio's" for r in samenvatting
            )
            + "."
        )
    tekst.append(definitie("groeiclusters_samenvatting"))
    return sectie(
        "p4-1-4",
        "4.1.4 Ontwikkelingen in de basis- en kaderberoepsgerichte leerwegen",
        tekst,
        [_figuur_4_5(ctx), _tabel_4_3(ctx, samenvatting)],
    )


def _breuk(ctx: Context) -> str | None:
    """Why no growth clusters are computed for this school year: a break of the series."""
    rijen = ctx.rijen("groeiclusters_samenvatting")
    if ctx.vorig is None or not any(r.get("breuk") for r in rijen):
        return None
    reden = breukreden(ctx.snap, "groeiclusters", ctx.jaar)
    return (
        f"Er zijn geen groeiclusters voor schooljaar {ctx.sj}: de aantallen zijn niet te "
        f"vergelijken met schooljaar {schooljaar(ctx.vorig)}. {reden or ''}"
    ).strip()


def _figuur_4_5(ctx: Context) -> Deel:
    vorig = schooljaar(ctx.vorig) if ctx.vorig is not None else "het vorige schooljaar"
    titel = (
        "Procentuele verandering in aantal leerlingen in technische versus niet-technische "
        f"profielen per STO-regio, schooljaar {ctx.sj} ten opzichte van {vorig}"
    )
    reden = ctx.ontbreekt("groeiclusters") or _breuk(ctx)
    if reden or ctx.vorig is None:
        return Ontbreekt("Figuur 4.5", titel, reden or ctx.zonder_vergelijking())
    rijen = sorted(ctx.rijen("groeiclusters"), key=lambda r: str(r["regio"]))
    punten = [
        {
            "regio": r["regio"],
            "naam": _regionaam(ctx, r["regio"]),
            "techniek": getal(r["verandering_techniek_pct"]),
            "niet_techniek": getal(r["verandering_niet_techniek_pct"]),
            "cluster": f"cluster {r['cluster']}" if r["cluster"] in CLUSTERS else "geen",
        }
        for r in sorted(rijen, key=lambda r: (str(r["cluster"]), str(r["regio"])))
    ]
    return Figuur(
        titel,
        "Spreidingsdiagram: per STO-regio de procentuele verandering van het aantal "
        "techniekleerlingen (horizontaal) en niet-techniekleerlingen (verticaal) in bb en kb, "
        "gekleurd naar cluster; de kwadranten zijn de clusters A tot en met D. De tabel eronder "
        "geeft dezelfde cijfers per regio.",
        spec=charts.spreiding(
            punten,
            x="techniek",
            y="niet_techniek",
            titel=titel,
            x_titel="verandering techniekleerlingen (%)",
            y_titel="verandering niet-techniekleerlingen (%)",
            kleur="cluster",
            label=("regio", "naam"),
            kwadranten=CLUSTERHOEKEN,
        ),
        tabel=Tabel(
            f"Figuur 4.5 in cijfers: verandering per STO-regio (bb en kb), {ctx.sj}",
            (
                kop("groeiclusters", "regio"),
                ("naam", "Naam"),
                kop("groeiclusters", "techniekleerlingen"),
                kop("groeiclusters", "niet_techniekleerlingen"),
                kop("groeiclusters", "verandering_techniek_pct"),
                kop("groeiclusters", "verandering_niet_techniek_pct"),
                kop("groeiclusters", "cluster"),
            ),
            [{**r, "naam": _regionaam(ctx, r["regio"])} for r in rijen],
        ),
        nummer="Figuur 4.5",
        noot=BRON_DUO,
    )


def _tabel_4_3(ctx: Context, samenvatting: list[dict[str, Any]]) -> Deel:
    titel = (
        "Indicatoren van groei en daling clusters voor de STO-regio's (leerlingen in de bl en "
        "kl tezamen)"
    )
    reden = ctx.ontbreekt("groeiclusters") or _breuk(ctx)
    if reden or ctx.vorig is None:
        return Ontbreekt("Tabel 4.3", titel, reden or ctx.zonder_vergelijking())
    if not samenvatting:
        return Ontbreekt("Tabel 4.3", titel, ctx.ontbreekt("groeiclusters_samenvatting") or "")
    vorig = schooljaar(ctx.vorig)
    return Tabel(
        titel,
        (
            kop("groeiclusters_samenvatting", "cluster"),
            kop("groeiclusters_samenvatting", "regio_aantal"),
            kop("groeiclusters_samenvatting", "techniekleerlingen", bij=ctx.sj),
            kop("groeiclusters_samenvatting", "techniekaandeel", bij=ctx.sj),
            kop("groeiclusters_samenvatting", "techniekaandeel_bb", bij=ctx.sj),
            kop("groeiclusters_samenvatting", "verandering_techniek_pct", bij=f"t.o.v. {vorig}"),
            kop(
                "groeiclusters_samenvatting",
                "verandering_niet_techniek_pct",
                bij=f"t.o.v. {vorig}",
            ),
        ),
        samenvatting,
        nummer="Tabel 4.3",
        noot=BRON_DUO + " Aandelen en veranderingen: ongewogen gemiddelden over de regio's van "
        "het cluster.",
    )


# ---------------------------------------------------------------- the map of Figuur 4.3

KAART = "Kaart 4.1"  # not in the monitor report: numbered apart from its figures


def _kaart(ctx: Context) -> list[Deel]:
    """The techniekaandeel of Figuur 4.3 on the map of the Netherlands, as the dashboard's
    /kaart shows it: every gemeente in the colour of the region most of its vestigingen are in.
    """
    if ctx.ontbreekt("techniekaandeel_per_regio"):
        return []  # Figuur 4.3 says why; a map without numbers adds nothing
    titel = (
        f"Aandeel leerlingen in technisch profiel per STO-regio op de kaart, schooljaar {ctx.sj}"
    )
    waarden = {
        str(r["regio"]): r["techniekaandeel"] for r in ctx.rijen("techniekaandeel_per_regio")
    }
    beschrijving = (
        "Kaart van Nederland. Elke gemeente is gekleurd naar het techniekaandeel van de "
        "STO-regio waartoe de meeste vmbo-vestigingen in die gemeente behoren, in vijf klassen "
        "van licht (laag) naar donker (hoog); grijze gemeenten horen bij geen regio of de "
        "waarde van hun regio is afgeschermd. Donkere lijnen zijn provinciegrenzen. De cijfers "
        "staan in de tabel bij Figuur 4.3."
    )
    kaart = nederlandkaart(
        ctx.snap, waarden, titel=titel, beschrijving=beschrijving, wat="Techniekaandeel"
    )
    if kaart is None:
        return []
    svg, legenda = kaart
    return [
        Figuur(
            titel,
            beschrijving,
            svg=svg,
            legenda=legenda,
            nummer=KAART,
            noot=f"Deze kaart staat niet in {MONITORRAPPORT}; ze toont de cijfers van Figuur "
            "4.3. Een STO-regio is een samenwerkingsverband van scholen, geen gebied: een "
            "gemeente krijgt de kleur van de regio van de meeste vmbo-vestigingen in die "
            "gemeente. " + BRON_DUO + " Grenzen: CBS/PDOK, Wijk- en buurtkaart (vereenvoudigd).",
        )
    ]
