"""Sign-in through an OIDC provider (SURFconext): the protocol, without the web.

The authorization code flow with PKCE (S256), ``state`` and ``nonce``:

1. :func:`begin` makes a :class:`Verzoek` (random state, nonce and code verifier) and the
   provider's authorization URL. The web keeps the request in a short-lived cookie,
   :func:`verzegel`: HttpOnly, SameSite=Lax, limited to ``/inloggen/oidc`` and signed with an
   HMAC under a random key of this process. That needs no table and no configuration; a
   restart only voids the sign-ins in flight (ten minutes at most: click again). The
   browser can read nothing it did not have anyway, and cannot change a byte unnoticed.
2. :func:`afronden`, on the way back: the state must equal the cookie's, the code is exchanged
   (with the verifier and the client secret) and the ID token is verified: its signature
   against the provider's JWKS (asymmetric algorithms only), ``iss``, ``aud`` (and ``azp``),
   ``exp``, ``iat`` and ``nonce``.
3. :func:`koppel` finds the EXISTING account: by ``oidc_sub``, else by a verified e-mail
   address (``email`` with ``email_verified`` true), whose ``sub`` is then stored and audited.
   Nobody registers himself; a blocked account is refused. ``sessies.aanmelden`` does the rest.

Discovery (``{issuer}/.well-known/openid-configuration``) and the JWKS are cached; the JWKS is
fetched again when a token names a key it does not hold (key rotation). Every failure is an
:class:`OidcFout` with a Dutch message a person may read and a ``reden`` for the log; neither
ever holds a token, a code or a secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from authlib.oauth2.auth import ClientAuth  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import ClaimError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.orm import Session

from sto_monitor.accounts.gebruikers import normaliseer_email
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Gebruiker
from sto_monitor.errors import ParameterError, StoError
from sto_monitor.settings import Settings

SCOPE = "openid email profile"
VERZOEK_GELDIG = 600  # seconds from leaving for the provider to coming back
ONTDEKKING_GELDIG = 3600.0  # seconds a discovery document and its JWKS are kept
SLEUTELS_OPNIEUW = 60.0  # fetch the JWKS again for an unknown key at most this often
SPELING = 60  # seconds of clock skew allowed on exp, iat and nbf
TIJDSLIMIET = httpx.Timeout(10.0)
MAX_ANTWOORD = 1_000_000  # bytes: a discovery, JWKS or token answer is far smaller
# Signatures with a public key only: no "none", and no HMAC with the client secret as key.
ALGORITMEN = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

NIET_BEREIKBAAR = (
    "De inlogdienst van uw instelling is nu niet bereikbaar. Probeer het later opnieuw, of log "
    "in met uw e-mailadres en wachtwoord."
)
NIET_BEVESTIGD = (
    "Het inloggen via uw instelling kon niet worden bevestigd. Begin opnieuw op de inlogpagina."
)
VERLOPEN = (
    "Het inloggen is verlopen of in een andere browser begonnen. Begin opnieuw op de inlogpagina."
)
GEEN_ACCOUNT = "U hebt nog geen account; vraag het landelijk team."
GEBLOKKEERD = "Dit account is geblokkeerd. Neem contact op met het landelijk team."


class OidcFout(StoError):
    """Sign-in through the provider failed. ``str()`` is for people; ``reden`` for the log."""

    def __init__(self, melding: str, *, status: int = 400, reden: str = "") -> None:
        super().__init__(melding)
        self.status = status
        self.reden = reden or melding


class GeenAccount(OidcFout):
    """A proven identity without an account here: no self-registration."""

    def __init__(self, reden: str) -> None:
        super().__init__(GEEN_ACCOUNT, status=403, reden=reden)


@dataclass(frozen=True)
class Aanbieder:
    """What the discovery document says about the provider (only what this flow uses)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    algoritmen: tuple[str, ...]
    client_authenticatie: str  # client_secret_basic | client_secret_post


