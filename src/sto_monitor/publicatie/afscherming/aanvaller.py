"""The outsider's linear program: what can be derived about a cell from what is published.

The attacker of the audit knows every published count exactly (or its published interval),
knows that every afgeschermd cell (``x``) is at least 1 (zeros are always shown), that counts
are non-negative, and every relation between the published numbers. The relations need no
list: every count of a component is a sum of the component's atoms (``cellen.py``), so the
program has one variable per atom and one row per cell. For a cell the program's minimum and
maximum are the narrowest interval anybody can derive from the publication by linear
programming. Solved with HiGHS (``highspy``), warm-started from query to query.
"""

from __future__ import annotations

import math

import highspy
import numpy as np

from sto_monitor.errors import DisclosureError
from sto_monitor.publicatie.afscherming.cellen import Cel, Component

ONEINDIG = math.inf


class Aanvaller:
    """The outsider's program over one component, given which cells are afgeschermd."""

    def __init__(self, comp: Component) -> None:
        self.comp = comp
        self.offset: dict[str, int] = {}
        n = 0
        for maat, aantal in sorted(comp.aantal_atomen.items()):
            self.offset[maat] = n
            n += aantal
        self.n = n
        self.verborgen: set[int] = set()
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        leeg_i = np.zeros(0, dtype=np.int32)
        if n:
            h.addCols(
                n,
                np.zeros(n),
                np.zeros(n),
                np.full(n, highspy.kHighsInf),
                0,
                leeg_i,
                leeg_i,
                np.zeros(0),
            )
        lower: list[float] = []
        upper: list[float] = []
        starts: list[int] = []
        indices: list[int] = []
        for cel in comp.cellen:
            lo, hi = self._grenzen(cel, verborgen=False)
            lower.append(lo)
            upper.append(hi)
            starts.append(len(indices))
            indices.extend((cel.atomen + self.offset[cel.maat]).tolist())
        if comp.cellen:
            h.addRows(
                len(lower),
                np.array(lower),
                np.array(upper),
                len(indices),
                np.array(starts, dtype=np.int32),
                np.array(indices, dtype=np.int32),
                np.ones(len(indices)),
            )
        self.h = h
        self._kosten: np.ndarray = np.zeros(0, dtype=np.int32)

    @staticmethod
    def _grenzen(cel: Cel, *, verborgen: bool) -> tuple[float, float]:
        if not cel.gepubliceerd:
            return 0.0, highspy.kHighsInf  # the outsider sees nothing of it directly
        if verborgen and cel.openbaar is not None:
            return cel.openbaar  # what DUO publishes of the same persons
        if verborgen:
            # "x" tells that the count is not 0 (zeros are always shown), nothing more.
            return (1.0 if cel.laag >= 1 else 0.0), highspy.kHighsInf
        return cel.laag, cel.hoog

    def verberg(self, cel: Cel) -> None:
        """Afscherm a cell: the outsider now only knows it is at least 1."""
        if cel.id in self.verborgen or not cel.gepubliceerd:
            return
        self.verborgen.add(cel.id)
        lo, hi = self._grenzen(cel, verborgen=True)
        self.h.changeRowBounds(cel.id, lo, hi)

    def vrij(self, cel: Cel) -> None:
        """Forget what is published of a cell (for the program of the notation alone)."""
        self.h.changeRowBounds(cel.id, 0.0, highspy.kHighsInf)

    def toon(self, cel: Cel) -> None:
        """Undo :meth:`verberg` (to try a candidate)."""
        if cel.id not in self.verborgen:
            return
        self.verborgen.discard(cel.id)
        lo, hi = self._grenzen(cel, verborgen=False)
        self.h.changeRowBounds(cel.id, lo, hi)

    def interval(self, cel: Cel) -> tuple[float, float]:
        """The narrowest interval the outsider can derive for this cell."""
        if cel.atomen.size == 0:
            return 0.0, 0.0
        self._doel(cel)
        return self._los(highspy.ObjSense.kMinimize), self._los(highspy.ObjSense.kMaximize)

    def grens(self, cel: Cel, *, maximum: bool) -> float:
        """One side of :meth:`interval`."""
        if cel.atomen.size == 0:
            return 0.0
        self._doel(cel)
        return self._los(highspy.ObjSense.kMaximize if maximum else highspy.ObjSense.kMinimize)

    def bindend(self, cel: Cel, *, maximum: bool) -> list[int]:
        """Published cells (ids) whose values bound this cell's minimum or maximum.

        These are the rows with a non-zero dual value at the optimum: afscherming one of them
        is what can widen the interval on that side.
        """
        if cel.atomen.size == 0:
            return []
        self._doel(cel)
        richting = highspy.ObjSense.kMaximize if maximum else highspy.ObjSense.kMinimize
        if math.isinf(self._los(richting)):
            return []
        duals = np.asarray(self.h.getSolution().row_dual)
        return [
            int(i) for i in np.flatnonzero(np.abs(duals) > 1e-9) if int(i) not in self.verborgen
        ]

    def _doel(self, cel: Cel) -> None:
        """Make the objective the sum of this cell's atoms."""
        kolommen = (cel.atomen + self.offset[cel.maat]).astype(np.int32)
        if self._kosten.size:
            self.h.changeColsCost(self._kosten.size, self._kosten, np.zeros(self._kosten.size))
        self.h.changeColsCost(kolommen.size, kolommen, np.ones(kolommen.size))
        self._kosten = kolommen

    def _los(self, richting: highspy.ObjSense) -> float:
        self.h.changeObjectiveSense(richting)
        self.h.run()
        status = self.h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(self.h.getInfo().objective_function_value)
        if (
            status
            in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,
            )
            and richting == highspy.ObjSense.kMaximize
        ):
            return ONEINDIG
        # the true data always satisfies the program: this is a bug, never publish then
        raise DisclosureError(
            f"afscherming: het programma van de aanvaller is niet oplosbaar ({status}) voor "
            f"{self.comp.bron} {self.comp.schooljaar}"
        )
