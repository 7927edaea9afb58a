"""Settings come from the environment, with a clear message for a wrong value."""

from __future__ import annotations

from pathlib import Path

import pytest

from sto_monitor.errors import ConfigError
from sto_monitor.settings import Settings


def test_defaults_and_environment() -> None:
    assert Settings.from_env({}).db == Path("sto.duckdb")
    custom = Settings.from_env(
        {
            "STO_DB": "/data/x.duckdb",
            "STO_THREADS": "2",
            "STO_DUO_URL": "http://127.0.0.1:8000/duo/",
        }
    )
    assert (custom.db, custom.threads, custom.duo_url) == (
        Path("/data/x.duckdb"),
        2,
        "http://127.0.0.1:8000/duo",
    )


def test_wrong_type_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="STO_THREADS moet een geheel getal zijn, niet 'veel'"):
        Settings.from_env({"STO_THREADS": "veel"})
