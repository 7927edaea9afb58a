"""The region's visiedocument and evaluatie: write, submit, compare, export (issue 17)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
