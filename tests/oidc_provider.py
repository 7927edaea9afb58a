"""A small OpenID Connect provider for the tests, on loopback in a thread (Starlette + uvicorn).

It serves discovery, a JWKS (an RSA key made at start), ``/authorize`` (approves the configured
person at once and redirects back with a code, or with ``error=access_denied`` when there is
none), ``/token`` (checks the code, the redirect URI, the PKCE verifier and the client secret;
answers with an ID token carrying the nonce) and ``/userinfo``. It checks what a real provider
checks, so a client that forgets PKCE or the nonce fails here too.

``fout`` makes it misbehave on demand, for the next ID tokens: ``nonce`` (another nonce),
``aud`` (another audience), ``iss`` (another issuer), ``handtekening`` (signed with a key that is
not in the JWKS, under the same ``kid``), ``hs256`` (HMAC with the client secret as key),
``verlopen`` (expired an hour ago), ``plat`` (every endpoint answers 503).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.web_fixtures import free_port

FOUTEN = frozenset({"nonce", "aud", "iss", "handtekening", "hs256", "verlopen", "plat"})


@dataclass
class Persoon:
    """Who signs in at the provider."""

    sub: str
    email: str | None = None
    email_verified: bool = True
    naam: str = "Test Persoon"
    email_in_id_token: bool = True  # False: only /userinfo tells the address
    id_token_extra: dict[str, Any] = field(default_factory=dict)  # claims added to the ID token


@dataclass
class _Code:
    persoon: Persoon
    redirect_uri: str
    challenge: str
    nonce: str
    verloopt: float


@dataclass
class Provider:
    client_id: str = "sto-monitor"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redirect_uri: str = ""  # the client's registered redirect URI
    persoon: Persoon | None = None
    fout: str | None = None
    base: str = ""
    sleutel: RSAKey = field(default_factory=lambda: _rsa("sleutel-1"))
    vreemde_sleutel: RSAKey = field(default_factory=lambda: _rsa("sleutel-1"))
    codes: dict[str, _Code] = field(default_factory=dict)
    tokens: dict[str, Persoon] = field(default_factory=dict)
    autorisaties: list[dict[str, str]] = field(default_factory=list)  # /authorize as asked
    token_verzoeken: int = 0
    discovery_verzoeken: int = 0
    jwks_verzoeken: int = 0

    def roteer(self) -> None:
        """A new signing key under a new ``kid`` (the old one leaves the JWKS)."""
        self.sleutel = _rsa(f"sleutel-{secrets.token_hex(4)}")

    # ---- the endpoints ----------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/jwks", self._jwks),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
                Route("/userinfo", self._userinfo),
            ]
        )

    async def _discovery(self, request: Request) -> Response:
        self.discovery_verzoeken += 1
        if self.fout == "plat":
            return Response("weg", status_code=503)
        return JSONResponse(
            {
                "issuer": self.base,
                "authorization_endpoint": f"{self.base}/authorize",
                "token_endpoint": f"{self.base}/token",
                "jwks_uri": f"{self.base}/jwks",
                "userinfo_endpoint": f"{self.base}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "scopes_supported": ["openid", "email", "profile"],
            }
        )

    async def _jwks(self, request: Request) -> Response:
        self.jwks_verzoeken += 1
        if self.fout == "plat":
            return Response("weg", status_code=503)
        return JSONResponse(KeySet([self.sleutel]).as_dict(private=False))

    async def _authorize(self, request: Request) -> Response:
        if self.fout == "plat":
            return Response("weg", status_code=503)
        q = dict(request.query_params)
        self.autorisaties.append(q)
        problemen = [
            naam
            for naam, goed in (
                ("response_type", q.get("response_type") == "code"),
                ("client_id", q.get("client_id") == self.client_id),
                ("redirect_uri", q.get("redirect_uri") == self.redirect_uri),
                ("scope", "openid" in q.get("scope", "").split()),
                ("code_challenge_method", q.get("code_challenge_method") == "S256"),
                ("code_challenge", len(q.get("code_challenge", "")) == 43),
                ("nonce", bool(q.get("nonce"))),
                ("state", bool(q.get("state"))),
            )
            if not goed
        ]
        if problemen:  # never redirect to an address that is not registered
            return JSONResponse({"error": "invalid_request", "velden": problemen}, 400)
        terug = {"state": q["state"]}
        if self.persoon is None:
            terug["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = _Code(
                self.persoon, q["redirect_uri"], q["code_challenge"], q["nonce"], time.time() + 60
            )
            terug["code"] = code
        return RedirectResponse(f"{q['redirect_uri']}?{urlencode(terug)}", status_code=302)

    async def _token(self, request: Request) -> Response:
        self.token_verzoeken += 1
        if self.fout == "plat":
            return Response("weg", status_code=503)
        velden = {k: v[-1] for k, v in parse_qs((await request.body()).decode()).items()}
        if not self._client_klopt(request, velden):
            return JSONResponse({"error": "invalid_client"}, 401)
        code = self.codes.pop(velden.get("code", ""), None)  # a code works once
        if (
            velden.get("grant_type") != "authorization_code"
            or code is None
            or code.verloopt < time.time()
            or velden.get("redirect_uri") != code.redirect_uri
            or _s256(velden.get("code_verifier", "")) != code.challenge
        ):
            return JSONResponse({"error": "invalid_grant"}, 400)
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = code.persoon
        return JSONResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(code.persoon, code.nonce),
            },
            headers={"Cache-Control": "no-store"},
        )

    async def _userinfo(self, request: Request) -> Response:
        kop = request.headers.get("authorization", "")
        persoon = self.tokens.get(kop.removeprefix("Bearer "))
        if persoon is None:
            return JSONResponse({"error": "invalid_token"}, 401)
        return JSONResponse(_persoonsclaims(persoon, alle=True))

    def _client_klopt(self, request: Request, velden: dict[str, str]) -> bool:
        kop = request.headers.get("authorization", "")
        if kop.startswith("Basic "):
            id_, _, geheim = base64.b64decode(kop[6:]).decode().partition(":")
        else:
            id_, geheim = velden.get("client_id", ""), velden.get("client_secret", "")
        return secrets.compare_digest(
            f"{id_}:{geheim}".encode(), f"{self.client_id}:{self.client_secret}".encode()
        )

    # ---- the ID token, well made or not ---------------------------------------------------

    def id_token(self, persoon: Persoon, nonce: str) -> str:
        nu = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.base,
            "sub": persoon.sub,
            "aud": self.client_id,
            "iat": nu,
            "exp": nu + 300,
            "nonce": nonce,
            **_persoonsclaims(persoon, alle=persoon.email_in_id_token),
            **persoon.id_token_extra,
        }
        if self.fout == "nonce":
            claims["nonce"] = "een-andere-nonce"
        elif self.fout == "aud":
            claims["aud"] = "een-andere-client"
        elif self.fout == "iss":
            claims["iss"] = "https://nep.example"
        elif self.fout == "verlopen":
            claims["iat"], claims["exp"] = nu - 7200, nu - 3600
        if self.fout == "hs256":
            return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(self.client_secret))
        sleutel = self.vreemde_sleutel if self.fout == "handtekening" else self.sleutel
        return jwt.encode({"alg": "RS256", "kid": sleutel.kid}, claims, sleutel)


def _rsa(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def _s256(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def _persoonsclaims(persoon: Persoon, *, alle: bool) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": persoon.sub, "name": persoon.naam}
    if alle and persoon.email is not None:
        claims["email"] = persoon.email
        claims["email_verified"] = persoon.email_verified
    return claims


@contextmanager
def provider(redirect_uri: str = "") -> Iterator[Provider]:
    """A running provider on a free loopback port (``provider.base`` is its issuer)."""
    aanbieder = Provider(redirect_uri=redirect_uri)
    port = free_port()
    aanbieder.base = f"http://127.0.0.1:{port}"
    config = uvicorn.Config(
        aanbieder.app(),
        host="127.0.0.1",
        port=port,
        log_level="critical",
        lifespan="off",
        ws="none",
        http="h11",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="oidc-provider", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "de OIDC-provider kwam niet op"
        time.sleep(0.02)
    try:
        yield aanbieder
    finally:
        server.should_exit = True
        thread.join(timeout=10)