@dataclass(frozen=True)
class Verzoek:
    """One sign-in on its way: kept by the browser in the signed cookie, never in a log."""

    state: str = field(repr=False)
    nonce: str = field(repr=False)
    verifier: str = field(repr=False)
    terug: str
    verloopt: int  # Unix time


@dataclass(frozen=True)
class Identiteit:
    """Who the provider says signed in (from a verified ID token, or its userinfo)."""

    sub: str
    email: str | None
    email_geverifieerd: bool
    naam: str | None = None


def ingesteld(settings: Settings) -> bool:
    return bool(settings.oidc_issuer and settings.oidc_client_id)


def redirect_uri(settings: Settings) -> str:
    """Where the provider sends the browser back; registered as such at SURFconext."""
    return f"{settings.basis_url}/inloggen/oidc/terug"


# ---- discovery and keys ------------------------------------------------------------------

_ontdekt: dict[str, tuple[float, Aanbieder]] = {}
_sleutels: dict[str, tuple[float, KeySet]] = {}


def vergeet() -> None:
    """Forget every cached discovery document and JWKS (tests; a changed configuration)."""
    _ontdekt.clear()
    _sleutels.clear()


def _veilig_adres(adres: object, wat: str) -> str:
    """An https address, or http on this machine (a provider for tests and development)."""
    if not isinstance(adres, str):
        raise OidcFout(NIET_BEREIKBAAR, status=502, reden=f"{wat} ontbreekt")
    delen = urlsplit(adres)
    if delen.scheme == "https" or (delen.scheme == "http" and delen.hostname in LOOPBACK):
        return adres
    raise OidcFout(NIET_BEREIKBAAR, status=502, reden=f"{wat} is geen https-adres")


async def _haal_json(
    client: httpx.AsyncClient, methode: str, adres: str, wat: str, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    """One request, its status and JSON object; network trouble is :data:`NIET_BEREIKBAAR`."""
    try:
        antwoord = await client.request(methode, adres, **kwargs)
    except httpx.HTTPError as exc:
        raise OidcFout(NIET_BEREIKBAAR, status=502, reden=f"{wat}: {type(exc).__name__}") from None
    if antwoord.status_code >= 500:
        raise OidcFout(NIET_BEREIKBAAR, status=502, reden=f"{wat}: HTTP {antwoord.status_code}")
    if len(antwoord.content) > MAX_ANTWOORD:
        raise OidcFout(NIET_BEVESTIGD, status=502, reden=f"{wat}: antwoord te groot")
    try:
        inhoud = antwoord.json()
    except ValueError:
        inhoud = None
    if not isinstance(inhoud, dict):
        raise OidcFout(
            NIET_BEVESTIGD, status=502, reden=f"{wat}: geen JSON (HTTP {antwoord.status_code})"
        )
    return antwoord.status_code, inhoud


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=TIJDSLIMIET, follow_redirects=False)


