"""`plaatsnaam`: DUO's upper-case place names in Dutch spelling, checked on every real name.

The oracle is the real proper-case spelling in ../shared: gemeente names (CBS boundaries and
the gemeente lookup) and, as a second oracle, woonplaats names (BAG ``plaats`` in the geocoded
DUO school files, GeoNames postcodes, the postcodetabel). Every upper-case PLAATSNAAM /
GEMEENTENAAM in the real DUO files that one of them spells must come out exactly that way.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from sto_monitor.domain import plaatsnaam
from tests.conftest import REAL, requires_real

# Codes that say which of two equal names is meant ("HOORN NH", "EDE GLD", "STEIN LB").
CODES = {"NH", "ZH", "NB", "GLD", "GN", "LB", "L", "O", "OV", "UT", "FR"}


@pytest.mark.parametrize(
    ("duo", "naam"),
    [
        ("'S-GRAVENHAGE", "'s-Gravenhage"),
        ("'S-HERTOGENBOSCH", "'s-Hertogenbosch"),
        ("S GRAVENHAGE", "'s-Gravenhage"),  # DUO's gemeentenaam drops apostrophe and hyphen
        ("'S GRAVENZANDE", "'s-Gravenzande"),
        ("'T ZANDT", "'t Zandt"),
        ("'T HARDE", "'t Harde"),
        ("'T ZAND", "'t Zand"),
        ("IJMUIDEN", "IJmuiden"),
        ("IJSSELSTEIN", "IJsselstein"),
        ("IJSSELSTEIN UT", "IJsselstein UT"),
        ("NIEUWERKERK AAN DEN IJSSEL", "Nieuwerkerk aan den IJssel"),
        ("NIEUWERKERK AD IJSSEL", "Nieuwerkerk ad IJssel"),
        ("KAPELLE A/D IJSSEL", "Kapelle a/d IJssel"),
        ("ALPHEN AAN DEN RIJN", "Alphen aan den Rijn"),
        ("BERGEN OP ZOOM", "Bergen op Zoom"),
        ("CAPELLE AAN DEN IJSSEL", "Capelle aan den IJssel"),
        ("WIJK BIJ DUURSTEDE", "Wijk bij Duurstede"),
        ("OUDERKERK AAN DE AMSTEL", "Ouderkerk aan de Amstel"),
        ("HOEK VAN HOLLAND", "Hoek van Holland"),
        ("BEEK EN DONK", "Beek en Donk"),
        ("DEN HAAG", "Den Haag"),
        ("DE BILT", "De Bilt"),
        ("DEN HELDER", "Den Helder"),
        ("HET BILDT", "Het Bildt"),
        ("TER APEL", "Ter Apel"),
        ("REUSEL-DE MIERDEN", "Reusel-De Mierden"),
        ("WEHE-DEN HOORN", "Wehe-den Hoorn"),
        ("HOORN NH", "Hoorn NH"),
        ("BERGEN NH", "Bergen NH"),
        ("BERGEN L", "Bergen L"),
        ("BEEK L", "Beek L"),
        ("HENGELO GLD", "Hengelo GLD"),
        ("HENGELO O", "Hengelo O"),
        ("RIJSWIJK ZH", "Rijswijk ZH"),
        ("LAREN NH", "Laren NH"),
        ("BERGEN (NH)", "Bergen (NH)"),
        ("BERGEN (L.)", "Bergen (L.)"),
        ("NIEUW-VENNEP", "Nieuw-Vennep"),
        ("SINT-OEDENRODE", "Sint-Oedenrode"),
        ("OUD-BEIJERLAND", "Oud-Beijerland"),
        ("ST.-ANNAPAROCHIE", "St.-Annaparochie"),
        ("NUENEN C.A.", "Nuenen c.a."),
        ("NUENEN, GERWEN EN NEDERWETTEN", "Nuenen, Gerwen en Nederwetten"),
        ("DANTUMADEEL (DANTUMADIEL)", "Dantumadeel (Dantumadiel)"),
        ("SUDWEST-FRYSLAN", "Súdwest-Fryslân"),
        ("SÚDWEST-FRYSLÂN", "Súdwest-Fryslân"),
        ("  HOORN   NH ", "Hoorn NH"),
        ("ROTTERDAM", "Rotterdam"),
    ],
)
def test_hand_picked(duo: str, naam: str) -> None:
    assert plaatsnaam(duo) == naam
    assert plaatsnaam(naam) == naam


@pytest.mark.parametrize("naam", ["'s-Gravenhage", "Hoorn Nh", "de Bilt", "IJmuiden", "", "1234"])
def test_mixed_case_is_left_alone(naam: str) -> None:
    assert plaatsnaam(naam) == naam


# ---------------------------------------------------------------- the real names


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # DUO's older files


@functools.cache
def duo_names() -> frozenset[str]:
    """Every distinct upper-case place or gemeente name in the real DUO files."""
    names: set[str] = set()
    files = sorted(
        (*REAL.glob("leerlingen_vo/*.csv"), *REAL.glob("vestigingen_vo/**/*.csv"))
    ) + sorted(REAL.glob("examens_vo/*.csv"))
    for path in files:
        reader = csv.DictReader(_read_text(path).splitlines(), delimiter=";")
        columns = [c for c in reader.fieldnames or () if "PLAATSNAAM" in c or "GEMEENTENAAM" in c]
        assert columns, f"geen plaats- of gemeentenaam in {path}"
        for row in reader:
            names.update((row[c] or "").strip() for c in columns)
    # The geocoded school files keep DUO's GEMEENTENAAM (upper case) as ``gemeente``.
    for path in sorted(REAL.glob("vestigingen_geo/*.zip")):
        for feature in _geo_features(path):
            names.add((feature["properties"].get("gemeente") or "").strip())
    return frozenset(n for n in names if n and n == n.upper())


def _geo_features(path: Path) -> list[dict[str, Any]]:
    with zipfile.ZipFile(path) as archive:
        return [
            f for member in archive.namelist() for f in json.loads(archive.read(member))["features"]
        ]


def _oracle(spellings: list[str]) -> dict[str, str]:
    """Upper case -> the one proper-case spelling; two different spellings fail the test."""
    seen: dict[str, set[str]] = defaultdict(set)
    for s in spellings:
        s = " ".join(s.split())
        if s and s != s.upper():
            seen[s.upper()].add(s)
    conflicts = {k: v for k, v in seen.items() if len(v) > 1}
    assert not conflicts, f"de bronnen spellen deze namen verschillend: {conflicts}"
    return {k: next(iter(v)) for k, v in seen.items()}


@functools.cache
def gemeenten() -> dict[str, str]:
    """The real gemeente names: CBS boundaries (2023 and 2016 indeling) and the lookup table."""
    names: list[str] = []
    with (REAL / "geo" / "gemeenten.geojson").open(encoding="utf-8") as f:
        # CBS adds " (gemeente)" where a place has the name of a larger area (Groningen).
        names += [
            ft["properties"]["gemeenteNaam"].removesuffix(" (gemeente)")
            for ft in json.load(f)["features"]
        ]
    with (REAL / "geo" / "townships.geojson").open(encoding="utf-8") as f:
        names += [ft["properties"]["name"] for ft in json.load(f)["features"]]
    with (REAL / "geo" / "KoppelCodes.csv").open(encoding="utf-8-sig", newline="") as f:
        names += [row["gemeenteNaam"] for row in csv.DictReader(f, delimiter=";")]
    return _oracle(names)


@functools.cache
def woonplaatsen() -> dict[str, str]:
    """Real woonplaats names: BAG ``plaats`` in the school files, GeoNames, the postcodetabel."""
    names = [
        str(ft["properties"].get("plaats") or "")
        for path in sorted(REAL.glob("vestigingen_geo/*.zip"))
        for ft in _geo_features(path)
    ]
    with (REAL / "pc4" / "NL.txt").open(encoding="utf-8") as f:
        names += [line.split("\t")[2] for line in f]
    with (REAL / "pc4" / "postcodetabel-postal-code-city-aggregated.json").open() as f:
        names += [v["city"] for v in json.load(f).values()]
    return _oracle(names)


def _loose(text: str) -> str:
    """Upper case without diacritics and apostrophes, hyphens as spaces: how DUO may write it."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.upper().replace("'", "").replace("-", " ").split())


