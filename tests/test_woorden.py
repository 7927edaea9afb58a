"""Every published column has the reader's words: a Dutch label, a format and its unit."""

from __future__ import annotations

import re

import pytest

from sto_monitor.indicators.registry import INDICATORS
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie.contract import velden


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_every_published_column_has_words(indicator) -> None:
    koppen: dict[str, str] = {}
    for veld in velden(indicator):
        try:
            w = woord(indicator, veld.naam)
        except KeyError:
            pytest.fail(f"{indicator.naam}: kolom {veld.naam!r} heeft geen label in woorden.py")
        # A label is words, not a column name.
        assert not re.search(r"[a-z]_[a-z]", w.kop), (indicator.naam, veld.naam, w.kop)
        assert w.label[0].isupper() or w.label[0].isdigit(), w.label
        # Two columns of one table never share a header.
        assert w.kop not in koppen, (indicator.naam, veld.naam, koppen.get(w.kop))
        koppen[w.kop] = veld.naam


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_units_agree_with_the_contract(indicator) -> None:
    """A column the contract calls a percentage reads with %; a distance with km."""
    for veld in velden(indicator):
        w = woord(indicator, veld.naam)
        if veld.soort in ("aantal", "waarde", "kenmerk") and veld.eenheid == "procent":
            assert w.formaat == "procent" and w.eenheid == "%", (indicator.naam, veld.naam)
        if veld.eenheid == "km":
            assert w.eenheid == "km", (indicator.naam, veld.naam)


def test_unknown_column_is_refused() -> None:
    with pytest.raises(KeyError):
        woord(INDICATORS[0], "bestaat_niet")


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_format_agrees_with_the_computed_type(indicator) -> None:
    """ja/nee only for a boolean, a whole number only for an integer, decimals for a float."""
    import pyarrow as pa

    from sto_monitor.publicatie.contract import ruw_schema

    for veld in ruw_schema(indicator):
        w = woord(indicator, veld.name)
        if pa.types.is_boolean(veld.type):
            assert w.formaat == "ja/nee", (indicator.naam, veld.name)
        elif w.formaat == "ja/nee":
            pytest.fail(f"{indicator.naam}.{veld.name} is {veld.type}, niet ja/nee")
        if pa.types.is_floating(veld.type):
            assert w.formaat in ("procent", "decimaal"), (indicator.naam, veld.name)
        if w.formaat == "geheel":
            assert pa.types.is_integer(veld.type), (indicator.naam, veld.name, veld.type)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_texts_for_readers_name_no_column_or_file(indicator) -> None:
    """Title, method text and the report table are read by people: words, not identifiers."""
    for tekst in (indicator.titel, indicator.definitie, indicator.reproduceert):
        assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b|\w+\.md\b", tekst), (indicator.naam, tekst)