async def ontdek(settings: Settings) -> Aanbieder:
    """The provider's discovery document (cached for an hour)."""
    if not ingesteld(settings):
        raise OidcFout(
            "Inloggen via een instelling is op deze server niet ingesteld.",
            status=404,
            reden="STO_OIDC_ISSUER of STO_OIDC_CLIENT_ID ontbreekt",
        )
    issuer = settings.oidc_issuer
    bekend = _ontdekt.get(issuer)
    if bekend and time.monotonic() - bekend[0] < ONTDEKKING_GELDIG:
        return bekend[1]
    adres = _veilig_adres(f"{issuer}/.well-known/openid-configuration", "issuer")
    async with _client() as client:
        status, doc = await _haal_json(client, "GET", adres, "discovery")
    if status != 200:
        raise OidcFout(NIET_BEREIKBAAR, status=502, reden=f"discovery: HTTP {status}")
    if doc.get("issuer") != issuer:  # OIDC Discovery 4.3: exactly the configured issuer
        raise OidcFout(NIET_BEVESTIGD, status=502, reden="discovery: issuer wijkt af")
    door_aanbieder = doc.get("id_token_signing_alg_values_supported") or ["RS256"]
    algoritmen = tuple(a for a in ALGORITMEN if a in door_aanbieder)
    if not algoritmen:
        raise OidcFout(NIET_BEVESTIGD, status=502, reden="discovery: geen bruikbaar algoritme")
    methoden = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    userinfo = doc.get("userinfo_endpoint")
    aanbieder = Aanbieder(
        issuer=issuer,
        authorization_endpoint=_veilig_adres(doc.get("authorization_endpoint"), "authorize"),
        token_endpoint=_veilig_adres(doc.get("token_endpoint"), "token endpoint"),
        jwks_uri=_veilig_adres(doc.get("jwks_uri"), "jwks_uri"),
        userinfo_endpoint=_veilig_adres(userinfo, "userinfo") if userinfo else None,
        algoritmen=algoritmen,
        client_authenticatie=(
            "client_secret_basic"
            if "client_secret_basic" in methoden or "client_secret_post" not in methoden
            else "client_secret_post"
        ),
    )
    _ontdekt[issuer] = (time.monotonic(), aanbieder)
    return aanbieder


async def _sleutelset(aanbieder: Aanbieder, *, opnieuw: bool = False) -> KeySet:
    bekend = _sleutels.get(aanbieder.jwks_uri)
    if bekend:
        leeftijd = time.monotonic() - bekend[0]
        if leeftijd < ONTDEKKING_GELDIG and not (opnieuw and leeftijd >= SLEUTELS_OPNIEUW):
            return bekend[1]
    async with _client() as client:
        status, doc = await _haal_json(client, "GET", aanbieder.jwks_uri, "jwks")
    if status != 200 or not isinstance(doc.get("keys"), list):
        raise OidcFout(NIET_BEREIKBAAR, status=502, reden=f"jwks: HTTP {status}")
    try:
        sleutels = KeySet.import_key_set({"keys": doc["keys"]})
    except (JoseError, ValueError, TypeError, KeyError):
        raise OidcFout(NIET_BEVESTIGD, status=502, reden="jwks: onleesbaar") from None
    _sleutels[aanbieder.jwks_uri] = (time.monotonic(), sleutels)
    return sleutels


# ---- the request and its cookie ----------------------------------------------------------


def begin(settings: Settings, aanbieder: Aanbieder, terug: str) -> tuple[str, Verzoek]:
    """A new sign-in: the provider's authorization URL, and the request to keep."""
    verzoek = Verzoek(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(64),  # 86 characters, within RFC 7636's 43-128
        terug=terug,
        verloopt=int(time.time()) + VERZOEK_GELDIG,
    )
    url: str = prepare_grant_uri(
        aanbieder.authorization_endpoint,
        settings.oidc_client_id,
        "code",
        redirect_uri=redirect_uri(settings),
        scope=SCOPE,
        state=verzoek.state,
        nonce=verzoek.nonce,
        code_challenge=create_s256_code_challenge(verzoek.verifier),
        code_challenge_method="S256",
    )
    return url, verzoek


_SLEUTEL = secrets.token_bytes(32)  # this process's key for the request cookie


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _van_b64(tekst: str) -> bytes:
    return base64.urlsafe_b64decode(tekst + "=" * (-len(tekst) % 4))


def _mac(inhoud: str) -> str:
    return _b64(hmac.new(_SLEUTEL, inhoud.encode(), hashlib.sha256).digest())


def verzegel(verzoek: Verzoek) -> str:
    """The cookie value of a request: its fields, and an HMAC over them."""
    velden = [verzoek.state, verzoek.nonce, verzoek.verifier, verzoek.terug, verzoek.verloopt]
    inhoud = _b64(json.dumps(velden, separators=(",", ":")).encode())
    return f"{inhoud}.{_mac(inhoud)}"


