"""The national team's pages: the audit log (page and CSV)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
