""" "Mijn regio": a signed-in person's start page."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
