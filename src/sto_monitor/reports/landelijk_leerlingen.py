"""Paragraph 4.1 of the national chapter: derdejaars per profiel (Tabel 4.1) and in tl.

§4.1.1 is Tabel 4.1; §4.1.2 gives the tl figures in words; §4.1.3 and §4.1.4 (the regions
and the growth clusters) are in ``landelijk_regio``. Every number is a published cell.
"""

from __future__ import annotations

from typing import Any

from sto_monitor.indicators.breuken import SECTOR_ONBEKEND
from sto_monitor.publicatie.gegevens import LANDELIJK, getal
from sto_monitor.publicatie.tekst import breukreden, is_breuk, schooljaar
from sto_monitor.reports import landelijk_regio
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
    verandering,
)
from sto_monitor.reports.onderdelen import Sectie, Tabel, kop

INDICATOREN: tuple[str, ...] = (
    "leerlingen_per_profiel",
    "techniekaandeel",
    "leerlingen_tl",
    "reeksbreuken",
    *landelijk_regio.INDICATOREN,
)
PROFIELRIJEN: tuple[str, ...] = ("techniek", *TECHNIEK, "niet-techniek", *NIET_TECHNIEK)
GROEPNAAM: dict[str, str] = {
    "techniek": "Techniek",
    "niet-techniek": "Niet-techniek",
    "overig": "Overig",
    "totaal": "Totaal",
}


def paragraaf(ctx: Context) -> Sectie:
    return Sectie(
        "p4-1",
        "4.1 Ontwikkelingen in leerlingenaantallen",
        tekst=[
            "Deze paragraaf gaat over de derdejaarsleerlingen in de drie beroepsgerichte "
            "leerwegen van het vmbo: de basisberoepsgerichte (bb of bl), de "
            "kaderberoepsgerichte (kb of kl) en de gemengde leerweg (gl), per profiel, "
            "landelijk en per STO-regio."
        ],
        subsecties=[
            _per_profiel(ctx),
            _tl(ctx),
            landelijk_regio.per_regio(ctx),
            landelijk_regio.groei(ctx),
        ],
    )


# ---------------------------------------------------------------- 4.1.1 Tabel 4.1


def _per_profiel(ctx: Context) -> Sectie:
    titel = f"Aantal derdejaarsleerlingen per profiel: schooljaar {ctx.sj}"
    if ctx.vorig is not None:
        titel += f" en verandering t.o.v. schooljaar {schooljaar(ctx.vorig)}"
    tekst = [definitie("leerlingen_per_profiel")]
    reden = ctx.ontbreekt("leerlingen_per_profiel")
    deel: Deel
    if reden:
        deel = Ontbreekt("Tabel 4.1", titel, reden)
    else:
        cellen = per_sleutel(ctx.rijen("leerlingen_per_profiel"), "profiel", "leerweg")
        tekst += _kerncijfers(ctx, cellen)
        deel = _tabel_4_1(ctx, titel, cellen)
    return sectie(
        "p4-1-1",
        "4.1.1 Leerlingenaantallen van beroepsgerichte programma's per profiel",
        tekst,
        [deel],
    )


def _tabel_4_1(ctx: Context, titel: str, cellen: dict[tuple[Any, ...], Any]) -> Tabel:
    leerwegen = (*LEERWEGEN, "totaal")
    kolommen: list[tuple[str, str]] = [kop("leerlingen_per_profiel", "profiel")]
    groepen: list[tuple[str, int]] = [("", 1)]
    for lw in leerwegen:
        if ctx.vorig is None:
            kolommen.append((lw, "Totaal" if lw == "totaal" else lw))
            continue
        groepen.append(("Totaal" if lw == "totaal" else lw, 2))
        kolommen.append(kop("leerlingen_per_profiel", "aantal", sleutel=lw))
        kolommen.append(kop("leerlingen_per_profiel", "verandering_pct", sleutel=f"{lw}_pct"))
    if ctx.vorig is None:
        groepen = [("", 1), (kop("leerlingen_per_profiel", "aantal")[1], len(leerwegen))]
    rijen = []
    for profiel in (*PROFIELRIJEN, "overig", "totaal"):
        if not any((profiel, lw) in cellen for lw in leerwegen):
            continue
        rij: dict[str, Any] = {"profiel": GROEPNAAM.get(profiel, profiel)}
        for lw in leerwegen:
            cel = cellen.get((profiel, lw), {})
            rij[lw] = cel.get("aantal")
            pct = cel.get("verandering_pct")
            rij[f"{lw}_pct"] = NIET_VERGELIJKBAAR if is_breuk(pct) else pct
        rijen.append(rij)
    noot = BRON_DUO + " Overig: vakmanschaps- en beroepsroutes en oudere afdelingen."
    if ctx.vorig is not None:
        noot += (
            " Verandering: procentuele verandering ten opzichte van schooljaar "
            f"{schooljaar(ctx.vorig)}."
        )
        breuk = breukreden(ctx.snap, "leerlingen_per_profiel", ctx.jaar)
        if breuk:
            noot += f" {NIET_VERGELIJKBAAR.capitalize()}: {breuk}"
    return Tabel(titel, kolommen, rijen, nummer="Tabel 4.1", noot=noot, groepen=groepen)


