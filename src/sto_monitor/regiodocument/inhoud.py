"""One document as it is shown, exported and compared: a draft, or a submitted version.

A :class:`Document` holds everything a page, the PDF and the DOCX need: the kind with its
sections (as they were when submitted), the region's texts, the figure blocks with their
provenance, and what the figures rest on (:class:`Herkomst`). :func:`maak` builds one from a
draft and the current snapshot; :meth:`Document.als_inhoud` freezes it as the JSON of a
submitted version and :meth:`Document.van_inhoud` reads that back, so a version shows what
the commission was sent, whatever the monitor publishes later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.taal import schooljaar as schooljaar_tekst
from sto_monitor.regiodocument.cijfers import Cijferblok, cijferjaar, vul
from sto_monitor.regiodocument.secties import Sectie, Soort, soort

FORMAAT = 1  # the layout of a version's ``inhoud``; raise it when that changes


@dataclass(frozen=True)
class Herkomst:
    """What the figures of a document rest on."""

    kenmerk: str  # the publication (Snapshot.versie)
    synthetisch: bool  # generated data: every output says so
    cijferjaar: int | None  # the school year the figures show
    techniek: str  # the definition of the publication ("sto": the monitor's)


@dataclass(frozen=True)
class Document:
    regio: str
    regio_naam: str
    soort: Soort
    schooljaar: int  # the school year the document is about
    teksten: Mapping[str, str]  # per section id; a section without text is absent or ""
    cijfers: Mapping[str, Cijferblok]
    herkomst: Herkomst
    nummer: int | None = None  # the version; None: the draft
    moment: datetime | None = None  # submitted (a version) or last saved (a draft)

    @property
    def titel(self) -> str:
        return f"{self.soort.titel} {self.regio_naam}"

    @property
    def schooljaar_tekst(self) -> str:
        return schooljaar_tekst(self.schooljaar)

    @property
    def synthetisch(self) -> bool:
        return self.herkomst.synthetisch

    def tekst(self, sectie: Sectie) -> str:
        return self.teksten.get(sectie.id, "")

    def blokken(self, sectie: Sectie) -> list[Cijferblok]:
        return [self.cijfers[c] for c in sectie.cijfers if c in self.cijfers]

    @property
    def leeg(self) -> bool:
        return not any(t.strip() for t in self.teksten.values())

    def als_inhoud(self) -> dict[str, Any]:
        """The frozen JSON of a submitted version: texts, sections and every figure."""
        return {
            "formaat": FORMAAT,
            "regio": self.regio,
            "regio_naam": self.regio_naam,
            "soort": self.soort.soort,
            "schooljaar": self.schooljaar,
            "document": {
                "titel": self.soort.titel,
                "bijlage": self.soort.bijlage,
                "inleiding": self.soort.inleiding,
                "secties": [
                    {
                        "id": s.id,
                        "titel": s.titel,
                        "leidraad": s.leidraad,
                        "cijfers": list(s.cijfers),
                        "groep": s.groep,
                    }
                    for s in self.soort.secties
                ],
            },
            "teksten": {s.id: self.tekst(s) for s in self.soort.secties},
            "cijfers": {id: b.als_dict() for id, b in self.cijfers.items()},
            "herkomst": {
                "kenmerk": self.herkomst.kenmerk,
                "synthetisch": self.herkomst.synthetisch,
                "cijferjaar": self.herkomst.cijferjaar,
                "techniek": self.herkomst.techniek,
            },
        }

    @classmethod
    def van_inhoud(
        cls, inhoud: Mapping[str, Any], *, nummer: int | None = None, moment: datetime | None = None
    ) -> Document:
        d = inhoud["document"]
        h = inhoud["herkomst"]
        return cls(
            regio=str(inhoud["regio"]),
            regio_naam=str(inhoud.get("regio_naam") or inhoud["regio"]),
            soort=Soort(
                soort=str(inhoud["soort"]),
                titel=str(d["titel"]),
                bijlage=str(d.get("bijlage", "")),
                inleiding=str(d.get("inleiding", "")),
                secties=tuple(
                    Sectie(
                        id=str(s["id"]),
                        titel=str(s["titel"]),
                        leidraad=str(s.get("leidraad", "")),
                        cijfers=tuple(str(c) for c in s.get("cijfers", ())),
                        groep=str(s.get("groep", "")),
                    )
                    for s in d["secties"]
                ),
            ),
            schooljaar=int(inhoud["schooljaar"]),
            teksten={str(k): str(v) for k, v in inhoud.get("teksten", {}).items()},
            cijfers={str(k): Cijferblok.van_dict(v) for k, v in inhoud.get("cijfers", {}).items()},
            herkomst=Herkomst(
                kenmerk=str(h.get("kenmerk", "")),
                synthetisch=bool(h.get("synthetisch", False)),
                cijferjaar=None if h.get("cijferjaar") is None else int(h["cijferjaar"]),
                techniek=str(h.get("techniek", "sto")),
            ),
            nummer=nummer,
            moment=moment,
        )


def maak(
    snap: Snapshot,
    regio: str,
    soortnaam: str,
    schooljaar: int,
    teksten: Mapping[str, str],
    *,
    ondergrens: tuple[int, bool] | None = None,
    nummer: int | None = None,
    moment: datetime | None = None,
) -> Document:
    """The document of ``regio`` with ``teksten`` and its figures filled in from ``snap``."""
    s = soort(soortnaam)
    r = snap.regio(regio)  # unknown: NotFoundError
    blokken = vul(snap, r.code, schooljaar, s.cijfers, ondergrens=ondergrens)
    return Document(
        regio=r.code,
        regio_naam=r.naam,
        soort=s,
        schooljaar=schooljaar,
        teksten={id: teksten.get(id, "") for id in s.ids},
        cijfers={b.id: b for b in blokken},
        herkomst=Herkomst(
            kenmerk=snap.versie,
            synthetisch=snap.synthetisch,
            cijferjaar=cijferjaar(snap, schooljaar),
            techniek=snap.techniek,
        ),
        nummer=nummer,
        moment=moment,
    )
