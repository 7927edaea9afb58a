"""Disclosure control of a publication: hand-made tables, the audit, sources and real files.

The hand-made cases build a component directly: a 2 x 3 table of atoms with its row, column
and grand totals, the smallest linked table there is. The outsider's interval of every cell
is known by hand there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.errors import DisclosureError, IndicatorError
from sto_monitor.indicators.definitie import Herleiding, Indicator, Openbaarheid
from sto_monitor.indicators.registry import INDICATORS
from sto_monitor.publicatie.afscherming import (
    Controle,
    Publicatie,
    cellen,
    publiceer,
    vertrouwelijke_tabellen,
)
from sto_monitor.publicatie.afscherming.aanvaller import Aanvaller
from sto_monitor.publicatie.afscherming.cellen import Cel, Component, Plek
from sto_monitor.publicatie.afscherming.patroon import controleer, kies
from sto_monitor.publicatie.afscherming.tabel import Besluit, getypeerd, weergave
from sto_monitor.publicatie.gegevens import laad


def _tabel(waarden: list[list[int]]) -> Component:
    """Atoms r x c, and as cells: every atom, every row and column total, the grand total."""
    rijen, kolommen = len(waarden), len(waarden[0])
    atoom = {(r, c): r * kolommen + c for r in range(rijen) for c in range(kolommen)}
    comp = Component("proef", 2024, {"aantal": rijen * kolommen})

    def cel(naam: str, idx: list[int]) -> None:
        som = float(sum(waarden[i // kolommen][i % kolommen] for i in idx))
        comp.cellen.append(
            Cel(len(comp.cellen), "aantal", np.array(sorted(idx)), som, som, [Plek("t", 0, naam)])
        )

    for (r, c), i in atoom.items():
        cel(f"a{r}{c}", [i])
    for r in range(rijen):
        cel(f"r{r}", [atoom[(r, c)] for c in range(kolommen)])
    for c in range(kolommen):
        cel(f"k{c}", [atoom[(r, c)] for r in range(rijen)])
    cel("totaal", list(atoom.values()))
    return comp


def _namen(comp: Component, ids: set[int]) -> set[str]:
    return {comp.cellen[i].plekken[0].kolom for i in ids}


def test_a_primary_cell_alone_is_derived_from_its_row_total() -> None:
    comp = _tabel([[2, 30, 40], [50, 60, 70]])
    primair = {c.id for c in comp.cellen if c.primair}
    assert _namen(comp, primair) == {"a00"}
    (bevinding,) = controleer(comp, primair)
    assert (bevinding.laag, bevinding.hoog) == (2.0, 2.0)  # r0 - a01 - a02
    assert not bevinding.veilig


def test_the_pattern_hides_a_rectangle_and_the_audit_proves_it() -> None:
    comp = _tabel([[2, 30, 40], [50, 60, 70]])
    weg = kies(comp)
    # the smallest rectangle through a00: a00, one more in its row and its column, the corner
    assert _namen(comp, weg) == {"a00", "a01", "a10", "a11"}
    for b in controleer(comp, weg):
        assert b.veilig
        if b.primair:  # a00 = 2 may be anything from 1 to 31 for the outsider
            assert (b.laag, b.hoog) == (1.0, 31.0)


def test_an_afgeschermde_cell_is_at_least_1_for_the_outsider() -> None:
    comp = _tabel([[2, 30, 40], [50, 60, 70]])
    aanvaller = Aanvaller(comp)
    for i in (0, 1, 3, 4):
        aanvaller.verberg(comp.cellen[i])
    # a01 = 30: its row leaves a00 + a01 = 32; a00 >= 1, so a01 <= 31
    assert aanvaller.interval(comp.cellen[1]) == (1.0, 31.0)


def test_two_small_cells_in_a_row_and_their_total_are_protected() -> None:
    comp = _tabel([[2, 3, 40], [50, 60, 1]])
    weg = kies(comp)
    assert {"a00", "a01", "a12"} <= _namen(comp, weg)
    assert all(b.veilig for b in controleer(comp, weg))


def test_nothing_small_nothing_hidden() -> None:
    comp = _tabel([[20, 30, 40], [50, 60, 70]])
    assert kies(comp) == set()


def test_a_publication_that_fails_its_audit_is_refused() -> None:
    comp = _tabel([[2, 30, 40], [50, 60, 70]])
    primair = {c.id for c in comp.cellen if c.primair}
    controle = Controle(frozenset({"proef"}), tuple(controleer(comp, primair)))
    assert not controle.geslaagd
    with pytest.raises(DisclosureError, match="af te leiden"):
        Publicatie({}, controle).eis_geslaagd()


RULE = Openbaarheid(
    aantallen=("aantal", "aantal_min", "aantal_max"), aandelen={"aandeel": "noemer_min"}
)


def _besluit_tabel() -> pa.Table:
    return pa.table(
        {
            "schooljaar": [2024] * 4,
            "code": ["a", "b", "c", "d"],
            "aantal": [12, None, None, 3],
            "aantal_min": [12, 1, 968, 3],
            "aantal_max": [12, 4, 1688, 3],
            "aandeel": [40.0, 10.0, 50.0, 1.234],
            "noemer_min": [30, 30, 30, 30],
        }
    )


def test_the_typed_contract_and_the_dutch_notation() -> None:
    tabel = _besluit_tabel()
    besluit = Besluit(frozenset({(3, "aantal")}), frozenset({(3, "aandeel")}))
    data = getypeerd(tabel, RULE, besluit)
    assert data.column_names == [
        "schooljaar",
        "code",
        "aantal",
        "aantal_min",
        "aantal_max",
        "aantal_status",
        "aandeel",
        "aandeel_status",
    ]
    assert data.schema.field("aantal").type == pa.int64()
    assert data.column("aantal").to_pylist() == [12, None, None, None]
    assert data.column("aantal_min").to_pylist() == [12, 1, 968, None]
    assert data.column("aantal_status").to_pylist() == [None, "<5", "interval", "x"]
    assert data.column("aandeel").to_pylist() == [40.0, 10.0, 50.0, None]
    assert data.column("aandeel_status").to_pylist() == [None, None, None, "x"]
    mensen = weergave(data, RULE)
    assert mensen.column("aantal").to_pylist() == ["12", "<5", "968-1688", "x"]
    assert mensen.column("aandeel").to_pylist() == ["40.0", "10.0", "50.0", "x"]


def test_the_formats_declare_how_open_their_source_is(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "w.duckdb")
    rows = [
        ("duo-leerlingen-2020", "leerlingen"),
        ("sto-doorstroom", "doorstroom"),
        ("iets-onbekends", "examens"),  # fed only by public formats: public
        ("iets-onbekends", "nergens"),  # fed by no format at all: confidential (fail safe)
    ]
    for formaat, doel in rows:
        con.execute(
            "INSERT INTO bron (bestand, pad, sha256, grootte, formaat, doel) "
            "VALUES ('f', 'f', 'x', 0, ?, ?)",
            [formaat, doel],
        )
    tabellen = vertrouwelijke_tabellen(con)
    assert {"doorstroom", "nergens"} <= tabellen
    assert not {"leerlingen", "examens"} & tabellen
    con.close()


def _indicator(herleiding: Herleiding | None, bronnen: tuple[str, ...]) -> Indicator:
    return Indicator(
        naam="proef",
        titel="proef",
        definitie="",
        eenheid="leerlingen",
        sleutels=("schooljaar", "code"),
        kolommen=("schooljaar", "code", "aantal", "aantal_min", "aantal_max"),
        bronnen=bronnen,
        reproduceert="",
        bereken=lambda inp: None,  # type: ignore[arg-type,return-value]
        openbaarheid=Openbaarheid(aantallen=("aantal", "aantal_min", "aantal_max")),
        herleiding=herleiding,
    )


def test_a_table_on_a_confidential_source_needs_a_herleiding() -> None:
    tabel = pa.table(
        {"schooljaar": [2024], "code": ["a"], "aantal": [2], "aantal_min": [2], "aantal_max": [2]}
    )
    with pytest.raises(IndicatorError, match="geen herleiding"):
        publiceer([(_indicator(None, ("geheim",)), tabel)], {}, frozenset({"geheim"}))


def test_a_herleiding_that_does_not_add_up_is_refused() -> None:
    atomen = pa.table(
        {"schooljaar": [2024, 2024], "code": ["a", "b"], "aantal_min": [2, 7], "aantal_max": [2, 7]}
    )
    tabel = pa.table(
        {"schooljaar": [2024], "code": ["a"], "aantal": [9], "aantal_min": [9], "aantal_max": [9]}
    )
    fout = Herleiding(
        bron="geheim",
        atomen=lambda inp: None,  # type: ignore[arg-type,return-value]
        cel=lambda rij, kolom: ("aantal", {"code": (rij["code"],)}),  # only a: 2, not 9
    )
    with pytest.raises(IndicatorError, match="klopt niet"):
        cellen.bouw("geheim", atomen, [(_indicator(fout, ("geheim",)), tabel)])


def test_every_indicator_on_a_confidential_format_has_a_herleiding() -> None:
    from sto_monitor.ingest.registry import FORMATS

    vertrouwelijk = {f.target for f in FORMATS if f.openheid == "vertrouwelijk"}
    for indicator in INDICATORS:
        if set(indicator.bronnen) & vertrouwelijk:
            assert indicator.herleiding is not None, indicator.naam
            assert indicator.herleiding.bron in vertrouwelijk


def test_the_audit_command_on_the_generated_warehouse(web_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["openbaarheid", "controle", "--db", str(web_db), "--formaat", "json", "--alle"]
    )
    assert result.exit_code == 0, result.output
    import json

    document = json.loads(result.output)
    assert document["geslaagd"] is True
    assert document["primair"] > 0 and document["secundair"] > 0
    assert all(c["veilig"] for c in document["cellen"])
    assert any(c["waar"].startswith("doorstroom[schooljaar=") for c in document["cellen"])


@pytest.mark.real
def test_real_duo_files_are_published_as_duo_publishes_them(echt_db: Path) -> None:
    snapshot = laad(echt_db)
    assert snapshot.controle is not None and snapshot.controle.geslaagd
    assert snapshot.controle.bevindingen == ()  # only public sources: nothing afgeschermd
    examens = snapshot.indicator("examens_per_profiel").data
    assert examens is not None
    rijen = examens.to_pylist()
    klein = [r for r in rijen if r["kandidaten"] is not None and 1 <= r["kandidaten"] <= 4]
    assert klein, "the real exam file has vestigingen with 1 to 4 candidates"
    # exact where DUO is exact: a count of 1 to 4 is shown, never an x
    assert all(r["kandidaten_status"] is None for r in klein)
    assert all(r["kandidaten_status"] != "x" for r in rijen)


def test_a_confidential_count_never_narrows_duos_interval_of_the_same_persons() -> None:
    """DUO publishes the grand total of these persons as 265-275 (masked parts); the delivery
    counts them exactly (270). Publishing 270, or what adds up to it, would narrow DUO."""
    comp = _tabel([[20, 30, 40], [50, 60, 70]])
    totaal = next(c for c in comp.cellen if c.plekken[0].kolom == "totaal")
    totaal.openbaar = (265.0, 275.0)
    assert totaal.primair  # although 270 is far from small
    weg = kies(comp)
    assert "totaal" in _namen(comp, weg)
    bevindingen = controleer(comp, weg)
    assert all(b.veilig for b in bevindingen)
    (b,) = [b for b in bevindingen if b.cel is totaal]
    assert b.laag <= 265 and b.hoog >= 275


def test_a_count_duo_publishes_exactly_is_public_whatever_its_size() -> None:
    comp = _tabel([[2, 30, 40], [50, 60, 70]])
    klein = comp.cellen[0]
    klein.openbaar = (2.0, 2.0)
    assert not klein.primair
    assert kies(comp) == set()


def test_the_pattern_stored_by_build_is_the_pattern_computed_anew(
    web_db: Path, tmp_path: Path
) -> None:
    import shutil

    from sto_monitor.publicatie.afscherming import opslag
    from sto_monitor.publicatie.publiceren import publiceer as publiceer_warehouse

    kopie = tmp_path / "kopie.duckdb"
    shutil.copy(web_db, kopie)
    con = db.connect(kopie, read_only=True)
    try:
        bewaard = publiceer_warehouse(con).publicatie
        nieuw = publiceer_warehouse(con, opnieuw=True).publicatie
        assert bewaard.tabellen.keys() == nieuw.tabellen.keys()
        for naam, tabel in nieuw.tabellen.items():
            assert bewaard.tabellen[naam].data.equals(tabel.data), naam
        assert (bewaard.controle.primair, bewaard.controle.secundair) == (
            nieuw.controle.primair,
            nieuw.controle.secundair,
        )
        assert bewaard.controle.geslaagd
        # only for the warehouse it was made for: another key finds nothing
        sleutel = opslag.sleutel(con, "sto")
        assert opslag.lees(con, sleutel, "sto", []) is not None
        assert opslag.lees(con, "een-andere-sleutel", "sto", []) is None
    finally:
        con.close()


def test_a_table_only_confidential_formats_feed_is_confidential_without_a_file(
    tmp_path: Path,
) -> None:
    con = db.connect(tmp_path / "w.duckdb")
    assert {"doorstroom", "docenten", "keuzevak_examens", "leerling_pc4"} <= (
        vertrouwelijke_tabellen(con)
    )
    con.close()
