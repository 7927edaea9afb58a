"""STO Monitor's own layouts (docs/formaten.md, "Eigen formaten"): the four yearly ones.

For these sources no public file exists, so the project fixes the layout itself. Each is a
:class:`CsvLayout` staged and checked in SQL like the DUO files; every value that is wrong is
reported with its line and column. ``sto-regio`` lives in ``eigen_regio.py``; shared helpers in
``eigen_basis.py``. A file replaces earlier rows of each school year it contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sto_monitor import domain
from sto_monitor.domain import VERTROUWELIJK
from sto_monitor.ingest.csvlayout import (
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
    BAD_JA_NEE,
    BAD_SCHOOLJAAR,
    BAD_VESTIGINGSCODE,
    MSG_SCHOOLJAAR,
    MSG_VESTIGINGSCODE,
    drop_tables,
    leerweg_code,
    mapped,
    one_of,
    profiel_code,
    replace_years,
    schooljaar_sql,
    stage_nonempty,
    staged_years,
    unknown_in,
    value_map,
    year_notes,
)
from sto_monitor.ingest.formats import LoadContext, LoadResult


# --- the four yearly own layouts ---------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    """How one own layout maps to its table: checks, vocabulary maps and SELECT list."""

    checks: Sequence[Check]
    maps: Mapping[str, tuple[Sequence[str], Callable[[str], str | None]]]
    select: Sequence[str]  # SQL expressions with {col:name} and {map:table:name} refs
    key: Sequence[str]  # the columns besides schooljaar and vestiging that identify a line


def _expand(sql: str, staged: Staged) -> str:
    """Replace {map:table:name} and {col:name}; an absent optional column is NULL."""
    sql = re.sub(
        r"\{map:([a-z_0-9]+):([a-z_0-9]+)\}",
        lambda m: mapped(m.group(1), staged.refs[m.group(2)]),
        sql,
    )
    return re.sub(r"\{col:([a-z_0-9]+)\}", lambda m: staged.refs.get(m.group(1), "NULL"), sql)


def _present(check: Check, staged: Staged) -> bool:
    """Whether every column a check reads is in the file."""
    names = [check.column, *re.findall(r"\{col:([a-z_0-9]+)\}", check.where)]
    return all(name in staged.refs for name in names)


def _load_own(ctx: LoadContext, layout: CsvLayout, spec: _Spec) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    for table, (columns, translate) in spec.maps.items():
        value_map(ctx.con, staged, table, columns, translate)
    base = [
        Check("schooljaar", BAD_SCHOOLJAAR, MSG_SCHOOLJAAR, "schooljaar"),
        Check("vestiging", BAD_VESTIGINGSCODE, MSG_VESTIGINGSCODE, "vestigingscode"),
    ]
    # a check of an optional column runs only when the file has that column
    checks = [c for c in spec.checks if _present(c, staged)]
    run_checks(ctx, staged, [*base, *checks], ("schooljaar", "vestiging", *spec.key))
    jaar = schooljaar_sql(staged.refs["schooljaar"])
    years = staged_years(ctx, staged, jaar)
    replaced = replace_years(ctx, layout.target, years)
    columns = ", ".join(_expand(s, staged) for s in spec.select)
    ctx.con.execute(
        f"INSERT INTO {layout.target} SELECT {jaar}, upper(trim({staged.refs['vestiging']})), "
        f"{columns}, ? FROM {staged.table}",
        [ctx.bron_id],
    )
    drop_tables(ctx.con, *spec.maps)
    schooljaar, notes = year_notes(years)
    return LoadResult(staged.rows, staged.rows, schooljaar, None, replaced, notes)


def _own(
    name: str,
    target: str,
    title: str,
    columns: dict[str, str],
    spec: _Spec,
    optional: dict[str, str] | None = None,
) -> CsvFormat:
    layout = CsvLayout(
        name=name,
        target=target,
        title=title,
        columns={"schooljaar": "SCHOOLJAAR", "vestiging": "VESTIGINGSCODE", **columns},
        optional=optional or {},
    )
    # Our own layouts stand for deliveries under agreement (MONITOR.md): confidential.
    return CsvFormat((layout,), lambda ctx, chosen: _load_own(ctx, chosen, spec), VERTROUWELIJK)


_LEERWEG_CHECK = Check(
    "leerweg",
    unknown_in("leerweg_map"),
    "onbekende leerweg; verwacht bb, kb, gl of tl",
    "onbekende-leerweg",
)
_LEERWEG_MAP = {"leerweg_map": (("leerweg",), leerweg_code)}
_MSG_PROFIEL = (
    "onbekend profiel; verwacht een code (PIE, BWI, M&T, MaT, MVI, D&P, E&O, Groen, "
    "HBR, Z&W) of de volledige naam"
)
_COUNT = f"{count_min('{col:aantal}')}, {count_max('{col:aantal}')}"
_AANTAL_CHECKS = count_checks("aantal", required=True)
# A keuzevak code is the school's own (K/PIE/1, K/M&T/2): a letter or digit first, then
# letters, digits, spaces and / & . _ - ; never a formula or control character.
BAD_KEUZEVAK_CODE = (
    "NOT coalesce(regexp_full_match(trim({c}), '[A-Za-z0-9][A-Za-z0-9/&._ -]{{0,39}}'), false)"
)

KEUZEVAKKEN = _own(
    "sto-keuzevakken",
    "keuzevak_examens",
    "STO: examens in keuzevakken (eigen formaat)",
    {
        "leerweg": "LEERWEG",
        "keuzevak_code": "KEUZEVAK CODE",
        "keuzevak_profiel": "KEUZEVAK PROFIEL",
        "profiel_leerling": "PROFIEL LEERLING",
        "aantal": "AANTAL EXAMENS",
    },
    _Spec(
        checks=[
            _LEERWEG_CHECK,
            Check(
                "keuzevak_code",
                "({c} IS NULL OR trim({c}) = '')",
                "keuzevakcode ontbreekt",
                "leeg-veld",
            ),
            Check(
                "keuzevak_code",
                BAD_KEUZEVAK_CODE,
                "keuzevakcode moet beginnen met een letter of cijfer en mag alleen letters, "
                "cijfers, spaties en / & . _ - bevatten (bijv. K/PIE/1)",
                "ongeldige-code",
                where="NOT ({col:keuzevak_code} IS NULL OR trim({col:keuzevak_code}) = '')",
            ),
            Check("keuzevak_profiel", unknown_in("profiel_map"), _MSG_PROFIEL, "onbekend-profiel"),
            Check("profiel_leerling", unknown_in("profiel_map"), _MSG_PROFIEL, "onbekend-profiel"),
            *_AANTAL_CHECKS,
        ],
        maps={
            **_LEERWEG_MAP,
            "profiel_map": (("keuzevak_profiel", "profiel_leerling"), profiel_code),
        },
        select=[
            "{map:leerweg_map:leerweg}",
            "trim({col:keuzevak_code})",
            "nullif(trim({col:keuzevak_naam}), '')",
            "{map:profiel_map:keuzevak_profiel}",
            "{map:profiel_map:profiel_leerling}",
            _COUNT,
        ],
        key=("leerweg", "keuzevak_code", "profiel_leerling"),
    ),
    optional={"keuzevak_naam": "KEUZEVAK NAAM"},
)


def _sectorkamer(text: str) -> str | None:
    return domain.sectorkamer_naam(text)


_MBO = "coalesce(lower(trim({col:bestemming})) LIKE 'mbo-%', false)"
# The optional ERKENDE OPLEIDINGSCODE (crebo) gives the sectorkamer where SECTORKAMER is empty,
# through the loaded link (duo-crebo-sectorkamer): resolved once, when the file is loaded.
_LEEG = "({c} IS NULL OR trim({c}) = '')"
_CREBO_GEGEVEN = "NOT ({col:crebo} IS NULL OR trim({col:crebo}) = '')"
_KAMER_LEEG = "({col:sectorkamer} IS NULL OR trim({col:sectorkamer}) = '')"
_KOPPELING = "(SELECT k.sectorkamer FROM crebo_sectorkamer AS k WHERE k.crebo = trim({c}))"
_GEKOPPELD = "EXISTS (SELECT 1 FROM crebo_sectorkamer)"
_CREBO_CHECKS = [
    Check(
        "crebo",
        f"NOT {_LEEG} AND NOT coalesce(regexp_full_match(trim({{c}}), '[0-9]{{{{5}}}}'), false)",
        "verwacht een erkende opleidingscode (crebo) van 5 cijfers (bijv. 25180)",
        "geen-crebo",
    ),
    Check(
        "crebo",
        f"NOT {_LEEG}",
        "een opleidingscode hoort alleen bij een mbo-bestemming; laat dit veld leeg",
        "sectorkamer-niet-mbo",
        where=f"NOT {_MBO}",
    ),
    Check(
        "crebo",
        f"regexp_full_match(trim({{c}}), '[0-9]{{{{5}}}}') AND {_KOPPELING} IS NULL",
        "onbekende opleidingscode: staat niet in de geladen koppeling crebo-sectorkamer "
        "(formaat duo-crebo-sectorkamer)",
        "onbekende-crebo",
        where=f"{_MBO} AND {_GEKOPPELD}",
    ),
    Check(
        "crebo",
        f"NOT {_LEEG}",
        "geen koppeling crebo-sectorkamer geladen: laad eerst DUO's lijst erkende opleidingen "
        "(formaat duo-crebo-sectorkamer), of vul SECTORKAMER",
        "crebo-koppeling-ontbreekt",
        where=f"{_MBO} AND {_KAMER_LEEG} AND NOT {_GEKOPPELD}",
    ),
    Check(
        "sectorkamer",
        "TRUE",
        "sectorkamer verschilt van die van de opleidingscode in de koppeling crebo-sectorkamer",
        "sectorkamer-tegenstrijdig",
        where=f"{_MBO} AND {_CREBO_GEGEVEN} AND "
        "(SELECT code FROM sectorkamer_map WHERE raw = {col:sectorkamer}) <> "
        + _KOPPELING.format(c="{col:crebo}"),
    ),
]
DOORSTROOM = _own(
    "sto-doorstroom",
    "doorstroom",
    "STO: doorstroom na leerjaar 4 (eigen formaat)",
    {
        "profiel": "PROFIEL",
        "leerweg": "LEERWEG",
        "bestemming": "BESTEMMING",
        "sectorkamer": "SECTORKAMER",
        "aantal": "AANTAL",
    },
    _Spec(
        checks=[
            Check("profiel", unknown_in("profiel_map"), _MSG_PROFIEL, "onbekend-profiel"),
            _LEERWEG_CHECK,
            Check(
                "bestemming",
                one_of(domain.DOORSTROOM_BESTEMMINGEN),
                "onbekende bestemming; verwacht " + ", ".join(domain.DOORSTROOM_BESTEMMINGEN),
                "onbekende-bestemming",
            ),
            Check(
                "sectorkamer",
                unknown_in("sectorkamer_map", required=False),
                "onbekende sectorkamer; verwacht een van de negen SBB-sectorkamers",
                "onbekende-sectorkamer",
                where=_MBO,
            ),
            Check(
                "sectorkamer",
                "NOT ({c} IS NULL OR trim({c}) = '')",
                "een sectorkamer hoort alleen bij een mbo-bestemming; laat dit veld leeg",
                "sectorkamer-niet-mbo",
                where=f"NOT {_MBO}",
            ),
            *_CREBO_CHECKS,
            *_AANTAL_CHECKS,
        ],
        maps={
            **_LEERWEG_MAP,
            "profiel_map": (("profiel",), profiel_code),
            "sectorkamer_map": (("sectorkamer",), _sectorkamer),
        },
        select=[
            "{map:profiel_map:profiel}",
            "{map:leerweg_map:leerweg}",
            "lower(trim({col:bestemming}))",
            "coalesce({map:sectorkamer_map:sectorkamer}, "
            + _KOPPELING.format(c="{col:crebo}")
            + ")",
            _COUNT,
        ],
        key=("profiel", "leerweg", "bestemming", "sectorkamer", "crebo"),
    ),
    optional={"crebo": "ERKENDE OPLEIDINGSCODE"},
)

DOCENTEN = _own(
    "sto-docenten",
    "docenten",
    "STO: personeel per profielgroep (eigen formaat)",
    {
        "profielgroep": "PROFIELGROEP",
        "zij_instromer": "ZIJ-INSTROMER",
        "fte": "FTE",
        "aantal": "PERSONEN",
    },
    _Spec(
        checks=[
            Check(
                "profielgroep",
                one_of(domain.PROFIELGROEPEN),
                "onbekende profielgroep; verwacht " + ", ".join(domain.PROFIELGROEPEN),
                "onbekende-profielgroep",
            ),
            Check("zij_instromer", BAD_JA_NEE, "verwacht 'ja' of 'nee'", "geen-ja-nee"),
            Check(
                "fte",
                "NOT coalesce(regexp_full_match(trim({c}), '[0-9]+([.,][0-9]+)?'), false)",
                "verwacht een aantal fte ≥ 0 (bijv. 3,4 of 3.4)",
                "geen-getal",
            ),
            *_AANTAL_CHECKS,
        ],
        maps={},
        select=[
            "lower(trim({col:profielgroep}))",
            "lower(trim({col:zij_instromer})) = 'ja'",
            "replace(trim({col:fte}), ',', '.')::DOUBLE",
            _COUNT,
        ],
        key=("profielgroep", "zij_instromer"),
    ),
)

LEERLING_PC4 = _own(
    "sto-leerling-pc4",
    "leerling_pc4",
    "STO: derdejaars naar woonpostcode (eigen formaat)",
    {"profiel": "PROFIEL", "leerweg": "LEERWEG", "pc4": "POSTCODE LEERLING", "aantal": "AANTAL"},
    _Spec(
        checks=[
            Check("profiel", unknown_in("profiel_map"), _MSG_PROFIEL, "onbekend-profiel"),
            _LEERWEG_CHECK,
            Check(
                "pc4",
                "NOT coalesce(regexp_full_match(trim({c}), '[1-9][0-9]{{3}}'), false)",
                "verwacht een postcode van 4 cijfers (bijv. 7511)",
                "geen-pc4",
            ),
            *_AANTAL_CHECKS,
        ],
        maps={**_LEERWEG_MAP, "profiel_map": (("profiel",), profiel_code)},
        select=[
            "{map:profiel_map:profiel}",
            "{map:leerweg_map:leerweg}",
            "trim({col:pc4})",
            _COUNT,
        ],
        key=("profiel", "leerweg", "pc4"),
    ),
)

FORMATS = (KEUZEVAKKEN, DOORSTROOM, DOCENTEN, LEERLING_PC4)
