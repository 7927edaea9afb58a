"""The region's planning in the browser: scenarios on the map and the optimiser (issue 17)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
