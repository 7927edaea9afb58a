"""The header of every page: the banners sit inside it (a landmark), and synthetic data says so.

Against a real server on the shared warehouse, which is generated: its snapshot is synthetic,
so every page, the error page included, carries the sentence of ``taal.SYNTHETISCH`` in its
header. The same template without synthetic data carries none.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from sto_monitor.ingest.demo_regio import DEMO_LABEL
from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.web.render import ENV, NAVIGATIE
from tests.web_fixtures import get

BANNERS = ("synthetisch-label", "demo-label", "definitie-label")


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db, indicatoren=())


def paden(snap: Snapshot) -> list[str]:
    regio = next(iter(snap.regios))
    return [href for href, _ in NAVIGATIE] + [f"/regio/{regio}", "/zoeken?q=a", "/bestaat-niet"]


def kop(page: str) -> str:
    """The page's header element (the banner landmark), from its start to its end."""
    match = re.search(r'<header class="kop">.*?</header>', page, flags=re.S)
    assert match, 'geen <header class="kop">'
    return match.group(0)


def test_every_page_says_synthetic_in_its_header(web_server: str, snap: Snapshot) -> None:
    assert snap.synthetisch  # the shared warehouse is generated
    for pad in paden(snap):
        answer = get(web_server, pad)
        assert answer.status in (200, 404), pad
        assert f'<p class="synthetisch-label" role="note">{SYNTHETISCH}</p>' in kop(answer.text), (
            pad
        )


def test_banners_are_inside_the_header_landmark(web_server: str, snap: Snapshot) -> None:
    for pad in paden(snap):
        page = get(web_server, pad).text
        buiten = page.replace(kop(page), "")
        assert not [b for b in BANNERS if f'class="{b}"' in buiten], pad
    page = get(web_server, "/regios").text
    if not snap.officieel:  # the generated warehouse has a demo region set
        assert f"Regio-indeling: {DEMO_LABEL}." in kop(page)


def _render(snap: Snapshot, synthetisch: bool) -> str:
    return ENV.get_template("fout.html").render(
        pad="/x",
        snapshot=dataclasses.replace(snap, synthetisch=synthetisch),
        synthetisch=synthetisch,
        status=404,
        melding="pagina /x bestaat niet",
    )


def test_real_data_has_no_synthetic_banner(snap: Snapshot) -> None:
    assert SYNTHETISCH in kop(_render(snap, True))
    assert SYNTHETISCH not in _render(snap, False)
    assert "synthetisch-label" not in _render(snap, False)
