"""Charts as files to download: a fixed width and the full title, drawn to SVG or PNG on
the server by vl-convert (no request leaves the process).
"""

from __future__ import annotations

import copy
from typing import Any

import vl_convert

from sto_monitor.publicatie.charts.opmaak import regels
from sto_monitor.publicatie.taal import SYNTHETISCH

BESTAND_BREEDTE = 720  # px of a downloaded chart


def als_bestand(
    spec: dict[str, Any], *, synthetisch: bool = False, breedte: int = BESTAND_BREEDTE
) -> dict[str, Any]:
    """A chart as a file shows it: a fixed width (a file has no container) and, for generated
    data, the note that the figures are not real as the last line of the subtitle."""
    bestand = copy.deepcopy(spec)
    bestand["width"] = breedte
    titel = bestand.get("title") or {"text": ""}
    if not isinstance(titel, dict):
        titel = {"text": titel}
    tekens = breedte // 10  # a file is wider than a phone: the unwrapped lines, wrapped again
    kop = bestand.get("usermeta", {}).get("titel", {})
    titel["text"] = regels(kop.get("text") or titel["text"], tekens)
    onder = list(kop.get("subtitle") or titel.get("subtitle") or [])
    if synthetisch:
        onder.append(SYNTHETISCH)
    if onder:
        titel["subtitle"] = regels(onder, tekens + tekens // 5)
    bestand["title"] = titel
    bestand["background"] = "white"
    return bestand


def svg(spec: dict[str, Any]) -> str:
    """The chart drawn to SVG on the server; no data or font is fetched from anywhere."""
    return str(vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]))


def png(spec: dict[str, Any], schaal: float = 2.0) -> bytes:
    """The chart drawn to PNG on the server (twice the pixels: sharp on a screen and in print)."""
    return bytes(vl_convert.vegalite_to_png(spec, scale=schaal, allowed_base_urls=[]))
