"""Coverage: where a figure rests on part of the population, or on another year, say so.

Every published table gets a few Dutch sentences, computed from the data, that a reader needs
to read it right:

- a table per STO-regio that does not hold every region of the indeling in a school year says
  how many it holds ("65 van de 78 STO-regio's");
- a table per STO-regio built on the derdejaars says how many of them are on a vestiging
  outside any region (they count in Nederland, in no region);
- a table on home locations (``bereikbaarheid``, ``reisafstand``) says, per school year, whether
  it measures derdejaars or residents aged 15-25, the year of that population, and the date of
  the school locations when it differs from the school year.

Only public sources are counted here (DUO's leerlingen, the region list, CBS, the locations),
so the sentences need no disclosure control of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyarrow as pa

from sto_monitor.db import Connection
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.definities import definitie
from sto_monitor.publicatie.taal import datum, schooljaar

LANDELIJK = "NL"
HERKOMST = ("bereikbaarheid", "reisafstand")
BEVOLKING = "bevolking-15-25"
LEERLING_PC4_DUO = "leerling-pc4-duo"


# Who a table on home locations measures, per method, in the reader's words.
GEMETEN: dict[str, str] = {
    "leerling-pc4": "derdejaarsleerlingen (woonadres)",
    LEERLING_PC4_DUO: "derdejaarsleerlingen (woonpostcode volgens DUO, benaderd per leerweg)",
    BEVOLKING: "inwoners van 15 tot 25 jaar",
}


def gemeten(methoden: Iterable[str]) -> str:
    """'derdejaarsleerlingen (woonadres)', or several joined with 'en': who is measured."""
    namen = [GEMETEN.get(m, m) for m in sorted(set(methoden))]
    return " en ".join(namen)


def _aantal(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


def _jaren(jaren: Iterable[int]) -> str:
    namen = [schooljaar(j) for j in sorted(jaren)]
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def regio_dekking(con: Connection, tabel: pa.Table) -> list[str]:
    """'In 2021/2022 telt deze tabel 65 van de 78 STO-regio's', where it holds fewer."""
    if "regio" not in tabel.column_names or "schooljaar" not in tabel.column_names:
        return []
    in_tabel: dict[int, set[str]] = defaultdict(set)
    for jaar, regio in zip(
        tabel.column("schooljaar").to_pylist(), tabel.column("regio").to_pylist(), strict=True
    ):
        if regio not in (None, LANDELIJK):
            in_tabel[int(jaar)].add(str(regio))
    indeling = dict(
        con.execute(
            "SELECT schooljaar, count(DISTINCT regio) FROM regio_schooljaar GROUP BY schooljaar"
        ).fetchall()
    )
    # school years with the same count, in runs: "2019/2020 t/m 2021/2022: 76 van de 78"
    runs: list[tuple[list[int], int, int]] = []
    for jaar in sorted(in_tabel):
        telling = (len(in_tabel[jaar]), int(indeling.get(jaar, 0)))
        if not 0 < telling[0] < telling[1]:
            continue
        if runs and runs[-1][1:] == telling and runs[-1][0][-1] == jaar - 1:
            runs[-1][0].append(jaar)
        else:
            runs.append(([jaar], *telling))
    delen = [f"{_periode(jaren)} {n} van de {totaal}" for jaren, n, totaal in runs]
    if not delen:
        return []
    return [
        "Niet elke STO-regio staat in deze tabel (regio's zonder gegevens ervoor ontbreken): "
        + "; ".join(delen)
        + "."
    ]


def _periode(jaren: list[int]) -> str:
    if len(jaren) == 1:
        return f"in {schooljaar(jaren[0])}"
    return f"in {schooljaar(jaren[0])} t/m {schooljaar(jaren[-1])}"


