"""What the forecast reads: per region and loaded school year, the series it extrapolates.

One query per call, for one region or for all at once (the national back-test):

- *derdejaars* per offer: leerjaar 3 of vmbo bb, kb or gl per (vestiging, profiel, leerweg),
  as in ``indicators/inputs.py``; profiel ``overig`` (routes, older afdelingen) included, so
  the offers add up to the region's derdejaars;
- *brugjaar 1 and 2*: DUO writes leerjaar 1-2 as onderwijstype ``Brugjaar 1-2`` with no
  leerweg; which stream a brugklas prepares for is only in its OPLEIDINGSNAAM (e.g. ``Ljvb op
  VMBO-Kbg Lw``, ``Lj LWOO vb op Bbg Lw``, ``HAVO``, ``VWO-ATHENEUMSTROOM``). A brugklas counts
  as vmbo when that name mentions a vmbo stream (VMBO, VBO, MAVO, LWOO or a "Lw" leerweg),
  mixed havo/vmbo brugklassen included. Where no vmbo-brugklas is found in a year (a file
  without opleidingsnamen) every brugklas counts, for every year of that region alike.

Counts are interval midpoints (DUO's ``<5`` = [1, 4] counts as 2.5), as in the indicators.
A region is the set of vestigingen it has in the subsidy period of the last year used; that
set is followed back through the earlier years, so a change of indeling is not a trend.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sto_monitor import db, domain
from sto_monitor.errors import NotFoundError, WarehouseError

# OPLEIDINGSNAAM of a brugklas that (also) prepares for vmbo.
VMBO_BRUGKLAS = r"(?i)(vmbo|\bvbo\b|mavo|lwoo|\blw\b)"
BASIS_VMBO = "vmbo-brugklassen"
BASIS_ALLE = "alle brugklassen"

Aanbod = tuple[str, str, str]  # (vestiging, profiel, leerweg)


@dataclass(frozen=True)
class Reeks:
    """One region's history: every number the forecast starts from (midpoints)."""

    regio: str
    naam: str
    periode: str
    jaren: tuple[int, ...]  # loaded school years used, ascending
    derdejaars: Mapping[int, float]  # region total, leerjaar 3 bb/kb/gl
    brugjaar1: Mapping[int, float]  # leerjaar 1 (vmbo-brugklassen, see ``basis``)
    brugjaar2: Mapping[int, float]
    basis: str  # BASIS_VMBO or BASIS_ALLE
    aanbod: Mapping[Aanbod, Mapping[int, float]] = field(default_factory=dict)
    vestigingsnamen: Mapping[str, str] = field(default_factory=dict)

    @property
    def laatste(self) -> int:
        return self.jaren[-1]

    def tot(self, jaar: int) -> Reeks:
        """The same region (same vestigingen) seen from the loaded years up to ``jaar``."""
        jaren = tuple(j for j in self.jaren if j <= jaar)

        def knip(per_jaar: Mapping[int, float]) -> dict[int, float]:
            return {j: n for j, n in per_jaar.items() if j <= jaar}

        aanbod = {k: knip(v) for k, v in self.aanbod.items()}
        return replace(
            self,
            jaren=jaren,
            derdejaars=knip(self.derdejaars),
            brugjaar1=knip(self.brugjaar1),
            brugjaar2=knip(self.brugjaar2),
            aanbod={k: v for k, v in aanbod.items() if v},
        )

    def cel(self, profiel: str, leerweg: str, jaar: int) -> float:
        """Derdejaars of the region in one profiel x leerweg in one year."""
        return sum(
            per_jaar.get(jaar, 0.0)
            for (_, p, lw), per_jaar in self.aanbod.items()
            if p == profiel and lw == leerweg
        )


