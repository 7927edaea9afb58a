"""The e-mail digest of saved stagebank searches (``sto stagebank digest``), against a real
SMTP server on loopback (aiosmtpd) and a real application database (SQLite and PostgreSQL).

A school saves two searches (one with e-mail on, one with it off); places published before
the save, outside the radius, of another profiel, or by the time of the run withdrawn are left
out; the new place near the centre is mailed once, in Dutch, with its link; a second run sends
nothing; a place published after the first run is in the third. Without SMTP the command says
so, sends nothing and exits 0. A blocked account gets nothing.
"""

from __future__ import annotations

import email
import email.policy
import math
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Rol, terminal
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.cli import cli
from sto_monitor.settings import Settings
from sto_monitor.stagebank import bewaard, digest, opslag
from sto_monitor.stagebank.plek import Locatie, PlekInvoer, controleer
from sto_monitor.stagebank.vraag import lees
from sto_monitor.stagebank.zoeken import AARDSTRAAL_KM, Middelpunt
from tests.web_fixtures import free_port

LAT, LON = 52.0, 5.0
VANDAAG = date(2026, 12, 4)
TERMINAL = terminal("test")
REGIO = Actor(901, "pl@r01.nl", "Programmaleider", Rol.REGIO, frozenset({"R01"}))


def _loc(pc4: str, km: float) -> Locatie:
    d = km / AARDSTRAAL_KM
    return Locatie(pc4, f"Plaats {pc4}", LAT + math.degrees(d), LON, "R01")


PCS = {"1000": _loc("1000", 0.0), "1001": _loc("1001", 4.0), "1300": _loc("1300", 14.0)}
MIDDEN = Middelpunt("Techniekcollege (Utrecht)", LAT, LON)


class Postbus:
    """aiosmtpd handler: every message received, parsed."""

    def __init__(self) -> None:
        self.berichten: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        bericht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(bericht, EmailMessage)
        self.berichten.append(bericht)
        return "250 OK"


@pytest.fixture
def postbus() -> Iterator[tuple[Postbus, int]]:
    bus, poort = Postbus(), free_port()
    controller = Controller(bus, hostname="127.0.0.1", port=poort)
    controller.start()
    try:
        yield bus, poort
    finally:
        controller.stop()


@pytest.fixture
def opslagplaats(app_db_url: str) -> Iterator[tuple[AppDatabase, str]]:
    """A fresh application database (SQLite, then PostgreSQL: ``tests/appdb_fixtures.py``)
    and its address, for the command."""
    database = AppDatabase.van_url(app_db_url)
    try:
        yield database, app_db_url
    finally:
        database.sluit()


def _plek(pc: str, titel: str, profiel: str = "PIE") -> PlekInvoer:
    return PlekInvoer(
        titel=titel, profielen=(profiel,), leerwegen=("kb",), begin=date(2027, 2, 1),
        eind=date(2027, 3, 31), aantal=3, adres="Werf 1", postcode=pc,
        contact_naam="A. Bakker", contact_email="stage@werf.nl",
    )  # fmt: skip


def _mens(database: AppDatabase, mail: str, rol: Rol) -> Actor:
    vestigingen = ["01AB00"] if rol is Rol.SCHOOL else []
    g = gebruikers.toevoegen(
        database, TERMINAL, email=mail, naam="Mevrouw Jansen", rol=rol, vestigingen=vestigingen
    )
    return gebruikers.actor_van(g)


def _digest(url: str, poort: int | None) -> tuple[int, str]:
    env = {"STO_APP_DB": url, "STO_BASIS_URL": "https://sto.example.nl"}
    env |= {"STO_SMTP_HOST": "127.0.0.1", "STO_SMTP_POORT": str(poort)} if poort else {}
    if not poort:
        env["STO_SMTP_HOST"] = ""
    uit = CliRunner().invoke(cli, ["stagebank", "digest"], env=env)
    return uit.exit_code, uit.output


