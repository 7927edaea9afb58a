"""Placeholder: being written (issue 19)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
