"""The analysis as rows (CSV, JSON) and as text tables like the report's (Dutch notation)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sto_monitor.publicatie.veilig import veilige_cel
from sto_monitor.survey.analyse import VERBORGEN_TEKST, Analyse, ItemAnalyse, RegioProfiel
from sto_monitor.survey.themas import ThemaIndeling


def _nl(x: float | None, decimalen: int = 0, suffix: str = "") -> str:
    if x is None:
        return ""
    return f"{x:.{decimalen}f}".replace(".", ",") + suffix


def rij(ia: ItemAnalyse) -> dict[str, Any]:
    """One item as a flat record (no region's answers in it)."""
    v = ia.vergelijking
    return {
        "item": ia.item,
        "blok": ia.blok,
        "tekst": ia.tekst,
        "soort": ia.soort,
        "n": ia.n,
        "verborgen": ia.verborgen,
        "aantallen": dict(zip([o.label for o in ia.opties], ia.aantallen, strict=True))
        if ia.aantallen is not None
        else None,
        "top_label": ia.top_label,
        "pct_top": ia.pct_top,
        "pct_bodem": ia.pct_bodem,
        "gemiddelde": ia.gemiddelde,
        "n_paren": v.n_paren if v else None,
        "pct_top_vorige": v.pct_top_vorige if v else None,
        "pct_top_paren": v.pct_top_nu if v else None,
        "gemiddelde_vorige": v.gemiddelde_vorige if v else None,
        "gemiddelde_paren": v.gemiddelde_nu if v else None,
        "p_aandeel": v.p_aandeel if v else None,
        "toets_aandeel": v.toets_aandeel if v else None,
        "significant_aandeel": v.significant_aandeel if v else None,
        "p_gemiddelde": v.p_gemiddelde if v else None,
        "toets_gemiddelde": v.toets_gemiddelde if v else None,
        "significant_gemiddelde": v.significant_gemiddelde if v else None,
        "pct_toegenomen": v.pct_toegenomen if v else None,
        "pct_afgenomen": v.pct_afgenomen if v else None,
    }


def als_json(a: Analyse, themas: tuple[ThemaIndeling, ...] = ()) -> str:
    bor = a.borging
    data = {
        "golf": a.golf,
        "golf_vorige": a.golf_vorige,
        "n_respondenten": a.n_respondenten,
        "n_paren": a.n_paren,
        "verborgen": a.verborgen,
        "alfa": a.alfa,
        "items": [rij(i) for i in a.items],
        "borging": None
        if bor is None
        else {
            "n_stellingen": bor.n_stellingen,
            "n_regios": bor.n_regios,
            "verdeling": list(bor.verdeling) if bor.verdeling is not None else None,
        },
        "open_antwoorden": [
            {
                "item": t.item,
                "n_antwoorden": t.n_antwoorden,
                "themas": {x.thema: x.aantal for x in t.themas},
            }
            for t in themas
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def als_csv(a: Analyse) -> str:
    out = io.StringIO()
    velden = [k for k in rij(a.items[0]) if k != "aantallen"] if a.items else ["item"]
    w = csv.DictWriter(out, fieldnames=["golf", *velden, "aantallen"])
    w.writeheader()
    for i in a.items:
        r = rij(i)
        r["aantallen"] = ";".join(str(x) for x in i.aantallen) if i.aantallen else ""
        w.writerow({k: veilige_cel(v) for k, v in {"golf": a.golf, **r}.items()})
    return out.getvalue()


def als_tabel(a: Analyse, themas: tuple[ThemaIndeling, ...] = ()) -> str:
    """Per block a table like the report's, ordered by the top share (highest first)."""
    regels = [f"Enquête programmaleiders {a.golf}: {a.n_respondenten} respondenten"]
    if a.golf_vorige is not None:
        regels.append(f"vergeleken met {a.golf_vorige}: {a.n_paren} regio's in beide golven")
    if a.verborgen:
        return "\n".join([*regels, VERBORGEN_TEKST])
    blokken: dict[str | None, list[ItemAnalyse]] = {}
    for i in a.items:
        blokken.setdefault(i.blok, []).append(i)
    for blok, items in blokken.items():
        regels.append("")
        regels.append(f"== {blok or 'losse vragen'} (% {items[0].top_label}) ==")
        for i in sorted(items, key=lambda x: -(x.pct_top if x.pct_top is not None else -1)):
            regels.append(_tabelregel(i))
    if a.borging is not None and a.borging.verdeling is not None:
        regels.append("")
        regels.append(
            f"== borging: aantal van {a.borging.n_stellingen} stellingen van toepassing =="
        )
        regels.append("  ".join(f"{k}: {n}" for k, n in enumerate(a.borging.verdeling)))
    for t in themas:
        regels.append("")
        regels.append(f"== open vraag {t.item}: {t.n_antwoorden} antwoorden ==")
        if t.verborgen:
            regels.append(VERBORGEN_TEKST)
            continue
        for x in sorted(t.themas, key=lambda x: -(x.aantal or 0)):
            if x.aantal:
                regels.append(f"{'  - ' if x.ouder else ''}{x.label}: {x.aantal}")
    regels.append("")
    regels.append(
        f"* verschilt significant (p < {_nl(a.alfa, 2)}): McNemar exact voor aandelen, "
        "Wilcoxon signed-rank voor gemiddelde cijfers; regio's als steekproef uit een proces, "
        "zonder eindige-populatiecorrectie."
    )
    return "\n".join(regels)


def _tabelregel(i: ItemAnalyse) -> str:
    if i.verborgen:
        return f"{i.tekst} | n={i.n} | {VERBORGEN_TEKST}"
    v = i.vergelijking
    ster_a = "*" if v and v.significant_aandeel else ""
    ster_g = "*" if v and v.significant_gemiddelde else ""
    delen = [i.tekst, f"n={i.n}"]
    if i.soort == "cijfer":
        delen.append(f"gem. {_nl(i.gemiddelde, 1)}")
    else:
        delen.append(" ".join(str(x) for x in i.aantallen or ()))
    delen.append(_nl(i.pct_top, 0, "%"))
    if v is not None and v.verborgen:
        delen.append(f"paren: {VERBORGEN_TEKST}")
    elif v is not None:
        nu, voor = _nl(v.pct_top_nu, 0, "%"), _nl(v.pct_top_vorige, 0, "%")
        paren = f"paren n={v.n_paren}: {nu}{ster_a} vs {voor}"
        if v.gemiddelde_nu is not None:
            paren += f", gem. {_nl(v.gemiddelde_nu, 1)}{ster_g} vs {_nl(v.gemiddelde_vorige, 1)}"
        op, af = _nl(v.pct_toegenomen, 0, "%"), _nl(v.pct_afgenomen, 0, "%")
        paren += f", toegenomen {op}, afgenomen {af}"
        delen.append(paren)
    return " | ".join(delen)


def profiel_tabel(p: RegioProfiel) -> str:
    regels = [f"Regio {p.regio}, enquête {p.golf}: eigen antwoord naast het landelijke beeld"]
    for r in p.items:
        landelijk = (
            VERBORGEN_TEKST
            if r.item.verborgen
            else (
                f"landelijk {_nl(r.item.pct_top, 0, '%')} {r.item.top_label}"
                + (f", gem. {_nl(r.item.gemiddelde, 1)}" if r.item.gemiddelde is not None else "")
            )
        )
        eigen = r.antwoord_label if r.antwoord_label is not None else "-"
        vorig = f" (vorige golf: {r.antwoord_vorige})" if r.antwoord_vorige is not None else ""
        regels.append(f"{r.item.tekst} | eigen: {eigen}{vorig} | {landelijk}")
    if p.borging is not None:
        regels.append(f"borging: {p.borging} stellingen van toepassing")
    return "\n".join(regels)
