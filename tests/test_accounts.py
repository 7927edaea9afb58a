"""Accounts, sign-in, the lockout, reset links and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DatabaseError

from sto_monitor.accounts import gebruikers, sessies
from sto_monitor.accounts.beleid import Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Auditregel, Inlogpoging, Resetlink, Sessie, nu
from sto_monitor.errors import ForbiddenError, NotFoundError, ParameterError
from sto_monitor.settings import Settings

SETTINGS = Settings.from_env({"STO_ARGON2_TIJD": "1", "STO_ARGON2_GEHEUGEN": "1024"})
WW = Wachtwoorden.van(SETTINGS)
BEHEER = terminal("test")
GOED = "correct paard batterij niet"


def _regio_account(db: AppDatabase, email: str = "pl@regio.nl", regio: str = "R01") -> None:
    gebruikers.toevoegen(
        db, BEHEER, email=email, naam="Pat Leider", rol=Rol.REGIO, regios=[regio],
        wachtwoord=GOED, wachtwoorden=WW,
    )  # fmt: skip


def test_sign_in_makes_a_session_bound_to_the_role_and_regio(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    aanmelding = sessies.inloggen(app_db, SETTINGS, WW, " PL@Regio.nl ", GOED)
    geldig = sessies.sessie(app_db, SETTINGS, aanmelding.token)
    assert geldig is not None
    assert geldig.actor.rol is Rol.REGIO and geldig.actor.regios == {"R01"}
    assert geldig.csrf == aanmelding.csrf
    # only the hash is stored: the token itself is nowhere in the database
    with app_db.transactie() as s:
        assert s.scalar(select(Sessie.token_hash)) != aanmelding.token
    assert aanmelding.token not in repr(aanmelding)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    with pytest.raises(sessies.InlogGeweigerd) as fout1:
        sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", "fout wachtwoord!!")
    with pytest.raises(sessies.InlogGeweigerd) as fout2:
        sessies.inloggen(app_db, SETTINGS, WW, "niemand@regio.nl", "fout wachtwoord!!")
    assert str(fout1.value) == str(fout2.value)


def test_lockout_with_back_off_and_even_the_right_password_waits(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    for _ in range(sessies.VRIJ):
        with pytest.raises(sessies.InlogGeweigerd):
            sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", "fout wachtwoord!!")
    with pytest.raises(sessies.InlogGeweigerd, match="Te veel mislukte pogingen"):
        sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    with app_db.transactie() as s:
        poging = s.get_one(Inlogpoging, "pl@regio.nl")
        eerste = poging.geblokkeerd_tot
        assert eerste is not None
        # the wait is over: one more failure doubles it
        poging.geblokkeerd_tot = nu() - timedelta(seconds=1)
    with pytest.raises(sessies.InlogGeweigerd):
        sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", "fout wachtwoord!!")
    with app_db.transactie() as s:
        poging = s.get_one(Inlogpoging, "pl@regio.nl")
        assert poging.geblokkeerd_tot is not None
        assert poging.geblokkeerd_tot - nu() > timedelta(seconds=50)
        poging.geblokkeerd_tot = nu() - timedelta(seconds=1)
    # after the wait, the right password signs in and clears the count
    sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    with app_db.transactie() as s:
        assert s.get(Inlogpoging, "pl@regio.nl") is None


def test_sign_in_rotates_the_session(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    eerste = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    tweede = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED, oude_token=eerste.token)
    assert tweede.token != eerste.token
    assert sessies.sessie(app_db, SETTINGS, eerste.token) is None
    assert sessies.sessie(app_db, SETTINGS, tweede.token) is not None


def test_idle_and_absolute_expiry(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    a = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    b = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    with app_db.transactie() as s:
        s.execute(
            update(Sessie)
            .where(Sessie.token_hash == gebruikers.token_hash(a.token))
            .values(laatst_actief=nu() - timedelta(minutes=SETTINGS.sessie_inactief + 1))
        )
        s.execute(
            update(Sessie)
            .where(Sessie.token_hash == gebruikers.token_hash(b.token))
            .values(verloopt=nu() - timedelta(seconds=1))
        )
    assert sessies.sessie(app_db, SETTINGS, a.token) is None
    assert sessies.sessie(app_db, SETTINGS, b.token) is None


def test_reset_link_works_once_and_not_after_the_hour(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    oud = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    verzoek = gebruikers.maak_resetlink(app_db, BEHEER, "pl@regio.nl", "https://sto.example")
    token = verzoek.url.rsplit("/", 1)[1]
    nieuw = "een heel ander wachtwoord"
    gebruikers.gebruik_resetlink(app_db, token, nieuw, WW)
    assert sessies.sessie(app_db, SETTINGS, oud.token) is None  # every session ended
    sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", nieuw)
    with pytest.raises(ParameterError, match="verlopen of al gebruikt"):
        gebruikers.gebruik_resetlink(app_db, token, "nog een ander wachtwoord", WW)
    verlopen = gebruikers.maak_resetlink(app_db, BEHEER, "pl@regio.nl", "https://sto.example")
    token2 = verlopen.url.rsplit("/", 1)[1]
    with app_db.transactie() as s:
        s.execute(update(Resetlink).values(verloopt=nu() - timedelta(seconds=1)))
    with pytest.raises(ParameterError, match="verlopen of al gebruikt"):
        gebruikers.gebruik_resetlink(app_db, token2, "nog een ander wachtwoord", WW)


def test_blocking_ends_sessions_and_refuses_sign_in(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    a = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    gebruikers.blokkeer(app_db, BEHEER, "pl@regio.nl")
    assert sessies.sessie(app_db, SETTINGS, a.token) is None
    with pytest.raises(sessies.InlogGeweigerd):
        sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)


def test_only_landelijk_manages_accounts(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    regio = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED).actor
    with pytest.raises(ForbiddenError):
        gebruikers.toevoegen(app_db, regio, email="x@y.nl", naam="X", rol=Rol.LANDELIJK)
    with pytest.raises(ParameterError, match="minstens één regio"):
        gebruikers.toevoegen(app_db, BEHEER, email="x@y.nl", naam="X", rol=Rol.REGIO)
    with pytest.raises(ParameterError, match="al een account"):
        _regio_account(app_db)
    with pytest.raises(NotFoundError):
        gebruikers.blokkeer(app_db, BEHEER, "onbekend@regio.nl")


def test_every_write_is_audited_without_secrets(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    gebruikers.zet_rol(app_db, BEHEER, "pl@regio.nl", Rol.REGIO, regios=["R01", "R02"])
    aanmelding = sessies.inloggen(app_db, SETTINGS, WW, "pl@regio.nl", GOED)
    with app_db.transactie() as s:
        regels = audit.lees(s)
        acties = [r.actie for r in reversed(regels)]
        assert acties == ["account aangemaakt", "rol gewijzigd", "ingelogd (wachtwoord)"]
        wijziging = next(r for r in regels if r.actie == "rol gewijzigd")
        assert wijziging.voor is not None and wijziging.voor["regios"] == ["R01"]
        assert wijziging.na is not None and wijziging.na["regios"] == ["R01", "R02"]
        alles = repr([(r.wie, r.voor, r.na, r.object_id) for r in regels])
        assert GOED not in alles and aanmelding.token not in alles and "argon2" not in alles


def test_the_audit_log_is_append_only_in_the_database(app_db: AppDatabase) -> None:
    _regio_account(app_db)
    with pytest.raises(DatabaseError), app_db.transactie() as s:
        s.execute(update(Auditregel).values(wie="iemand anders"))
    with pytest.raises(DatabaseError), app_db.transactie() as s:
        s.execute(text("DELETE FROM audit"))
    with app_db.transactie() as s:
        assert s.scalar(select(Auditregel.wie)) == BEHEER.wie


def test_the_same_migration_twice_is_a_no_op(app_db_url: str) -> None:
    AppDatabase.van_url(app_db_url).sluit()
    database = AppDatabase.van_url(app_db_url)
    with database.transactie() as s:
        assert s.scalar(text("SELECT version_num FROM alembic_version")) is not None
    database.sluit()


def test_argon2_parameters_of_the_settings_are_used() -> None:
    standaard = Wachtwoorden.van(Settings.from_env({}))
    h = standaard.hash(GOED)
    assert "m=65536,t=3,p=1" in h
    assert standaard.klopt(h, GOED) and not standaard.klopt(h, GOED + "x")
    assert WW.moet_opnieuw(h) and not standaard.moet_opnieuw(h)
