"""DUO exam files: "Geslaagden, gezakten en cijfers" and "Examenkandidaten en geslaagden".

``duo-geslaagden-gezakten`` (one school year per file) is per vestiging x onderwijstype x
leerweg x sector x afdeling, where AFDELING holds the vmbo profiel code (PIE, BWI, MTR, ...).
``duo-examenkandidaten`` is wide: one block of columns per school year x geslacht; we store it
long, without SLAAGPERC (derived), and leave out cells that are empty or 0 (no candidates).
Both replace earlier rows of every school year they contain. Counts may be ``<5`` ([1, 4]).
"""

from __future__ import annotations

from sto_monitor import domain
from sto_monitor.domain import OPENBAAR
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest import schooljaar as schooljaar_from
from sto_monitor.ingest.csvlayout import (
    NOT_A_NUMBER,
    Check,
    CsvFormat,
    CsvLayout,
    Staged,
    count_checks,
    count_max,
    count_min,
    run_checks,
)
from sto_monitor.ingest.eigen_basis import (
    BAD_SCHOOLJAAR,
    MSG_SCHOOLJAAR,
    drop_tables,
    mapped,
    replace_years,
    stage_nonempty,
    staged_years,
    unknown_in,
    value_map,
    year_notes,
)
from sto_monitor.ingest.formats import LoadContext, LoadResult
from sto_monitor.ingest.leerlingen import VESTIGING_KEY, VESTIGING_SQL
from sto_monitor.ingest.vestigingen import CODE_CHECKS

KEYS = (("BRIN NUMMER", "VESTIGINGSNUMMER"), ("INSTELLINGSCODE", "VESTIGINGSCODE"))
# The columns that identify a line of each format (absent optional ones are left out).
GESLAAGDEN_KEY = (
    "schooljaar",
    "peildatum",
    VESTIGING_KEY,
    "onderwijstype",
    "leerweg",
    "sector",
    "afdeling",
)
KANDIDATEN_KEY = (VESTIGING_KEY, "onderwijstype", "opleidingsnaam")


def _leerweg(text: str) -> str | None:
    """``BL``/``KL``/``GL``/``TL``/``GT`` or a full leerweg name -> code."""
    key = domain.normalise_name(text)
    for code, naam in domain.LEERWEGEN.items():
        if key in (code, naam, naam.removesuffix(" leerweg")):
            return code
    if key.startswith("gemengde/theoretische"):
        return domain.leerweg_from_onderwijstype("VMBO GT")  # as DUO's "GT"
    return domain.leerweg_from_onderwijstype(f"VMBO {text}")


# --- geslaagden, gezakten en cijfers ------------------------------------------------------
def _geslaagden_layout(brin: str, vestiging: str) -> CsvLayout:
    return CsvLayout(
        name="duo-geslaagden-gezakten",
        target="examens",
        title="DUO geslaagden, gezakten en cijfers per vestiging (met vmbo-profielcode)",
        columns={
            "brin": brin,
            "vestigingsnummer": vestiging,
            "onderwijstype": "ONDERWIJSTYPE VO",
            "leerweg": "LEERWEG VMBO",
            "sector": "VMBO SECTOR",
            "afdeling": "AFDELING",
            "kandidaten": "EXAMENKANDIDATEN",
            "geslaagden": "GESLAAGDEN",
            "gezakten": "GEZAKTEN",
        },
        optional={
            "cijfer_schoolexamen": "GEMIDDELD CIJFER SCHOOLEXAMEN",
            "cijfer_centraal": "GEMIDDELD CIJFER CENTRAAL EXAMEN",
            "cijfer_lijst": "GEMIDDELD CIJFER CIJFERLIJST",
            "schooljaar": "SCHOOLJAAR",
            "peildatum": "PEILDATUM",
        },
    )


def _profiel(text: str) -> str:
    return domain.profiel_for_afdeling(text)


