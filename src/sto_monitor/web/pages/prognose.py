"""The forecast of a region's derdejaars, on the workspace (issue 17)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
