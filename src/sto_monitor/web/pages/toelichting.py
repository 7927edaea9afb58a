"""A region's (or school's) toelichting on its figures: write, publish, hide, history."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