def test_one_digest_with_the_new_places_and_none_the_second_time(
    opslagplaats: tuple[AppDatabase, str], postbus: tuple[Postbus, int]
) -> None:
    database, url = opslagplaats
    bus, poort = postbus
    bedrijf = _mens(database, "hr@werf.nl", Rol.BEDRIJF)
    school = _mens(database, "decaan@school.nl", Rol.SCHOOL)
    b = opslag.registreer_bedrijf(
        database, bedrijf, naam="Werf Bakker", adres="Werf 1", postcode_tekst="1000", pcs=PCS
    )
    opslag.bevestig_bedrijf(database, REGIO, b.id)
    oud = opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1001", "Oude plaats"), PCS))
    met = bewaard.bewaar(
        database, school, lees({"postcode": "1000", "straal": "10", "profiel": "PIE"}), MIDDEN,
        email=True,
    )  # fmt: skip
    bewaard.bewaar(database, school, lees({"postcode": "1000"}), MIDDEN, email=False)
    nieuw = opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1001", "Lasser"), PCS))
    opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1300", "Te ver"), PCS))
    opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1001", "Bouw", "BWI"), PCS))
    weg = opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1001", "Weg"), PCS))
    opslag.trek_in(database, bedrijf, weg.id)

    code, uit = _digest(url, poort)
    assert code == 0, uit
    assert "1 e-mail verstuurd (1 stageplaatsen) voor 1 bewaarde zoekopdrachten" in uit
    assert len(bus.berichten) == 1
    m = bus.berichten[0]
    assert m["To"] == "decaan@school.nl"
    assert m["Subject"] == "1 nieuwe stageplaats binnen 10 km van Techniekcollege (Utrecht)"
    body = m.get_body(("plain",))
    assert body is not None
    tekst = body.get_content()
    assert "Beste Mevrouw Jansen" in tekst and "Lasser bij Werf Bakker" in tekst
    assert f"https://sto.example.nl/stagebank/plaats/{nieuw.id}" in tekst
    assert "4,0 km" in tekst and "1 februari 2027 tot en met 31 maart 2027" in tekst
    for niet in ("Oude plaats", "Te ver", "Bouw", "Weg"):
        assert niet not in tekst, niet
    assert f"/stagebank/plaats/{oud.id}\n" not in tekst
    assert "https://sto.example.nl/stagebank/bewaard" in tekst

    code, uit = _digest(url, poort)  # nothing new: nothing sent
    assert code == 0 and "0 e-mails verstuurd" in uit and len(bus.berichten) == 1

    later = opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1000", "Monteur"), PCS))
    code, uit = _digest(url, poort)
    assert code == 0 and len(bus.berichten) == 2
    tweede = bus.berichten[1].get_body(("plain",))
    assert tweede is not None
    assert f"/stagebank/plaats/{later.id}" in tweede.get_content()
    assert "Lasser" not in tweede.get_content()
    assert [x.id for x in bewaard.met_email(database)] == [met.id]


def test_without_smtp_nothing_is_sent_and_the_command_says_so(
    opslagplaats: tuple[AppDatabase, str], postbus: tuple[Postbus, int]
) -> None:
    database, url = opslagplaats
    school = _mens(database, "decaan@school.nl", Rol.SCHOOL)
    bewaard.bewaar(database, school, lees({"postcode": "1000"}), MIDDEN, email=True)
    code, uit = _digest(url, None)
    assert code == 0 and "geen e-mailserver ingesteld" in uit
    assert postbus[0].berichten == []
    with pytest.raises(Exception, match="geen e-mailserver"):
        digest.verstuur(database, Settings.from_env({}), vandaag=VANDAAG)


def test_a_blocked_account_gets_no_digest(
    opslagplaats: tuple[AppDatabase, str], postbus: tuple[Postbus, int]
) -> None:
    database, url = opslagplaats
    bus, poort = postbus
    bedrijf = _mens(database, "hr@werf.nl", Rol.BEDRIJF)
    school = _mens(database, "decaan@school.nl", Rol.SCHOOL)
    b = opslag.registreer_bedrijf(
        database, bedrijf, naam="Werf", adres="Werf 1", postcode_tekst="1000", pcs=PCS
    )
    opslag.bevestig_bedrijf(database, REGIO, b.id)
    bewaard.bewaar(database, school, lees({"postcode": "1000"}), MIDDEN, email=True)
    opslag.publiceer(database, bedrijf, b.id, controleer(_plek("1001", "Lasser"), PCS))
    gebruikers.blokkeer(database, TERMINAL, "decaan@school.nl")
    code, uit = _digest(url, poort)
    assert code == 0 and "0 e-mails verstuurd" in uit and bus.berichten == []