def geladen_jaren(con: db.Connection, tot: int | None = None) -> list[int]:
    """School years with third-year vmbo students in the warehouse (up to ``tot``)."""
    rows = con.execute(
        "SELECT DISTINCT schooljaar FROM leerlingen WHERE leerjaar = 3 AND leerweg IN "
        "('bb', 'kb', 'gl') AND (? IS NULL OR schooljaar <= ?) ORDER BY 1",
        [tot, tot],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _periode(con: db.Connection, jaar: int) -> str:
    row = con.execute(
        "SELECT any_value(periode) FROM regio_schooljaar WHERE schooljaar = ?", [jaar]
    ).fetchone()
    if row is None or row[0] is None:
        raise WarehouseError(
            "er is geen regio-indeling geladen; laad een regiobestand of maak de "
            "demo-indeling met sto regio-demo"
        )
    return str(row[0])


def controleer_regio(con: db.Connection, regio: str) -> str:
    """The region's name; NotFoundError (with similar codes) when it is not loaded."""
    rows = con.execute("SELECT regio, any_value(naam) FROM regio GROUP BY regio").fetchall()
    namen = {str(code): str(naam) for code, naam in rows}
    if regio in namen:
        return namen[regio]
    if not namen:
        raise NotFoundError(
            f"onbekende regio {regio!r}: er zijn geen regio's geladen (laad een regiobestand "
            "of maak de demo-indeling met sto regio-demo)"
        )
    codes = sorted(namen)
    lijkt = [c for c in codes if _sleutel(c) == _sleutel(regio)] or difflib.get_close_matches(
        regio.strip().upper(), codes, n=3, cutoff=0.6
    )
    hint = f"; bedoelt u {' of '.join(lijkt)}?" if lijkt else "."
    geladen = ", ".join(codes) if len(codes) <= 12 else f"{codes[0]} tot en met {codes[-1]}"
    raise NotFoundError(
        f"onbekende regio {regio!r}{hint} Geladen zijn {len(codes)} regio's ({geladen}); "
        "een lijst per regio geeft: sto indicator techniekaandeel_per_regio"
    )


def _sleutel(code: str) -> str:
    """Case and leading zeros do not matter when suggesting a code: r1 ~ R01."""
    return re.sub(r"0+(\d)", r"\1", code.strip().upper())


def laad_reeksen(
    con: db.Connection, regio: str | None = None, *, tot: int | None = None
) -> dict[str, Reeks]:
    """The history of one region (``regio``) or of every region, from the years up to ``tot``.

    Raises WarehouseError when no year with vmbo derdejaars is loaded (up to ``tot``) and
    NotFoundError when ``regio`` is not a region of the indeling of the last year used.
    """
    jaren = geladen_jaren(con, tot)
    if not jaren:
        raise WarehouseError(
            "er zijn geen leerlingen in leerjaar 3 van vmbo bb/kb/gl geladen"
            + (f" tot en met {tot}" if tot is not None else "")
            + "; laad eerst DUO-leerlingenbestanden (sto ingest) of maak een demo (sto demo)"
        )
    periode = _periode(con, jaren[-1])
    namen = dict(
        con.execute(
            "SELECT regio, any_value(naam) FROM regio WHERE periode = ? GROUP BY regio", [periode]
        ).fetchall()
    )
    if regio is not None and regio not in namen:
        controleer_regio(con, regio)  # unknown altogether: NotFoundError with suggestions
        raise NotFoundError(
            f"regio {regio} hoort niet bij de regio-indeling {periode} van schooljaar "
            f"{jaren[-1]}; kies een regio van die indeling of een eerder jaar (--tot)"
        )
    params = {"periode": periode, "regio": regio, "tot": jaren[-1]}
    leden = (
        "SELECT DISTINCT regio, vestiging FROM regio_vestiging "
        "WHERE periode = $periode AND ($regio IS NULL OR regio = $regio)"
    )
    derde = con.execute(
        f"""
        WITH leden AS ({leden})
        SELECT leden.regio, l.schooljaar, l.vestiging, coalesce(l.profiel, $overig) AS profiel,
               l.leerweg, sum((l.aantal_min + l.aantal_max) / 2.0) AS aantal
        FROM leerlingen l JOIN leden USING (vestiging)
        WHERE l.leerjaar = 3 AND l.leerweg IN ('bb', 'kb', 'gl') AND l.schooljaar <= $tot
        GROUP BY ALL
        """,
        params | {"overig": domain.OVERIG},
    ).fetchall()
    brug = con.execute(
        f"""
        WITH leden AS ({leden})
        SELECT leden.regio, l.schooljaar, l.leerjaar,
               regexp_matches(coalesce(l.opleidingsnaam, ''), '{VMBO_BRUGKLAS}') AS vmbo,
               sum((l.aantal_min + l.aantal_max) / 2.0) AS aantal
        FROM leerlingen l JOIN leden USING (vestiging)
        WHERE l.leerjaar IN (1, 2) AND l.onderwijstype ILIKE 'brugjaar%' AND l.schooljaar <= $tot
        GROUP BY ALL
        """,
        params,
    ).fetchall()
    vnamen = {
        vestiging: ", ".join(t for t in (naam, domain.plaatsnaam(plaats or "")) if t)
        for vestiging, naam, plaats in con.execute(
            f"""
            WITH leden AS ({leden})
            SELECT v.vestiging, v.naam, v.plaats
            FROM vestiging v JOIN leden USING (vestiging)
            WHERE v.naam IS NOT NULL OR v.plaats IS NOT NULL
            """,
            {"periode": periode, "regio": regio},
        ).fetchall()
    }
    return _bouw(jaren, periode, namen, derde, brug, vnamen, regio)


def _bouw(
    jaren: list[int],
    periode: str,
    namen: Mapping[str, str],
    derde: list[tuple[str, int, str, str, str, float]],
    brug: list[tuple[str, int, int, bool, float]],
    vnamen: Mapping[str, str],
    regio: str | None,
) -> dict[str, Reeks]:
    aanbod: dict[str, dict[Aanbod, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    totaal: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for code, jaar, vestiging, profiel, leerweg, aantal in derde:
        aanbod[code][(vestiging, profiel, leerweg)][int(jaar)] = float(aantal)
        totaal[code][int(jaar)] += float(aantal)
    # brugklassen[regio][(leerjaar, vmbo)][jaar]
    brugklassen: dict[str, dict[tuple[int, bool], dict[int, float]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(float))
    )
    for code, jaar, leerjaar, vmbo, aantal in brug:
        brugklassen[code][(int(leerjaar), bool(vmbo))][int(jaar)] += float(aantal)
    codes = [regio] if regio is not None else sorted(set(namen) | set(totaal))
    reeksen = {}
    for code in codes:
        klassen = brugklassen.get(code, {})
        # vmbo-brugklassen only when every year that has brugklassen at all has some
        met_brug = {j for per_jaar in klassen.values() for j, n in per_jaar.items() if n > 0}
        met_vmbo = {j for (_, vmbo), per_jaar in klassen.items() if vmbo for j in per_jaar}
        basis = BASIS_VMBO if met_brug and met_brug <= met_vmbo else BASIS_ALLE

        def som(
            leerjaar: int,
            klassen: Mapping[tuple[int, bool], Mapping[int, float]] = klassen,
            basis: str = basis,
        ) -> dict[int, float]:
            out: dict[int, float] = defaultdict(float)
            for (lj, vmbo), per_jaar in klassen.items():
                if lj == leerjaar and (vmbo or basis == BASIS_ALLE):
                    for j, n in per_jaar.items():
                        out[j] += n
            return dict(out)

        cellen = {k: dict(v) for k, v in aanbod.get(code, {}).items()}
        reeksen[code] = Reeks(
            regio=code,
            naam=str(namen.get(code, code)),
            periode=periode,
            jaren=tuple(jaren),
            derdejaars={j: totaal.get(code, {}).get(j, 0.0) for j in jaren},
            brugjaar1=som(1),
            brugjaar2=som(2),
            basis=basis,
            aanbod=cellen,
            vestigingsnamen={v: vnamen[v] for (v, _, _) in cellen if v in vnamen},
        )
    return reeksen