def _compare(oracle: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """DUO name -> the oracle's spelling: exact (case only) and loose (see ``_loose``)."""
    loose = {_loose(good): good for good in oracle.values()}
    exact = {n: oracle[n] for n in duo_names() if n in oracle}
    rest = {n: loose[_loose(n)] for n in duo_names() if n not in oracle and _loose(n) in loose}
    return exact, rest


# The BAG woonplaats register writes some province codes in mixed case ("Haren Gn",
# "Beuningen Gld", "Elst Ut") and others in capitals ("Driehuis NH", "Beers NB",
# "Rijswijk (GLD)"); we write every code in capitals, as DUO does.
WOONPLAATS_UITZONDERINGEN = {"HAREN GN": "Haren GN"}


@pytest.mark.real
@requires_real
def test_real_names_match_the_official_gemeente_spelling() -> None:
    exact, loose = _compare(gemeenten())
    checked = exact | loose
    wrong = {n: (plaatsnaam(n), good) for n, good in checked.items() if plaatsnaam(n) != good}
    print(
        f"\n{len(exact)} van {len(duo_names())} DUO-namen vergeleken met een gemeentenaam, "
        f"nog {len(loose)} zonder accenten en apostrof: {sorted(loose.values())}"
    )
    assert len(exact) > 300
    assert not wrong, wrong


@pytest.mark.real
@requires_real
def test_real_names_match_the_woonplaats_spelling() -> None:
    exact, loose = _compare(woonplaatsen())
    checked = exact | loose
    wrong = {
        n: (plaatsnaam(n), good)
        for n, good in checked.items()
        if plaatsnaam(n) != WOONPLAATS_UITZONDERINGEN.get(n, good)
    }
    gemeente = set().union(*_compare(gemeenten()))
    print(
        f"\n{len(exact)} van {len(duo_names())} DUO-namen vergeleken met een woonplaatsnaam, "
        f"nog {len(loose)} zonder accenten en apostrof; samen met de gemeentenamen "
        f"{len(gemeente | set(checked))}"
    )
    assert len(exact) > 300
    assert not wrong, wrong
    assert set(WOONPLAATS_UITZONDERINGEN) <= set(exact)  # no stale exceptions


def _letters(text: str) -> str:
    """Only the letters, upper case and without diacritics."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if c.isalpha()).upper()


@pytest.mark.real
@requires_real
def test_every_real_name_is_well_formed() -> None:
    names = duo_names()
    assert len(names) > 500
    for duo in sorted(names):
        naam = plaatsnaam(duo)
        assert naam != naam.upper() or _letters(naam) == "IJ", (duo, naam)
        assert "'S" not in naam, (duo, naam)
        assert not re.search(r"(?:^|[\s\-(])Ij[a-z]", naam), (duo, naam)
        assert plaatsnaam(naam) == naam, (duo, naam)
        # Only the case changes (and 's or c.a. gain the punctuation DUO dropped).
        assert _letters(naam) == _letters(duo), (duo, naam)
        words = re.split(r"[\s(]+", duo.strip(" )"))
        if len(words) > 1 and words[-1].rstrip(".") in CODES:
            assert naam.rstrip(" )").endswith(words[-1]), (duo, naam)


@requires_real
def test_real_names_include_the_hard_cases() -> None:
    """The real files do hold the names the rules exist for."""
    names = duo_names()
    for duo in ("'S-HERTOGENBOSCH", "S GRAVENHAGE", "IJMUIDEN", "HOORN NH", "BERGEN OP ZOOM"):
        assert duo in names
