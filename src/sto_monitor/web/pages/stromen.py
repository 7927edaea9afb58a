"""In-, door- and uitstroom of a region in one view (issue 17)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
