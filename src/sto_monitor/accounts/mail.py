"""E-mail, when an SMTP server is configured (``STO_SMTP_HOST``): the password reset link.

Without a server nothing is sent and the caller says so; the terminal command
``sto gebruiker reset-link`` prints the link instead. The link is a secret: it goes into the
message body and nowhere else (no log line names it).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from sto_monitor.accounts.gebruikers import Resetverzoek
from sto_monitor.errors import ConfigError
from sto_monitor.settings import Settings


def kan_mailen(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def resetbericht(settings: Settings, verzoek: Resetverzoek) -> EmailMessage:
    bericht = EmailMessage()
    bericht["From"] = settings.smtp_afzender
    bericht["To"] = verzoek.email
    bericht["Subject"] = "Nieuw wachtwoord voor STO Monitor"
    bericht.set_content(
        f"Beste {verzoek.naam},\n\n"
        "Met de link hieronder kiest u een nieuw wachtwoord voor STO Monitor. De link werkt "
        "één keer en is een uur geldig.\n\n"
        f"{verzoek.url}\n\n"
        "Hebt u hier niet om gevraagd? Dan kunt u dit bericht negeren; uw wachtwoord blijft "
        "hetzelfde.\n\nSTO Monitor\n"
    )
    return bericht


def verstuur(settings: Settings, bericht: EmailMessage) -> None:
    """Send one message; STARTTLS (with the certificate checked, or the reset link could be
    read on the way) when the server offers it, a login when configured."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_poort, timeout=10) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.smtp_gebruiker:
                smtp.login(settings.smtp_gebruiker, settings.smtp_wachtwoord.waarde)
            smtp.send_message(bericht)
    except (OSError, smtplib.SMTPException) as exc:
        raise ConfigError(
            f"De e-mail kon niet worden verstuurd via {settings.smtp_host}:{settings.smtp_poort} "
            f"({type(exc).__name__})."
        ) from None
