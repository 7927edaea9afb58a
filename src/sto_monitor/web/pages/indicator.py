"""Placeholder: filled in by the page's own work (see ARCHITECTURE.md)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
