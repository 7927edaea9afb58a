"""DUO "01. Leerlingen vo per vestiging naar onderwijstype", every edition.

Editions differ only in column names and a few extra columns, so each is a :class:`CsvLayout`.
The file is wide (one column per leerjaar x geslacht); we store it long, one row per non-zero
cell, with ``<5`` as the interval [1, 4].
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sto_monitor import domain
from sto_monitor.domain import OPENBAAR
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest import schooljaar as schooljaar_from
from sto_monitor.ingest.csvlayout import (
    IS_EMPTY,
    SCAN_RESULT,
    Check,
    CsvFormat,
    CsvLayout,
    CsvSource,
    count_checks,
    count_max,
    count_min,
    open_csv,
    scan,
)
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows

COUNT_COLUMNS = r"LEER- OF VERBLIJFSJAAR ([1-6]) - (MAN|VROUW)"
_COMMON = {
    "naam": "INSTELLINGSNAAM VESTIGING",
    "plaats": "PLAATSNAAM VESTIGING",
    "onderwijstype": "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
    "sector": "VMBO SECTOR",
    "afdeling": "AFDELING",
    "opleidingsnaam": "OPLEIDINGSNAAM",
}
_OPTIONAL = {"provincie": "PROVINCIE VESTIGING", "peildatum": "PEILDATUM"}


# A vestiging code as the warehouse keeps it: BRIN + two digits. A file may give the number
# as "0" (pad it) or, in some editions, as the full six-character code.
VESTIGING_SQL = (
    "CASE WHEN length(trim({v})) = 6 THEN upper(trim({v})) "
    "ELSE upper(trim({b})) || lpad(trim({v}), 2, '0') END"
)
BAD_BRIN = "NOT coalesce(regexp_full_match(upper(trim({c})), '[0-9]{{2}}[A-Z]{{2}}'), false)"
BAD_VESTIGINGSNUMMER = (
    "NOT coalesce(regexp_full_match(trim({c}), '[0-9]{{1,2}}') "
    "OR regexp_full_match(upper(trim({c})), '[0-9]{{2}}[A-Z]{{2}}[0-9]{{2}}'), false)"
)
# A full six-character code in the number column must start with the line's BRIN.
OTHER_BRIN = (
    "length(trim({col:vestigingsnummer})) = 6 "
    "AND upper(left(trim({col:vestigingsnummer}), 4)) <> upper(trim({col:brin}))"
)
MSG_OTHER_BRIN = "vestigingscode hoort bij een andere BRIN-code dan die op dezelfde regel"
# The columns that identify a line: one vestiging, onderwijstype (and LWOO in 2016-2018),
# afdeling and opleiding. The real files of 2016 and 2019 have no line repeating these.
# The checks of every DUO file that names a vestiging by BRIN and vestigingsnummer.
VESTIGING_CHECKS: tuple[Check, ...] = (
    Check(
        "brin",
        BAD_BRIN,
        "BRIN-code moet 2 cijfers + 2 letters zijn (bijv. 00AH)",
        "vestigingscode",
    ),
    Check(
        "vestigingsnummer",
        BAD_VESTIGINGSNUMMER,
        "vestigingsnummer moet 1-2 cijfers of een code als 00AH17 zijn",
        "vestigingscode",
    ),
    Check("vestigingsnummer", "TRUE", MSG_OTHER_BRIN, "vestigingscode", where=OTHER_BRIN),
)
VESTIGING_KEY = VESTIGING_SQL.format(v="{col:vestigingsnummer}", b="{col:brin}")
KEY = (VESTIGING_KEY, "onderwijstype", "lwoo", "afdeling", "opleidingscode")


def load_leerlingen(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    """Two streaming passes: check and collect vocabulary, then insert long rows."""
    csv = open_csv(ctx, layout)
    refs = csv.refs
    repeated = layout.repeated_columns(ctx.source)
    count_refs = [refs[h] for h, _ in repeated]
    vestiging = VESTIGING_SQL.format(v=refs["vestigingsnummer"], b=refs["brin"])

    def optional(name: str) -> str:
        return f"trim({refs[name]})" if name in refs else "NULL::VARCHAR"

    checks = [
        *VESTIGING_CHECKS,
        Check("onderwijstype", IS_EMPTY, "onderwijstype ontbreekt", "leeg-veld"),
        *[check for c in count_refs for check in count_checks(c)],
    ]
    found = scan(
        ctx,
        csv,
        checks,
        {
            "onderwijstypen": f"list(DISTINCT {refs['onderwijstype']})",
            "sectoren": f"list(DISTINCT {refs['sector']})",
            "afdelingen": f"list(DISTINCT [{refs['onderwijstype']}, {refs['afdeling']}])",
            "peildata": f"list(DISTINCT {optional('peildatum')})",
            "vestigingen": f"list(DISTINCT [{vestiging}, upper(trim({refs['brin']})), "
            f"trim({refs['naam']}), trim({refs['plaats']}), {optional('provincie')}, "
            f"{optional('samenwerkingsverband')}])",
        },
        in_database=("vestigingen",),
        key=KEY,
    )
    if found["rows"] == 0:
        raise SourceFileError.single(
            ctx.source.path, "bevat alleen een kopregel, geen gegevens", code="leeg", line=2
        )
    jaar, peildatum = file_schooljaar(ctx, found["peildata"])
    _map_vocabulary(ctx, csv, found)

    con, bron_id = ctx.con, ctx.bron_id
    replaced = replace_rows(con, "leerlingen", "schooljaar = ?", [jaar], bron_id)
    replaced |= replace_rows(con, "vestiging_jaar", "schooljaar = ?", [jaar], bron_id)
    lwoo = (
        f"CASE upper(trim({refs['lwoo']})) WHEN 'J' THEN true WHEN 'N' THEN false END"
        if "lwoo" in refs
        else "NULL::BOOLEAN"
    )
    # Only the columns the insert uses go through UNPIVOT, which repeats them per count column.
    used = (
        "brin",
        "vestigingsnummer",
        "onderwijstype",
        "sector",
        "afdeling",
        "opleidingscode",
        "opleidingsnaam",
        "lwoo",
    )
    kept = ", ".join(refs[name] for name in used if name in refs)
    if ctx.dry_run:
        # Screening keeps nothing: of the (already checked) cells only leerjaar 3 goes in, the
        # rows its warnings read. A third of the time of sto ingest for the long insert.
        repeated = [(h, m) for h, m in repeated if m.group(1) == "3"]
        count_refs = [refs[h] for h, _ in repeated]
    unpivot_on = ", ".join(count_refs)
    kolommen = ", ".join(
        f"('{refs[h]}', {m.group(1)}, '{m.group(2).lower()}')" for h, m in repeated
    )
    con.execute(
        f"""
        INSERT INTO leerlingen
        SELECT ?, {vestiging},
               trim(u.{refs["onderwijstype"]}), om.leerweg, {lwoo},
               sm.sector, trim(u.{refs["afdeling"]}), am.profiel,
               trim(u.{refs["opleidingscode"]}), trim(u.{refs["opleidingsnaam"]}),
               k.leerjaar, k.geslacht, {count_min("u.waarde")}, {count_max("u.waarde")}, ?
        FROM (UNPIVOT (SELECT {kept}, {unpivot_on} FROM {csv.reader})
              ON {unpivot_on} INTO NAME kolom VALUE waarde) AS u
        JOIN (VALUES {kolommen}) AS k(kolom, leerjaar, geslacht) ON k.kolom = u.kolom
        LEFT JOIN onderwijstype_map om ON om.onderwijstype = u.{refs["onderwijstype"]}
        LEFT JOIN sector_map sm ON sm.raw = coalesce(u.{refs["sector"]}, '')
        LEFT JOIN afdeling_map am
               ON am.afdeling = coalesce(u.{refs["afdeling"]}, '') AND am.leerweg = om.leerweg
        WHERE {count_max("u.waarde")} > 0
    """,
        [jaar, bron_id],
    )
    loaded = con.execute("SELECT count(*) FROM leerlingen WHERE bron_id = ?", [bron_id]).fetchall()[
        0
    ][0]
    con.execute(
        "INSERT INTO vestiging_jaar SELECT ?, v[1], v[2], v[3], v[4], v[5], v[6], ? "
        f"FROM (SELECT unnest(vestigingen) AS v FROM {SCAN_RESULT})",
        [jaar, bron_id],
    )
    notes = [f"schooljaar {jaar}/{jaar + 1}"]
    return LoadResult(int(found["rows"]), int(loaded), jaar, peildatum, replaced, notes)


def file_schooljaar(ctx: LoadContext, peildata: list[str | None]) -> tuple[int, date | None]:
    """The school year of a DUO file: ``--schooljaar``, else one PEILDATUM, else the name.

    Also used by the other per-schooljaar DUO files (``leerling_postcode``).
    """
    values = [p for p in peildata if p]
    peildatum = schooljaar_from.parse_peildatum(values[0]) if len(values) == 1 else None
    if ctx.schooljaar is not None:
        return ctx.schooljaar, peildatum
    if peildatum is not None:
        return schooljaar_from.from_peildatum(peildatum), peildatum
    jaar = schooljaar_from.from_file_name(ctx.source.name)
    if jaar is None:
        raise SourceFileError.single(
            ctx.source.path,
            "kan het schooljaar niet bepalen (geen PEILDATUM-kolom, geen jaartal in de "
            "bestandsnaam); geef het op met --schooljaar",
            code="schooljaar-onbekend",
        )
    return jaar, peildatum


def _map_vocabulary(ctx: LoadContext, csv: CsvSource, found: dict[str, Any]) -> None:
    """Map the few distinct onderwijstypen, sectoren and afdelingen in Python, as tables."""
    con = ctx.con
    leerwegen = {o: domain.leerweg_from_onderwijstype(o) for o in found["onderwijstypen"]}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE onderwijstype_map (onderwijstype VARCHAR, leerweg VARCHAR)"
    )
    con.executemany("INSERT INTO onderwijstype_map VALUES (?, ?)", list(leerwegen.items()))
    con.execute("CREATE OR REPLACE TEMP TABLE sector_map (raw VARCHAR, sector VARCHAR)")
    con.executemany(
        "INSERT INTO sector_map VALUES (?, ?)",
        [(s or "", domain.normalise_sector(s)) for s in found["sectoren"]],
    )

    # One row per (afdeling, leerweg): two spellings of one onderwijstype ('VMBO KL lj 3-4',
    # 'vmbo kl lj 3-4 ') share a leerweg, and a second row would double every joined line.
    mapped: dict[tuple[str, str], str] = {}
    unknown: set[str] = set()
    for onderwijstype, afdeling in found["afdelingen"]:
        leerweg = leerwegen.get(onderwijstype)
        if leerweg not in domain.BEROEPSGERICHTE_LEERWEGEN:
            continue
        name = (afdeling or "").strip()
        if name.lower() in ("", "n.v.t."):
            mapped[(afdeling or "", leerweg)] = domain.OVERIG
            continue
        try:
            mapped[(afdeling or "", leerweg)] = domain.profiel_for_afdeling(name)
        except domain.UnknownProfiel:
            unknown.add(afdeling)
    if unknown:
        listed = ", ".join(_sql_literal(a) for a in sorted(unknown))
        check = Check(
            "afdeling",
            f"{{c}} IN ({listed})",
            "onbekend profiel/afdeling; verwacht een van de tien vmbo-profielen "
            "(bijv. 'Produceren, installeren en energie') of een bekende oudere afdeling",
            "onbekend-profiel",
        )
        scan(ctx, csv, [check])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE afdeling_map "
        "(afdeling VARCHAR, leerweg VARCHAR, profiel VARCHAR)"
    )
    if mapped:
        con.executemany(
            "INSERT INTO afdeling_map VALUES (?, ?, ?)",
            [(afdeling, leerweg, profiel) for (afdeling, leerweg), profiel in mapped.items()],
        )


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The three editions DUO has used; a new edition is one more entry here.
LEERLINGEN_2016 = CsvFormat.single(
    CsvLayout(
        name="duo-leerlingen-2016",
        target="leerlingen",
        title="DUO leerlingen vo per vestiging (editie 2016-2018, met LWOO-indicatie)",
        columns={
            "brin": "BRIN NUMMER",
            "vestigingsnummer": "VESTIGINGSNUMMER",
            "lwoo": "LWOO INDICATIE",
            "opleidingscode": "ELEMENTCODE",
            **_COMMON,
        },
        optional=_OPTIONAL,
        repeated=COUNT_COLUMNS,
    ),
    load_leerlingen,
    OPENBAAR,
)
LEERLINGEN_2019 = CsvFormat.single(
    CsvLayout(
        name="duo-leerlingen-2019",
        target="leerlingen",
        title="DUO leerlingen vo per vestiging (editie 2019)",
        columns={
            "brin": "BRIN NUMMER",
            "vestigingsnummer": "VESTIGINGSNUMMER",
            "opleidingscode": "ELEMENTCODE",
            **_COMMON,
        },
        optional=_OPTIONAL,
        repeated=COUNT_COLUMNS,
    ),
    load_leerlingen,
    OPENBAAR,
)
LEERLINGEN_2020 = CsvFormat.single(
    CsvLayout(
        name="duo-leerlingen-2020",
        target="leerlingen",
        title="DUO leerlingen vo per vestiging (editie 2020 en later)",
        columns={
            "brin": "INSTELLINGSCODE",
            "vestigingsnummer": "VESTIGINGSCODE",
            "opleidingscode": "ERKENDE OPLEIDINGSCODE",
            **_COMMON,
        },
        optional={**_OPTIONAL, "samenwerkingsverband": "SAMENWERKINGSVERBAND PASSEND ONDERWIJS VO"},
        repeated=COUNT_COLUMNS,
    ),
    load_leerlingen,
    OPENBAAR,
)
FORMATS = (LEERLINGEN_2016, LEERLINGEN_2019, LEERLINGEN_2020)