def ontzegel(waarde: str | None) -> Verzoek:
    """The request of a cookie made by :func:`verzegel` in this process, within its time."""
    if not waarde or len(waarde) > 2000 or "." not in waarde:
        raise OidcFout(VERLOPEN, reden="geen of onleesbare verzoekcookie")
    inhoud, mac = waarde.rsplit(".", 1)
    if not hmac.compare_digest(mac.encode(), _mac(inhoud).encode()):
        raise OidcFout(VERLOPEN, reden="verzoekcookie met ongeldige handtekening")
    try:
        state, nonce, verifier, terug, verloopt = json.loads(_van_b64(inhoud))
        verzoek = Verzoek(str(state), str(nonce), str(verifier), str(terug), int(verloopt))
    except (ValueError, TypeError):
        raise OidcFout(VERLOPEN, reden="verzoekcookie onleesbaar") from None
    if verzoek.verloopt <= time.time():
        raise OidcFout(VERLOPEN, reden="verzoek verlopen")
    return verzoek


# ---- back from the provider ----------------------------------------------------------------


async def afronden(
    settings: Settings, verzoek: Verzoek, *, state: str | None, code: str | None
) -> Identiteit:
    """The callback: check the state, exchange the code, verify the ID token."""
    if not state or not hmac.compare_digest(state.encode(), verzoek.state.encode()):
        raise OidcFout(VERLOPEN, reden="state wijkt af van de verzoekcookie")
    if not code or len(code) > 2000:
        raise OidcFout(NIET_BEVESTIGD, reden="geen code")
    aanbieder = await ontdek(settings)
    tokens = await _wissel_code(settings, aanbieder, verzoek, code)
    id_token, access_token = tokens.get("id_token"), tokens.get("access_token")
    if not isinstance(id_token, str):
        raise OidcFout(NIET_BEVESTIGD, reden="token-antwoord zonder id_token")
    claims = await controleer_id_token(
        settings,
        aanbieder,
        id_token,
        nonce=verzoek.nonce,
        access_token=access_token if isinstance(access_token, str) else None,
    )
    if "email" not in claims and aanbieder.userinfo_endpoint and isinstance(access_token, str):
        # the address and whether it was verified come as one pair, from one source
        claims = {**claims, **await _userinfo(aanbieder, access_token, claims["sub"])}
    email = claims.get("email")
    return Identiteit(
        sub=claims["sub"],
        email=email if isinstance(email, str) else None,
        email_geverifieerd=claims.get("email_verified") is True,
        naam=claims.get("name") if isinstance(claims.get("name"), str) else None,
    )


async def _wissel_code(
    settings: Settings, aanbieder: Aanbieder, verzoek: Verzoek, code: str
) -> dict[str, Any]:
    """The token request: the code, the PKCE verifier, and the client's own authentication."""
    velden = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri(settings),
        "code_verifier": verzoek.verifier,
    }
    koppen = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    _, koppen, lichaam = ClientAuth(
        settings.oidc_client_id,
        settings.oidc_client_secret.waarde,
        aanbieder.client_authenticatie,
    ).prepare("POST", aanbieder.token_endpoint, koppen, urlencode(velden))
    async with _client() as client:
        status, antwoord = await _haal_json(
            client, "POST", aanbieder.token_endpoint, "token", headers=koppen, content=lichaam
        )
    if status != 200:
        fout = antwoord.get("error")
        code_fout = fout if isinstance(fout, str) and fout.isidentifier() else "onbekend"
        raise OidcFout(NIET_BEVESTIGD, reden=f"token: HTTP {status} ({code_fout})")
    return antwoord


