"""The password reset link by e-mail, against a real SMTP server on loopback (aiosmtpd).

End to end: the dashboard (``create_app`` on uvicorn, ``STO_SMTP_HOST``/``STO_SMTP_POORT`` set)
mails the link of ``/wachtwoord/vergeten``; the test follows the link, sets a password and signs
in with it. Then ``accounts/mail.py`` on its own: the message, a login, an unreachable server.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sto_monitor.accounts import gebruikers, mail, sessies
from sto_monitor.accounts.beleid import Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.errors import ConfigError
from sto_monitor.settings import Settings
from sto_monitor.web.toegang import CSRF_COOKIE, SESSIE_COOKIE
from tests.accounts_server import SNEL_HASHEN, Dashboard, dashboard
from tests.web_fixtures import free_port

BEHEER = terminal("test")
OUD = "het oude wachtwoord van pat"
NIEUW = "een nieuw wachtwoord voor pat"


@dataclass
class Postbus:
    """aiosmtpd's handler: every message delivered, with its envelope."""

    berichten: list[tuple[Envelope, EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        inhoud = envelope.original_content or b""
        bericht = message_from_bytes(inhoud, policy=policy.default)
        assert isinstance(bericht, EmailMessage)
        self.berichten.append((envelope, bericht))
        return "250 OK"


@dataclass
class SmtpServer:
    postbus: Postbus
    port: int


def _smtp(**smtp_opties: Any) -> Iterator[SmtpServer]:
    postbus = Postbus()
    port = free_port()
    controller = Controller(postbus, hostname="127.0.0.1", port=port, **smtp_opties)
    controller.start()
    try:
        yield SmtpServer(postbus, port)
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    yield from _smtp()


@pytest.fixture
def web(smtp: SmtpServer, tmp_path: Path) -> Iterator[Dashboard]:
    env = {"STO_SMTP_HOST": "127.0.0.1", "STO_SMTP_POORT": str(smtp.port)}
    with dashboard(tmp_path, {**env, "STO_SMTP_AFZENDER": "monitor@sto.example"}) as web:
        yield web


def _csrf(antwoord: httpx.Response) -> str:
    gevonden = re.search(r'name="csrf" value="([^"]+)"', antwoord.text)
    assert gevonden, antwoord.text
    return gevonden.group(1)


def _vergeten(browser: httpx.Client, web: Dashboard, email: str) -> httpx.Response:
    formulier = browser.get(f"{web.base}/wachtwoord/vergeten")
    assert formulier.status_code == 200 and browser.cookies.get(CSRF_COOKIE)
    return browser.post(
        f"{web.base}/wachtwoord/vergeten", data={"csrf": _csrf(formulier), "email": email}
    )


def test_a_reset_link_by_mail_sets_a_password_that_signs_in(
    web: Dashboard, smtp: SmtpServer
) -> None:
    ww = Wachtwoorden.van(web.settings)
    gebruikers.toevoegen(
        web.app_db, BEHEER, email="pat@regio.nl", naam="Pat Leider", rol=Rol.LANDELIJK,
        wachtwoord=OUD, wachtwoorden=ww,
    )  # fmt: skip
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        verstuurd = _vergeten(browser, web, "Pat@Regio.nl")
        assert verstuurd.status_code == 200
        assert "is er een e-mail met een link verstuurd" in verstuurd.text

        assert len(smtp.postbus.berichten) == 1
        envelope, bericht = smtp.postbus.berichten[0]
        assert envelope.rcpt_tos == ["pat@regio.nl"]
        assert envelope.mail_from == "monitor@sto.example"
        assert bericht["To"] == "pat@regio.nl" and bericht["From"] == "monitor@sto.example"
        tekst = bericht.get_content()
        assert "Beste Pat Leider" in tekst
        links = re.findall(rf"{re.escape(web.base)}/wachtwoord/herstel/[A-Za-z0-9_-]+", tekst)
        assert len(links) == 1
        link = links[0]

        herstel = browser.get(link)
        assert herstel.status_code == 200 and 'name="wachtwoord"' in herstel.text
        gezet = browser.post(
            link, data={"csrf": _csrf(herstel), "wachtwoord": NIEUW, "herhaling": NIEUW}
        )
        assert gezet.status_code == 303 and gezet.headers["location"] == "/inloggen?hersteld=1"
        assert browser.get(link).status_code == 410  # once only

        inlogformulier = browser.get(f"{web.base}/inloggen?hersteld=1")
        ingelogd = browser.post(
            f"{web.base}/inloggen",
            data={
                "csrf": _csrf(inlogformulier),
                "email": "pat@regio.nl",
                "wachtwoord": NIEUW,
                "terug": "/mijn",
            },
        )
        assert ingelogd.status_code == 303 and ingelogd.headers["location"] == "/mijn"
        token = ingelogd.cookies[SESSIE_COOKIE]
        geldig = sessies.sessie(web.app_db, web.settings, token)
        assert geldig is not None and geldig.actor.email == "pat@regio.nl"
    # the old password no longer works
    with pytest.raises(sessies.InlogGeweigerd):
        sessies.inloggen(web.app_db, web.settings, ww, "pat@regio.nl", OUD)
    assert len(smtp.postbus.berichten) == 1


def test_an_unknown_address_gets_the_same_page_and_no_mail(
    web: Dashboard, smtp: SmtpServer
) -> None:
    gebruikers.toevoegen(web.app_db, BEHEER, email="wel@regio.nl", naam="Wel", rol=Rol.LANDELIJK)
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        bekend = _vergeten(browser, web, "wel@regio.nl")
        onbekend = _vergeten(browser, web, "niet@regio.nl")
        ongeldig = _vergeten(browser, web, "geen adres")
    assert bekend.status_code == onbekend.status_code == ongeldig.status_code == 200
    assert bekend.text == onbekend.text == ongeldig.text  # same browser, same CSRF cookie
    assert [e.rcpt_tos for e, _ in smtp.postbus.berichten] == [["wel@regio.nl"]]


# ---- accounts/mail.py on its own -------------------------------------------------------------


def _settings(port: int, **env: str) -> Settings:
    return Settings.from_env(
        {"STO_SMTP_HOST": "127.0.0.1", "STO_SMTP_POORT": str(port), **SNEL_HASHEN, **env}
    )


def _verzoek() -> gebruikers.Resetverzoek:
    return gebruikers.Resetverzoek(
        "https://sto.example/wachtwoord/herstel/abc_DEF-123", "pat@regio.nl", "Pat Leider"
    )


def test_resetbericht() -> None:
    settings = _settings(25, STO_SMTP_AFZENDER="monitor@sto.example")
    assert mail.kan_mailen(settings) and not mail.kan_mailen(Settings.from_env({}))
    bericht = mail.resetbericht(settings, _verzoek())
    assert bericht["From"] == "monitor@sto.example" and bericht["To"] == "pat@regio.nl"
    assert bericht["Subject"] == "Nieuw wachtwoord voor STO Monitor"
    tekst = bericht.get_content()
    assert "Beste Pat Leider" in tekst and "één keer en is een uur geldig" in tekst
    assert "https://sto.example/wachtwoord/herstel/abc_DEF-123\n" in tekst
    # the link only in the body: not in a header
    assert all("herstel" not in str(v) for _, v in bericht.items())


def test_verstuur_delivers_one_message(smtp: SmtpServer) -> None:
    settings = _settings(smtp.port)
    mail.verstuur(settings, mail.resetbericht(settings, _verzoek()))
    [(envelope, bericht)] = smtp.postbus.berichten
    assert envelope.rcpt_tos == ["pat@regio.nl"]
    assert envelope.mail_from == settings.smtp_afzender
    assert "https://sto.example/wachtwoord/herstel/abc_DEF-123" in bericht.get_content()


class _Inlog:
    """An authenticator that accepts one user name and password."""

    def __init__(self) -> None:
        self.gezien: list[tuple[str, str]] = []

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        naam, wachtwoord = data.login.decode(), data.password.decode()
        self.gezien.append((naam, wachtwoord))
        return AuthResult(success=(naam, wachtwoord) == ("sto", "smtp-geheim-123"))


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_verstuur_logs_in_when_configured() -> None:
    inlog = _Inlog()
    for server in _smtp(authenticator=inlog, auth_required=True, auth_require_tls=False):
        goed = _settings(
            server.port, STO_SMTP_GEBRUIKER="sto", STO_SMTP_WACHTWOORD="smtp-geheim-123"
        )
        mail.verstuur(goed, mail.resetbericht(goed, _verzoek()))
        assert inlog.gezien == [("sto", "smtp-geheim-123")]
        assert len(server.postbus.berichten) == 1
        fout = _settings(server.port, STO_SMTP_GEBRUIKER="sto", STO_SMTP_WACHTWOORD="fout-geheim")
        with pytest.raises(ConfigError) as exc:
            mail.verstuur(fout, mail.resetbericht(fout, _verzoek()))
        assert "fout-geheim" not in str(exc.value)
        assert len(server.postbus.berichten) == 1


def test_verstuur_to_a_server_that_is_not_there() -> None:
    settings = _settings(free_port(), STO_SMTP_WACHTWOORD="smtp-geheim-123")
    with pytest.raises(ConfigError, match="kon niet worden verstuurd") as exc:
        mail.verstuur(settings, mail.resetbericht(settings, _verzoek()))
    assert "smtp-geheim-123" not in str(exc.value) and "herstel" not in str(exc.value)


def _zelfondertekend(map_: Path) -> ssl.SSLContext:
    """A TLS context with a self-signed certificate for 127.0.0.1 (trusted by nobody)."""
    sleutel = ec.generate_private_key(ec.SECP256R1())
    naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    nu = datetime.datetime.now(datetime.UTC)
    certificaat = (
        x509.CertificateBuilder()
        .subject_name(naam)
        .issuer_name(naam)
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - datetime.timedelta(minutes=1))
        .not_valid_after(nu + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(sleutel, hashes.SHA256())
    )
    (map_ / "cert.pem").write_bytes(certificaat.public_bytes(serialization.Encoding.PEM))
    (map_ / "key.pem").write_bytes(
        sleutel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(map_ / "cert.pem", map_ / "key.pem")
    return context


def test_starttls_refuses_a_certificate_nobody_trusts(tmp_path: Path) -> None:
    for server in _smtp(tls_context=_zelfondertekend(tmp_path)):
        settings = _settings(server.port)
        with contextlib.suppress(ConfigError):  # refusing is what should happen
            mail.verstuur(settings, mail.resetbericht(settings, _verzoek()))
        assert server.postbus.berichten == [], "de reset-link ging naar een onbekende server"