def buiten_regio(con: Connection, techniek: str) -> dict[int, tuple[int, int]]:
    """Per school year the derdejaars (of the definition) on a vestiging outside any region."""
    d = definitie(techniek)
    leerjaren = ", ".join(str(j) for j in d.leerjaren)
    leerwegen = ", ".join(f"'{lw}'" for lw in d.leerwegen)
    rows = con.execute(
        f"""
        SELECT l.schooljaar, sum(l.aantal_min), sum(l.aantal_max)
        FROM leerlingen l
        LEFT JOIN regio_schooljaar r USING (schooljaar, vestiging)
        WHERE l.leerjaar IN ({leerjaren}) AND l.leerweg IN ({leerwegen}) AND r.regio IS NULL
          AND l.schooljaar IN (SELECT DISTINCT schooljaar FROM regio_schooljaar)
        GROUP BY l.schooljaar
        """
    ).fetchall()
    return {int(j): (int(lo), int(hi)) for j, lo, hi in rows}


def buiten_regio_zin(aantallen: dict[int, tuple[int, int]], populatie: str) -> list[str]:
    if not aantallen:
        return []
    jaar = max(aantallen)
    lo, hi = aantallen[jaar]
    n = _aantal(lo) if lo == hi else f"{_aantal(lo)} tot {_aantal(hi)}"
    return [
        f"In {schooljaar(jaar)} zitten {n} {populatie} op een vestiging buiten een STO-regio: "
        "zij tellen mee in Nederland, in geen enkele regio."
    ]


def herkomst_dekking(con: Connection, tabel: pa.Table) -> list[str]:
    """Per method of home locations, the school years and the population they stand for."""
    if "methode" not in tabel.column_names:
        return []
    per_methode: dict[str, set[int]] = defaultdict(set)
    for jaar, methode in zip(
        tabel.column("schooljaar").to_pylist(), tabel.column("methode").to_pylist(), strict=True
    ):
        per_methode[str(methode)].add(int(jaar))
    zinnen = []
    if BEVOLKING in per_methode:
        [(bevolkingsjaar,)] = con.execute("SELECT max(jaar) FROM pc4_bevolking").fetchall()
        zinnen.append(
            f"Voor {_jaren(per_methode[BEVOLKING])} meet deze tabel niet de derdejaars maar alle "
            "inwoners van 15 tot 25 jaar per postcode (CBS"
            + (f", 1 januari {bevolkingsjaar}" if bevolkingsjaar else "")
            + "): de woonadressen van derdejaars zijn voor die jaren niet geladen."
        )
    if LEERLING_PC4_DUO in per_methode:
        zinnen.append(
            f"Voor {_jaren(per_methode[LEERLING_PC4_DUO])} zijn de woonpostcodes die van alle "
            "derdejaars van elke vestiging (DUO), verdeeld over de leerwegen naar de verdeling "
            "van de derdejaars van die vestiging: een benadering."
        )
    [(peildatum,)] = con.execute("SELECT max(peildatum) FROM vestiging_geo").fetchall()
    if peildatum is not None:
        eerder = sorted(j for jaren in per_methode.values() for j in jaren if j < peildatum.year)
        if eerder:
            zinnen.append(
                f"De ligging van de scholen is die van {datum(peildatum)}, ook voor "
                f"{_jaren(eerder)}."
            )
    return zinnen


def dekking(
    con: Connection,
    indicator: Indicator,
    tabel: pa.Table | None,
    techniek: str,
    buiten: dict[int, tuple[int, int]] | None = None,
) -> tuple[str, ...]:
    """The coverage sentences of one published table (none when it covers everything)."""
    if tabel is None or tabel.num_rows == 0:
        return ()
    zinnen = regio_dekking(con, tabel)
    if indicator.per_regio and "regio_schooljaar" in indicator.gelezen_tabellen:
        d = definitie(techniek)
        populatie = "leerlingen in leerjaar 3 en 4" if d.populatie == "lj3-4" else "derdejaars"
        aantallen = buiten if buiten is not None else buiten_regio(con, techniek)
        leerwegen = ", ".join(d.leerwegen[:-1]) + " en " + d.leerwegen[-1]
        zinnen += buiten_regio_zin(aantallen, f"{populatie} in {leerwegen}")
    if indicator.naam in HERKOMST:
        zinnen += herkomst_dekking(con, tabel)
    return tuple(zinnen)
