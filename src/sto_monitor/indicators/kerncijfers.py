"""Headline figures per school year: third-years in the beroepsgerichte leerwegen, techniek.

The full indicator registry (MONITOR.md, indicators 1-17) builds on the same definitions:
a *derdejaarsleerling* is a student in leerjaar 3 of vmbo bb/kb/gl; a *techniekleerling* is
one of them in one of the five technical profielen; the *techniekaandeel* is their ratio.
"""

from __future__ import annotations

from dataclasses import dataclass

from sto_monitor.db import Connection


@dataclass(frozen=True)
class Kerncijfers:
    schooljaar: int
    derdejaars_min: int
    derdejaars_max: int
    techniek_min: int
    techniek_max: int
    vestigingen_met_techniek: int
    regios: int

    @property
    def exact(self) -> bool:
        return self.derdejaars_min == self.derdejaars_max and self.techniek_min == self.techniek_max

    @property
    def techniekaandeel(self) -> float | None:
        """Share of techniekleerlingen, on interval midpoints (the point value when exact)."""
        total = (self.derdejaars_min + self.derdejaars_max) / 2
        techniek = (self.techniek_min + self.techniek_max) / 2
        return techniek / total if total else None


KERNCIJFERS_SQL = """
WITH derdejaars AS (
    SELECT l.schooljaar, l.vestiging, l.aantal_min, l.aantal_max,
           coalesce(p.techniek, false) AS techniek
    FROM leerlingen l LEFT JOIN profiel p USING (profiel)
    WHERE l.leerjaar = 3 AND l.leerweg IN ('bb', 'kb', 'gl')
)
SELECT schooljaar,
       sum(aantal_min), sum(aantal_max),
       coalesce(sum(aantal_min) FILTER (WHERE techniek), 0),
       coalesce(sum(aantal_max) FILTER (WHERE techniek), 0),
       count(DISTINCT vestiging) FILTER (WHERE techniek),
       (SELECT count(DISTINCT regio) FROM regio_schooljaar r WHERE r.schooljaar = d.schooljaar)
FROM derdejaars d
GROUP BY schooljaar
ORDER BY schooljaar
"""


def national(con: Connection) -> list[Kerncijfers]:
    return [Kerncijfers(*map(int, row)) for row in con.execute(KERNCIJFERS_SQL).fetchall()]
