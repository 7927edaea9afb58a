"""Sign-in through an OIDC provider (SURFconext)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
