"""Numbers and school years in the words the monitor uses, for pages and reports alike."""

from __future__ import annotations

from sto_monitor.indicators import breuken
from sto_monitor.publicatie.gegevens import Snapshot, getal, getal_nl

# School years and dates live in a leaf module (dekking.py needs them without a cycle).
from sto_monitor.publicatie.taal import MAANDEN as MAANDEN
from sto_monitor.publicatie.taal import datum as datum
from sto_monitor.publicatie.taal import schooljaar as schooljaar


def verandering_tekst(nu: object, vorig: object, eenheid: str = "procentpunt") -> str:
    """The change of a published share against last year, as one Dutch sentence."""
    a, b = getal(nu), getal(vorig)
    if a is None or b is None:
        return "Geen vergelijking met vorig schooljaar (niet geladen of afgeschermd)."
    if a == b:
        return "Gelijk aan vorig schooljaar."
    richting = "hoger" if a > b else "lager"
    return f"{getal_nl(abs(a - b))} {eenheid} {richting} dan vorig schooljaar."


def breukreden(snap: Snapshot, naam: str, jaar: object) -> str | None:
    """Why the changes of indicator ``naam`` in school year ``jaar`` against the loaded year
    before it are not computed (the register ``reeksbreuken``), in Dutch; None without one."""
    if jaar is None:
        return None
    # The typed rows: their ``reeksen`` hold indicator names (the notation shows titles).
    register = snap.indicatoren.get("reeksbreuken")
    rijen = register.data.to_pylist() if register is not None and register.data is not None else []
    redenen = [
        str(r["reden"])
        for r in rijen
        if str(r.get("schooljaar")) == str(jaar) and naam in str(r.get("reeksen") or "").split(", ")
    ]
    return " ".join(redenen) or None


def deel_van_reeks(snap: Snapshot, naam: str, jaren: list[object]) -> dict[object, int]:
    """Per school year the part of the series it belongs to: a new part after every break, so
    that a line chart never joins two years that cannot be compared."""
    deel = 0
    delen: dict[object, int] = {}
    for jaar in sorted(jaren, key=lambda j: int(str(j))):
        if delen and breukreden(snap, naam, jaar):
            deel += 1
        delen[jaar] = deel
    return delen


def is_breuk(value: object) -> bool:
    """Whether a published cell holds the reason of a break instead of a number."""
    if not isinstance(value, str) or not value:
        return False
    korte = {r.kort for r in breuken.regels()}
    return all(deel in korte for deel in value.split("; "))