NIET_VERGELIJKBAAR = "niet vergelijkbaar"


def _breukzin(ctx: Context, naam: str, wat: str, totaal: dict[str, Any]) -> str:
    """The sentence in place of a change across a break of the series: why, and the total's
    change where that stays comparable."""
    vorig = schooljaar(ctx.vorig)
    zin = f"Het aantal {wat} is niet te vergelijken met schooljaar {vorig}"
    reden = breukreden(ctx.snap, naam, ctx.jaar)
    zin += f": {reden}" if reden else "."
    if getal(totaal.get("verandering_pct")) is not None:
        w_a, r_a = verandering(totaal["verandering_pct"])
        zin += f" Het totaal {w_a} {r_a} ten opzichte van schooljaar {vorig}."
    return zin


def _kerncijfers(ctx: Context, cellen: dict[tuple[Any, ...], Any]) -> list[str]:
    totaal = cellen.get(("totaal", "totaal"))
    techniek = cellen.get(("techniek", "totaal"))
    if totaal is None or techniek is None:
        return []
    zin = (
        f"In schooljaar {ctx.sj} telden de basis-, kaderberoepsgerichte en gemengde leerweg "
        f"{aantal(totaal['aantal'])} derdejaarsleerlingen; {aantal(techniek['aantal'])} van hen "
        "volgden een technisch profiel"
    )
    nl = [r for r in ctx.rijen("techniekaandeel") if r["regio"] == LANDELIJK]
    if nl and getal(nl[0]["techniekaandeel"]) is not None:
        zin += f", een techniekaandeel van {procent(nl[0]['techniekaandeel'])}"
    zinnen = [zin + "."]
    if ctx.vorig is not None and getal(techniek.get("verandering_pct")) is not None:
        w_t, r_t = verandering(techniek["verandering_pct"])
        w_a, r_a = verandering(totaal.get("verandering_pct"))
        zinnen.append(
            f"Ten opzichte van schooljaar {schooljaar(ctx.vorig)} {w_t} het aantal "
            f"techniekleerlingen {r_t}; het totaal aantal derdejaarsleerlingen {w_a} {r_a}."
        )
    elif ctx.vorig is not None and is_breuk(techniek.get("verandering_pct")):
        zinnen.append(_breukzin(ctx, "leerlingen_per_profiel", "techniekleerlingen", totaal))
    per_leerweg = [
        f"{aantal(cellen[('techniek', lw)]['aantal'])} in de {lw}"
        for lw in LEERWEGEN
        if ("techniek", lw) in cellen
    ]
    if per_leerweg:
        zinnen.append("Techniekleerlingen per leerweg: " + ", ".join(per_leerweg) + ".")
    return zinnen


# ---------------------------------------------------------------- 4.1.2 tl, in words


def _tl(ctx: Context) -> Sectie:
    titel = "4.1.2 Ontwikkelingen in de theoretische leerweg"
    reden = ctx.ontbreekt("leerlingen_tl")
    if reden:
        return Sectie("p4-1-2", titel, [definitie("leerlingen_tl")], ontbreekt=reden)
    cellen = {r["profiel"]: r for r in ctx.rijen("leerlingen_tl")}
    tekst = [definitie("leerlingen_tl")]
    totaal, techniek = cellen.get("totaal"), cellen.get("Techniek")
    if totaal and techniek:
        zin = (
            f"De theoretische leerweg telde in schooljaar {ctx.sj} {aantal(totaal['aantal'])} "
            f"derdejaarsleerlingen, van wie {aantal(techniek['aantal'])} in het profiel "
            "Techniek"
        )
        tekst.append(zin + ".")
        if ctx.vorig is not None and getal(techniek.get("verandering_pct")) is not None:
            w_t, r_t = verandering(techniek["verandering_pct"])
            w_a, r_a = verandering(totaal.get("verandering_pct"))
            tekst.append(
                f"Ten opzichte van schooljaar {schooljaar(ctx.vorig)} {w_t} het aantal "
                f"tl-leerlingen in Techniek {r_t}; het totaal {w_a} {r_a}."
            )
        elif ctx.vorig is not None and is_breuk(techniek.get("verandering_pct")):
            tekst.append(_breukzin(ctx, "leerlingen_tl", "tl-leerlingen in Techniek", totaal))
    overige = [
        f"{p} {aantal(cellen[p]['aantal'])}"
        for p in ("Economie", "Zorg en welzijn", "Landbouw", "Profielloos", SECTOR_ONBEKEND)
        if p in cellen
    ]
    if overige:
        tekst.append("Andere tl-profielen: " + ", ".join(overige) + ".")
    return Sectie("p4-1-2", titel, tekst)