async def controleer_id_token(
    settings: Settings,
    aanbieder: Aanbieder,
    id_token: str,
    *,
    nonce: str,
    access_token: str | None = None,
) -> dict[str, Any]:
    """The claims of an ID token whose signature, issuer, audience, times and nonce hold."""
    try:
        try:
            token = jwt.decode(id_token, await _sleutelset(aanbieder), aanbieder.algoritmen)
        except InvalidKeyIdError:  # a key the cached set does not hold: rotated?
            sleutels = await _sleutelset(aanbieder, opnieuw=True)
            token = jwt.decode(id_token, sleutels, aanbieder.algoritmen)
        claims = CodeIDToken(
            token.claims,
            token.header,
            options={
                "iss": {"essential": True, "value": aanbieder.issuer},
                "aud": {"essential": True, "value": settings.oidc_client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
                "iat": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            params={
                "nonce": nonce,
                "client_id": settings.oidc_client_id,
                "access_token": access_token,
            },
        )
        claims.validate(leeway=SPELING)
    except ClaimError as exc:
        raise OidcFout(
            NIET_BEVESTIGD, reden=f"ID-token: {type(exc).__name__} ({exc.claim})"
        ) from None
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise OidcFout(NIET_BEVESTIGD, reden=f"ID-token: {type(exc).__name__}") from None
    if not isinstance(token.claims.get("sub"), str) or len(token.claims["sub"]) > 255:
        raise OidcFout(NIET_BEVESTIGD, reden="ID-token: sub ongeldig")
    return dict(token.claims)


async def _userinfo(aanbieder: Aanbieder, access_token: str, sub: str) -> dict[str, Any]:
    """The userinfo claims, when the ID token holds no e-mail; only for the same ``sub``."""
    assert aanbieder.userinfo_endpoint is not None
    async with _client() as client:
        status, info = await _haal_json(
            client,
            "GET",
            aanbieder.userinfo_endpoint,
            "userinfo",
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        )
    if status != 200 or info.get("sub") != sub:  # OIDC Core 5.3.2
        raise OidcFout(NIET_BEVESTIGD, reden=f"userinfo: HTTP {status} of andere sub")
    return {"email": info.get("email"), "email_verified": info.get("email_verified")}


# ---- the account -------------------------------------------------------------------------


def koppel(db: AppDatabase, identiteit: Identiteit) -> int:
    """The id of the existing account of this identity; links the ``sub`` on first use.

    By ``oidc_sub`` when an account has it; else by the e-mail address, only when the provider
    verified it, and only for an account not linked to another ``sub``. The link is audited.
    """
    with db.transactie() as session:
        gebruiker = session.scalar(select(Gebruiker).where(Gebruiker.oidc_sub == identiteit.sub))
        if gebruiker is None:
            gebruiker = _op_email(session, identiteit)
            if gebruiker.geblokkeerd:
                raise OidcFout(GEBLOKKEERD, status=403, reden="account geblokkeerd")
            if gebruiker.oidc_sub is not None:
                raise OidcFout(
                    "Dit account is al gekoppeld aan een ander instellingsaccount; vraag het "
                    "landelijk team.",
                    status=403,
                    reden=f"account {gebruiker.id} al gekoppeld aan een andere sub",
                )
            gebruiker.oidc_sub = identiteit.sub
            audit.schrijf(
                session,
                wie=f"{gebruiker.rol} {gebruiker.email}",
                actie="instellingsaccount gekoppeld",
                soort="gebruiker",
                object_id=gebruiker.id,
                voor={"oidc_sub": None},
                na={"oidc_sub": identiteit.sub},
            )
        if gebruiker.geblokkeerd:
            raise OidcFout(GEBLOKKEERD, status=403, reden="account geblokkeerd")
        return gebruiker.id


def _op_email(session: Session, identiteit: Identiteit) -> Gebruiker:
    if not identiteit.email:
        raise GeenAccount("onbekende sub, geen e-mailadres")
    if not identiteit.email_geverifieerd:
        raise GeenAccount("onbekende sub, e-mailadres niet geverifieerd")
    try:
        email = normaliseer_email(identiteit.email)
    except ParameterError:
        raise GeenAccount("onbekende sub, ongeldig e-mailadres") from None
    gebruiker = session.scalar(select(Gebruiker).where(Gebruiker.email == email))
    if gebruiker is None:
        raise GeenAccount("onbekende sub en onbekend e-mailadres")
    return gebruiker
