"""Paragraphs 4.4 and 4.5 of the national chapter: keuzevakken and doorstroom.

Tabel 4.8 and 4.9 (exams in keuzevakken per offering profiel and per profiel of the student),
Tabel 4.10 (the profiel x profiel matrix), Figuur 4.10 (mbo sectorkamers) and Figuur 4.11
(what follows leerjaar 4). The monitor report prints Figuur 4.11 (in its §4.5.1) before
Figuur 4.10 (§4.5.2), a slip in its numbering; here the figures follow their numbers, so the
two subsections change places (§4.5.1 is the doorstroom to technical mbo).
"""

from __future__ import annotations

from typing import Any

from sto_monitor import domain
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import getal
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports.landelijk_basis import (
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
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Figuur, Sectie, Tabel, kop

INDICATOREN: tuple[str, ...] = (
    "keuzevakken_per_profiel",
    "keuzevakken",
    "doorstroom",
    "doorstroom_sectorkamer",
)
BRON_KEUZEVAKKEN = "Bron: DUO, examens in beroepsgerichte keuzevakken (bewerking STO Monitor)."
BRON_DOORSTROOM = "Bron: doorstroombestand (bewerking STO Monitor)."
TOTALEN = "Totalen"


# ---------------------------------------------------------------- 4.4 keuzevakken


def paragraaf_4_4(ctx: Context) -> Sectie:
    tekst = [
        "Met keuzevakken bereiden leerlingen van de beroepsgerichte leerwegen zich verder voor "
        "op een beroep, door verdieping in het eigen profiel of verbreding naar een ander. "
        "Examens in keuzevakken worden pas geregistreerd zodra de leerling eindexamen doet.",
        definitie("keuzevakken_per_profiel"),
    ]
    reden = ctx.ontbreekt("keuzevakken_per_profiel")
    delen: list[Deel]
    titel_8 = (
        "Keuzevakken: Aantal examens in keuzevakken aangeboden door techniekprofielen, naar "
        "aanbiedend profiel"
    )
    titel_9 = (
        "Keuzevakken: Aantal examens in keuzevakken afgelegd door leerlingen in "
        "techniekprofielen, naar profiel van inschrijving"
    )
    if reden:
        delen = [Ontbreekt("Tabel 4.8", titel_8, reden), Ontbreekt("Tabel 4.9", titel_9, reden)]
    else:
        vorig = ctx.vorig_van("keuzevakken_per_profiel")
        nu = per_sleutel(ctx.rijen("keuzevakken_per_profiel"), "kant", "profiel", "deel")
        oud = (
            per_sleutel(ctx.rijen("keuzevakken_per_profiel", vorig), "kant", "profiel", "deel")
            if vorig is not None
            else {}
        )
        tekst += _keuzevakken_tekst(ctx, nu)
        delen = [
            _tabel_4_8(ctx, titel_8, nu, oud, vorig),
            _tabel_4_9(ctx, titel_9, nu, oud, vorig),
        ]
    return sectie("p4-4", "4.4 Keuzevakken", tekst, delen, subsecties=[_buiten_profiel(ctx)])


def _keuzevakken_tekst(ctx: Context, nu: dict[tuple[Any, ...], Any]) -> list[str]:
    alle = nu.get(("aanbiedend", "totaal", "totaal"))
    techniek = nu.get(("aanbiedend", "techniek", "totaal"))
    door_techniek = nu.get(("aanbiedend", "techniek", "techniek"))
    if not (alle and techniek and door_techniek):
        return []
    return [
        f"In schooljaar {ctx.sj} werden {aantal(alle['aantal'])} examens in beroepsgerichte "
        f"keuzevakken afgelegd, waarvan {aantal(techniek['aantal'])} in keuzevakken van de vijf "
        f"technische profielen. Van die examens werden er {aantal(door_techniek['aantal'])} "
        f"({procent(door_techniek['aandeel'])}) afgelegd door techniekleerlingen."
    ]


def _rijen_per_profiel(
    kant: str,
    nu: dict[tuple[Any, ...], Any],
    oud: dict[tuple[Any, ...], Any],
    delen: dict[str, str],
) -> list[dict[str, Any]]:
    rijen = []
    for profiel in (*TECHNIEK, "techniek"):
        if (kant, profiel, "totaal") not in nu:
            continue
        rij: dict[str, Any] = {
            "profiel": TOTALEN if profiel == "techniek" else profiel,
            "vorig": oud.get((kant, profiel, "totaal"), {}).get("aantal"),
            "totaal": nu[(kant, profiel, "totaal")]["aantal"],
            "verandering": nu[(kant, profiel, "totaal")].get("verandering_pct"),
        }
        for deel, sleutel in delen.items():
            cel = nu.get((kant, profiel, deel), {})
            rij[sleutel] = cel.get("aantal")
            rij[f"{sleutel}_pct"] = cel.get("aandeel")
        rijen.append(rij)
    return rijen


def _totaal_kolommen(ctx: Context, vorig: int | None) -> list[tuple[str, str]]:
    kolommen = [kop("keuzevakken_per_profiel", "profiel")]
    if vorig is not None:
        kolommen.append(
            kop("keuzevakken_per_profiel", "aantal", bij=schooljaar(vorig), sleutel="vorig")
        )
    kolommen.append(kop("keuzevakken_per_profiel", "aantal", bij=ctx.sj, sleutel="totaal"))
    if vorig is not None:
        kolommen.append(kop("keuzevakken_per_profiel", "verandering_pct", sleutel="verandering"))
    return kolommen


def _tabel_4_8(
    ctx: Context,
    titel: str,
    nu: dict[tuple[Any, ...], Any],
    oud: dict[tuple[Any, ...], Any],
    vorig: int | None,
) -> Tabel:
    delen = {"techniek": "techniek", "niet-techniek": "niet_techniek", "eigen profiel": "eigen"}
    return Tabel(
        titel,
        (
            *_totaal_kolommen(ctx, vorig),
            ("techniek", "Door techniek"),
            ("niet_techniek", "Door niet-techniek"),
            ("eigen", "Eigen profiel"),
            ("eigen_pct", "Eigen profiel (%)"),
        ),
        _rijen_per_profiel("aanbiedend", nu, oud, delen),
        nummer="Tabel 4.8",
        noot=BRON_KEUZEVAKKEN
        + " Door techniek / niet-techniek: afgelegd door leerlingen van techniekprofielen / "
        "niet-techniekprofielen. Eigen profiel: afgelegd door techniekleerlingen binnen hun "
        "eigen profiel, in aantal en als aandeel van het totaal. Totalen: de vijf technische "
        "profielen samen."
        + (f" Totaal {schooljaar(vorig)}: het vorige geladen schooljaar." if vorig else ""),
    )


def _tabel_4_9(
    ctx: Context,
    titel: str,
    nu: dict[tuple[Any, ...], Any],
    oud: dict[tuple[Any, ...], Any],
    vorig: int | None,
) -> Tabel:
    delen = {"techniek": "techniek", "niet-techniek": "niet_techniek", "eigen profiel": "eigen"}
    return Tabel(
        titel,
        (
            *_totaal_kolommen(ctx, vorig),
            ("techniek", "In techniek"),
            ("techniek_pct", "%"),
            ("niet_techniek", "In niet-techniek"),
            ("niet_techniek_pct", "%"),
            ("eigen", "Eigen profiel"),
            ("eigen_pct", "%"),
        ),
        _rijen_per_profiel("leerling", nu, oud, delen),
        nummer="Tabel 4.9",
        noot=BRON_KEUZEVAKKEN
        + " In techniek / niet-techniek: afgelegd in keuzevakken van technische / "
        "niet-technische profielen. Eigen profiel: in keuzevakken van het eigen profiel. "
        f"Percentages op basis van het totaal van {ctx.sj}.",
    )


def _buiten_profiel(ctx: Context) -> Sectie:
    titel = f"Verdeling van examens in keuzevakken per profiel (%), schooljaar {ctx.sj}"
    tekst = [definitie("keuzevakken")]
    reden = ctx.ontbreekt("keuzevakken")
    deel: Deel
    if reden:
        deel = Ontbreekt("Tabel 4.10", titel, reden)
    else:
        cellen = per_sleutel(ctx.rijen("keuzevakken"), "keuzevak_profiel", "profiel_leerling")
        eigen = [
            f"{p} {procent(cellen[(p, p)]['aandeel_van_leerlingprofiel'])}"
            for p in domain.PROFIEL_CODES
            if (p, p) in cellen
        ]
        if eigen:
            tekst.append(
                "Aandeel van de examens dat leerlingen aflegden in keuzevakken van hun eigen "
                "profiel: " + ", ".join(eigen) + "."
            )
        leerling = [p for p in domain.PROFIEL_CODES if any(k[1] == p for k in cellen)]
        rijen = [
            {
                "aanbieder": "Totaal" if aanbieder == "totaal" else aanbieder,
                **{
                    p: cellen[(aanbieder, p)]["aandeel_van_leerlingprofiel"]
                    for p in leerling
                    if (aanbieder, p) in cellen
                },
            }
            for aanbieder in (*domain.PROFIEL_CODES, "totaal")
            if any((aanbieder, p) in cellen for p in leerling)
        ]
        deel = Tabel(
            titel,
            (("aanbieder", "Aanbiedend profiel"), *((p, p) for p in leerling)),
            rijen,
            nummer="Tabel 4.10",
            noot=BRON_KEUZEVAKKEN
            + " Kolommen: examens afgelegd door leerlingen van profiel; rijen: in keuzevakken "
            "aangeboden door profiel. Kolompercentages: per profiel van de leerling het aandeel "
            "van de examens in keuzevakken van elk aanbiedend profiel. Een lege cel: geen "
            "examens in die combinatie.",
        )
    return sectie("p4-4-2", "4.4.2 Keuzevakken buiten eigen profiel", tekst, [deel])


# ---------------------------------------------------------------- 4.5 doorstroom


def paragraaf_4_5(ctx: Context) -> Sectie:
    return Sectie(
        "p4-5",
        "4.5 Voorbereiding op en doorstroom naar een vervolgopleiding",
        tekst=[
            "Welke vervolgopleiding kiezen vmbo-leerlingen na leerjaar 4, en leidt een "
            "technische vmbo-opleiding tot een technische mbo-opleiding?",
            "Figuur 4.10 en 4.11 staan hier in de volgorde van hun nummers; in "
            f"{MONITORRAPPORT} staat Figuur 4.11 (doorstroom naar vervolgonderwijs) vóór "
            "Figuur 4.10 (doorstroom naar technisch mbo).",
        ],
        subsecties=[_sectorkamers(ctx), _vervolg(ctx)],
    )


def _vervolg(ctx: Context) -> Sectie:
    titel = f"Vervolg na leerjaar 4, schooljaar {ctx.sj}"
    tekst = [definitie("doorstroom")]
    reden = ctx.ontbreekt("doorstroom")
    if reden:
        return sectie(
            "p4-5-2",
            "4.5.2 Doorstroom naar vervolgonderwijs",
            tekst,
            [Ontbreekt("Figuur 4.11", titel, reden)],
        )
    cellen = per_sleutel(ctx.rijen("doorstroom"), "profiel", "leerweg", "bestemming")
    bestemmingen = [
        b for b in domain.DOORSTROOM_BESTEMMINGEN if any(k[2] == b for k in cellen)
    ] + sorted({str(k[2]) for k in cellen} - set(domain.DOORSTROOM_BESTEMMINGEN))
    techniek = [
        f"{procent(cellen[('techniek', 'totaal', b)]['aandeel'])} naar {b}"
        for b in bestemmingen
        if ("techniek", "totaal", b) in cellen
    ]
    if techniek:
        tekst.append(
            f"Van alle leerlingen met een technisch profiel in leerjaar 4 ging in schooljaar "
            f"{ctx.sj} " + ", ".join(techniek) + "."
        )
    rijen = []
    for p in (*TECHNIEK, "techniek"):
        for lw in (*LEERWEGEN, "totaal") if p == "techniek" else LEERWEGEN:
            if not any((p, lw, b) in cellen for b in bestemmingen):
                continue
            rij: dict[str, Any] = {"profiel": "Techniek" if p == "techniek" else p, "leerweg": lw}
            for b in bestemmingen:
                rij[b] = cellen.get((p, lw, b), {}).get("aandeel")
            rijen.append(rij)
    grafiek = [
        {"groep": f"{r['profiel']} {r['leerweg']}", "bestemming": b, "aandeel": getal(r[b])}
        for r in rijen
        for b in bestemmingen
    ]
    figuur = Figuur(
        titel,
        "Liggende gestapelde staven: per technisch profiel en leerweg de verdeling van de "
        "leerlingen van leerjaar 4 over hun vervolg (mbo-bol, mbo-bbl, havo/vwo, vmbo, overig); "
        "de tabel eronder geeft dezelfde percentages.",
        spec=charts.balk(
            grafiek,
            categorie="groep",
            waarde="aandeel",
            kleur="bestemming",
            liggend=True,
            titel=titel,
            waarde_titel="procent",
            hoogte=max(120, 20 * len(rijen)),
            tot=100,
        ),
        tabel=Tabel(
            f"Figuur 4.11 in cijfers: vervolg na leerjaar 4 (%), {ctx.sj}",
            (
                kop("doorstroom", "profiel"),
                kop("doorstroom", "leerweg"),
                *((b, f"{b} (%)") for b in bestemmingen),
            ),
            rijen,
        ),
        nummer="Figuur 4.11",
        noot=BRON_DOORSTROOM,
    )
    return sectie("p4-5-2", "4.5.2 Doorstroom naar vervolgonderwijs", tekst, [figuur])


def _sectorkamers(ctx: Context) -> Sectie:
    titel = (
        "Vmbo-leerlingen met een technisch profiel in het mbo naar sectorkamerindeling, "
        f"schooljaar {ctx.sj}"
    )
    tekst = [definitie("doorstroom_sectorkamer")]
    reden = ctx.ontbreekt("doorstroom_sectorkamer")
    if reden:
        return sectie(
            "p4-5-1",
            "4.5.1 Doorstroom naar technisch mbo",
            tekst,
            [Ontbreekt("Figuur 4.10", titel, reden)],
        )
    cellen = per_sleutel(ctx.rijen("doorstroom_sectorkamer"), "sectorkamer", "profiel")
    kamers = [k for k in domain.SECTORKAMERS if any(s == k for s, _ in cellen)]
    kamers += sorted({str(s) for s, _ in cellen} - set(domain.SECTORKAMERS) - {"techniek"})
    for groep, profielen in (("technische", TECHNIEK), ("niet-technische", NIET_TECHNIEK)):
        delen = [
            f"{p} {procent(cellen[('techniek', p)]['aandeel'])}"
            for p in profielen
            if ("techniek", p) in cellen
        ]
        if delen:
            tekst.append(
                f"Aandeel van de mbo-instromers uit de {groep} profielen dat koos voor een "
                "technische sectorkamer (Techniek en gebouwde omgeving, of Mobiliteit, "
                "transport, logistiek en maritiem): " + ", ".join(delen) + "."
            )
    kolommen = [
        p for p in (*TECHNIEK, "techniek", "niet-techniek") if any(q == p for _, q in cellen)
    ]
    rijen = [
        {
            "sectorkamer": "Technische sectorkamers samen" if kamer == "techniek" else kamer,
            **{p: cellen.get((kamer, p), {}).get("aandeel") for p in kolommen},
        }
        for kamer in (*kamers, "techniek")
        if any((kamer, p) in cellen for p in kolommen)
    ]
    grafiek = [
        {
            "profiel": "Techniek" if p == "techniek" else p,
            "sectorkamer": kamer,
            "aandeel": getal(cellen[(kamer, p)]["aandeel"]),
        }
        for p in (*TECHNIEK, "techniek")
        for kamer in kamers
        if (kamer, p) in cellen
    ]
    figuur = Figuur(
        titel,
        "Liggende gestapelde staven: per technisch profiel de verdeling van de leerlingen die "
        "na leerjaar 4 naar het mbo gaan over de sectorkamers; de tabel eronder geeft dezelfde "
        "percentages, ook voor de niet-technische profielen samen.",
        spec=charts.balk(
            grafiek,
            categorie="profiel",
            waarde="aandeel",
            kleur="sectorkamer",
            liggend=True,
            titel=titel,
            waarde_titel="procent van de mbo-instromers",
            hoogte=180,
            tot=100,
        ),
        tabel=Tabel(
            f"Figuur 4.10 in cijfers: mbo-instromers naar sectorkamer (%), {ctx.sj}",
            (
                kop("doorstroom_sectorkamer", "sectorkamer"),
                *(
                    (p, p.capitalize() if p in ("techniek", "niet-techniek") else p)
                    for p in kolommen
                ),
            ),
            rijen,
        ),
        nummer="Figuur 4.10",
        noot=BRON_DOORSTROOM,
    )
    return sectie("p4-5-1", "4.5.1 Doorstroom naar technisch mbo", tekst, [figuur])
