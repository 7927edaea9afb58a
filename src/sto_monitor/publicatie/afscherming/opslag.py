"""The audited pattern of the last ``sto build``, stored in the warehouse and reused.

Choosing the pattern and auditing it solves many small linear programs (seconds). ``sto build``
stores the result (``schema/96_afscherming.sql``) under a key that covers everything it depends
on: every loaded file (sha256), the method version, the techniek definition and the code of
disclosure control and of the indicators. The dashboard and the reports then apply the stored
pattern; while the key does not match (a file loaded since, a new version), they compute it
anew, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

import duckdb
import numpy as np
import pyarrow as pa

from sto_monitor.db import Connection, transaction
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.publicatie.afscherming.cellen import Cel, Plek
from sto_monitor.publicatie.afscherming.patroon import Bevinding
from sto_monitor.publicatie.afscherming.tabel import Besluit

AANTAL, OVERIG = "aantal", "overig"


@cache
def _code() -> str:
    """A hash of the code a pattern depends on: disclosure control and every indicator."""
    h = hashlib.sha256()
    for pakket in ("sto_monitor.publicatie.afscherming", "sto_monitor.indicators"):
        for bestand in sorted(resources.files(pakket).iterdir(), key=lambda f: f.name):
            if bestand.name.endswith(".py"):
                h.update(bestand.name.encode())
                h.update(bestand.read_bytes())
    return h.hexdigest()


def sleutel(con: Connection, techniek: str) -> str:
    """The key of the pattern for this warehouse as it is now."""
    bronnen = con.execute(
        "SELECT formaat, doel, sha256 FROM bron WHERE status = 'geladen' ORDER BY ALL"
    ).fetchall()
    h = hashlib.sha256()
    h.update(json.dumps([METHODE_VERSIE, techniek, _code(), bronnen], default=str).encode())
    return h.hexdigest()


def _rij_sleutel(rij: Mapping[str, object], sleutels: Sequence[str]) -> str:
    return json.dumps([rij[k] for k in sleutels], default=str)


def bewaar(
    con: Connection,
    sleutel_: str,
    techniek: str,
    tabellen: Sequence[tuple[Indicator, pa.Table]],
    besluiten: Mapping[str, Besluit],
    bevindingen: Sequence[tuple[str, Bevinding]],
    vertrouwelijk: frozenset[str],
) -> None:
    """Replace the stored pattern of this techniek definition (one transaction)."""
    cellen: list[tuple[str, str, str, str, str, str]] = []
    for indicator, tabel in tabellen:
        besluit = besluiten.get(indicator.naam)
        if besluit is None:
            continue
        rijen = tabel.to_pylist()
        for soort, weg in ((AANTAL, besluit.aantallen), (OVERIG, besluit.overig)):
            for r, kolom in sorted(weg):
                rij = _rij_sleutel(rijen[r], indicator.sleutels)
                cellen.append((sleutel_, techniek, indicator.naam, rij, kolom, soort))
    controle = [
        (
            sleutel_,
            techniek,
            waar,
            b.primair,
            b.laag,
            min(b.hoog, 1e300),
            b.ondergrens,
            min(b.bovengrens, 1e300),
            b.cel.openbaar[0] if b.cel.openbaar else None,
            b.cel.openbaar[1] if b.cel.openbaar else None,
            ",".join(sorted(vertrouwelijk)),
        )
        for waar, b in bevindingen
    ]
    with transaction(con):
        con.execute("DELETE FROM afscherming_cel WHERE techniek = ?", [techniek])
        con.execute("DELETE FROM afscherming_controle WHERE techniek = ?", [techniek])
        if cellen:
            con.executemany("INSERT INTO afscherming_cel VALUES (?, ?, ?, ?, ?, ?)", cellen)
        con.executemany(
            "INSERT INTO afscherming_controle (sleutel, techniek, waar, primair, laag, hoog, "
            "ondergrens, bovengrens, openbaar_laag, openbaar_hoog, vertrouwelijk) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            controle
            or [(sleutel_, techniek, "", False, 0, 0, 0, 0, None, None, ",".join(vertrouwelijk))],
        )


def lees(
    con: Connection,
    sleutel_: str,
    techniek: str,
    tabellen: Sequence[tuple[Indicator, pa.Table]],
) -> tuple[dict[str, Besluit], list[tuple[str, Bevinding]], frozenset[str]] | None:
    """The stored pattern for these tables, or None when there is none for this key."""
    try:
        controle = con.execute(
            "SELECT waar, primair, laag, hoog, ondergrens, bovengrens, openbaar_laag, "
            "openbaar_hoog, vertrouwelijk FROM afscherming_controle "
            "WHERE sleutel = ? AND techniek = ?",
            [sleutel_, techniek],
        ).fetchall()
        cellen = con.execute(
            "SELECT indicator, rij, kolom, soort FROM afscherming_cel "
            "WHERE sleutel = ? AND techniek = ?",
            [sleutel_, techniek],
        ).fetchall()
    except duckdb.CatalogException:  # a warehouse from before stored patterns
        return None
    if not controle:
        return None
    per_tabel: dict[str, dict[str, set[tuple[int, str]]]] = {}
    nodig = {indicator for indicator, *_ in cellen}
    indexen = {
        i.naam: {
            _rij_sleutel(r, i.sleutels): n
            for n, r in enumerate(t.select(list(i.sleutels)).to_pylist())
        }
        for i, t in tabellen
        if i.naam in nodig
    }
    for indicator, rij, kolom, soort in cellen:
        if indicator not in indexen:
            continue
        r = indexen[indicator].get(rij)
        if r is None:
            return None  # the table is not the one the pattern was made for: compute anew
        per_tabel.setdefault(indicator, {AANTAL: set(), OVERIG: set()})[soort].add((r, kolom))
    besluiten = {
        naam: Besluit(frozenset(weg[AANTAL]), frozenset(weg[OVERIG]))
        for naam, weg in per_tabel.items()
    }
    bevindingen = [_bevinding(*rij) for rij in controle if rij[0]]
    vertrouwelijk = frozenset(v for v in controle[0][8].split(",") if v)
    return besluiten, bevindingen, vertrouwelijk


def _bevinding(
    waar: str,
    primair: bool,
    laag: float,
    hoog: float,
    ondergrens: float,
    bovengrens: float,
    openbaar_laag: float | None,
    openbaar_hoog: float | None,
    _vertrouwelijk: str,
) -> tuple[str, Bevinding]:
    """A stored finding; its cell carries only what the audit's verdict needs."""
    openbaar = (openbaar_laag, openbaar_hoog) if openbaar_laag is not None else None
    cel = Cel(-1, "", np.zeros(0, dtype=np.int64), 0.0, 0.0, [Plek("", 0, waar)])
    cel.openbaar = openbaar  # type: ignore[assignment]
    oneindig = float("inf")
    return waar, Bevinding(
        cel,
        primair,
        laag,
        oneindig if hoog >= 1e300 else hoog,
        ondergrens,
        oneindig if bovengrens >= 1e300 else bovengrens,
    )