def load_geslaagden(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    refs, con = staged.refs, ctx.con
    value_map(con, staged, "examen_leerweg_map", ["leerweg"], _leerweg)
    leerweg = mapped("examen_leerweg_map", refs["leerweg"])
    value_map(con, staged, "examen_profiel_map", ["afdeling"], _profiel)
    value_map(con, staged, "examen_sector_map", ["sector"], domain.normalise_sector)
    beroepsgericht = "coalesce({} IN ('bb', 'kb', 'gl'), false)"
    checks = [
        *CODE_CHECKS,
        Check(
            "onderwijstype",
            "({c} IS NULL OR trim({c}) = '')",
            "onderwijstype ontbreekt",
            "leeg-veld",
        ),
        Check(
            "leerweg",
            unknown_in("examen_leerweg_map", required=False),
            "onbekende leerweg; verwacht BL, KL, GL of TL",
            "onbekende-leerweg",
        ),
        Check(
            "afdeling",
            unknown_in("examen_profiel_map", required=False),
            "onbekend profiel/afdeling; verwacht een profielcode (PIE, BWI, MTR, MVI, MTE, "
            "ZWE, EO, HBR, G, DP) of een bekende oudere afdeling",
            "onbekend-profiel",
            where=beroepsgericht.format(mapped("examen_leerweg_map", "{col:leerweg}")),
        ),
        *[check for c in ("kandidaten", "geslaagden", "gezakten") for check in count_checks(c)],
        *[
            Check(c, NOT_A_NUMBER, "verwacht een cijfer (bijv. 6,4)", "geen-getal")
            for c in ("cijfer_schoolexamen", "cijfer_centraal", "cijfer_lijst")
            if c in refs
        ],
    ]
    jaar = _schooljaar_sql(ctx, staged, checks)
    run_checks(ctx, staged, checks, GESLAAGDEN_KEY)
    years = staged_years(ctx, staged, jaar)
    replaced = replace_years(ctx, "examens", years)

    def cijfer(name: str) -> str:
        return (
            f"replace(nullif(trim({refs[name]}), ''), ',', '.')::DOUBLE" if name in refs else "NULL"
        )

    gezakt = refs["gezakten"]
    profiel = (
        f"CASE WHEN {beroepsgericht.format(leerweg)} THEN "
        f"coalesce({mapped('examen_profiel_map', refs['afdeling'])}, "
        f"'{domain.OVERIG}') END"
    )
    con.execute(
        f"""
        INSERT INTO examens
        SELECT {jaar}, {VESTIGING_SQL.format(v=refs["vestigingsnummer"], b=refs["brin"])},
               trim({refs["onderwijstype"]}), {leerweg},
               {mapped("examen_sector_map", refs["sector"])},
               nullif(trim({refs["afdeling"]}), ''), {profiel},
               {count_min(refs["kandidaten"])}, {count_max(refs["kandidaten"])},
               {count_min(refs["geslaagden"])}, {count_max(refs["geslaagden"])},
               CASE WHEN nullif(trim({gezakt}), '') IS NOT NULL THEN {count_min(gezakt)} END,
               CASE WHEN nullif(trim({gezakt}), '') IS NOT NULL THEN {count_max(gezakt)} END,
               {cijfer("cijfer_schoolexamen")}, {cijfer("cijfer_centraal")},
               {cijfer("cijfer_lijst")}, ?
        FROM {staged.table}
    """,
        [ctx.bron_id],
    )
    drop_tables(
        con, "examen_leerweg_map", "examen_profiel_map", "examen_sector_map", "examen_peildatum_map"
    )
    schooljaar, notes = year_notes(years)
    return LoadResult(staged.rows, staged.rows, schooljaar, None, replaced, notes)


def _schooljaar_sql(ctx: LoadContext, staged: Staged, checks: list[Check]) -> str:
    """SQL for each row's school year: ``--schooljaar`` when given (as for every source),
    else a SCHOOLJAAR or PEILDATUM column, else the file name."""
    refs = staged.refs
    if ctx.schooljaar is not None:
        return f"{int(ctx.schooljaar)}::SMALLINT"
    if "schooljaar" in refs:
        checks.append(Check("schooljaar", BAD_SCHOOLJAAR, MSG_SCHOOLJAAR, "schooljaar"))
        return f"left(trim({refs['schooljaar']}), 4)::SMALLINT"
    if "peildatum" in refs:

        def jaar(text: str) -> str | None:
            parsed = schooljaar_from.parse_peildatum(text)
            return str(schooljaar_from.from_peildatum(parsed)) if parsed else None

        value_map(ctx.con, staged, "examen_peildatum_map", ["peildatum"], jaar)
        checks.append(
            Check(
                "peildatum",
                unknown_in("examen_peildatum_map"),
                "verwacht een datum (bijv. 2019-10-01)",
                "peildatum",
            )
        )
        return f"{mapped('examen_peildatum_map', refs['peildatum'])}::SMALLINT"
    year = schooljaar_from.from_file_name(ctx.source.name)
    if year is None:
        raise SourceFileError.single(
            ctx.source.path,
            "kan het schooljaar niet bepalen (geen SCHOOLJAAR- of "
            "PEILDATUM-kolom, geen jaartal in de bestandsnaam); geef het op met --schooljaar",
            code="schooljaar-onbekend",
        )
    return f"{int(year)}::SMALLINT"


GESLAAGDEN = CsvFormat(tuple(_geslaagden_layout(b, v) for b, v in KEYS), load_geslaagden, OPENBAAR)

# --- examenkandidaten en geslaagden (wide) -------------------------------------------------
BLOCK = (
    r"(EXAMENKANDIDATEN|GESLAAGDEN|SLAAGPERC) SCHOOLJAAR ([0-9]{4})-([0-9]{4}) - "
    r"(MAN|VROUW|ONBEKEND|TOTAAL)"
)


def _kandidaten_layout(brin: str, vestiging: str) -> CsvLayout:
    return CsvLayout(
        name="duo-examenkandidaten",
        target="examenkandidaten",
        title="DUO examenkandidaten en geslaagden per vestiging (meerdere schooljaren)",
        columns={
            "brin": brin,
            "vestigingsnummer": vestiging,
            "onderwijstype": "ONDERWIJSTYPE VO",
            "opleidingsnaam": "OPLEIDINGSNAAM",
        },
        optional={"inspectiecode": "INSPECTIECODE"},
        repeated=BLOCK,
    )


def load_kandidaten(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    refs, con = staged.refs, ctx.con
    blocks: dict[tuple[int, str], dict[str, str]] = {}
    for header, match in layout.repeated_columns(ctx.source):
        kind, first, _, geslacht = match.groups()
        if kind != "SLAAGPERC":
            blocks.setdefault((int(first), geslacht.lower()), {})[kind] = refs[header]
    incomplete = [f"{k[0]}-{k[0] + 1} - {k[1].upper()}" for k, v in blocks.items() if len(v) < 2]
    if incomplete:
        raise SourceFileError.single(
            ctx.source.path,
            "elk blok heeft een kolom EXAMENKANDIDATEN en GESLAAGDEN nodig; "
            f"onvolledig: SCHOOLJAAR {', '.join(incomplete[:3])}",
            code="kolom-ontbreekt",
            line=1,
        )
    value_map(
        con, staged, "kandidaten_leerweg_map", ["opleidingsnaam"], domain.leerweg_from_onderwijstype
    )
    run_checks(
        ctx,
        staged,
        [
            *CODE_CHECKS,
            Check(
                "opleidingsnaam",
                "({c} IS NULL OR trim({c}) = '')",
                "opleidingsnaam ontbreekt",
                "leeg-veld",
            ),
            *[
                check
                for block in blocks.values()
                for column in block.values()
                for check in count_checks(column)
            ],
        ],
        KANDIDATEN_KEY,
    )
    years = sorted({year for year, _ in blocks})
    replaced = replace_years(ctx, "examenkandidaten", years)
    cells = ", ".join(
        f"{{'jaar': {year}, 'geslacht': '{geslacht}', 'k': {block['EXAMENKANDIDATEN']}, "
        f"'g': {block['GESLAAGDEN']}}}"
        for (year, geslacht), block in sorted(blocks.items())
    )
    inspectie = f"nullif(trim({refs['inspectiecode']}), '')" if "inspectiecode" in refs else "NULL"
    absent = "coalesce(trim({x}), '') IN ('', '0')"
    con.execute(
        f"""
        INSERT INTO examenkandidaten
        SELECT jaar, {VESTIGING_SQL.format(v=refs["vestigingsnummer"], b=refs["brin"])},
               trim({refs["onderwijstype"]}), {inspectie}, trim({refs["opleidingsnaam"]}),
               {mapped("kandidaten_leerweg_map", refs["opleidingsnaam"])}, geslacht,
               {count_min("k")}, {count_max("k")}, {count_min("g")}, {count_max("g")}, ?
        FROM (SELECT *, unnest([{cells}], recursive := true) FROM {staged.table})
        WHERE NOT ({absent.format(x="k")} AND {absent.format(x="g")})
    """,
        [ctx.bron_id],
    )
    loaded = con.execute(
        "SELECT count(*) FROM examenkandidaten WHERE bron_id = ?", [ctx.bron_id]
    ).fetchall()[0][0]
    drop_tables(con, "kandidaten_leerweg_map")
    schooljaar, notes = year_notes(years)
    return LoadResult(staged.rows, int(loaded), schooljaar, None, replaced, notes)


KANDIDATEN = CsvFormat(tuple(_kandidaten_layout(b, v) for b, v in KEYS), load_kandidaten, OPENBAAR)
FORMATS = (GESLAAGDEN, KANDIDATEN)
