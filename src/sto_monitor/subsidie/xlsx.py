"""The national picture as an Excel workbook for DUS-I (the agency that pays the subsidy).

Written the way the monitor writes every sheet for people (``publicatie/spreadsheet.py``):
Dutch headers in the reader's words, a bold frozen header row with a filter, and every text
cell passed through ``veilig.veilige_tekst`` (a region's or partner's name that starts with
``=`` stays text, never a formula). Amounts are numbers in euro with two decimals, formatted as
currency: the cents as ``Decimal(cent).scaleb(-2)``, exact, never a float. When the snapshot
rests on generated files, every sheet starts with the words of ``taal.SYNTHETISCH`` (and the
web marks the file name ``-synthetisch``).

Sheets: the overview per region, the ceilings per year, the budget per region x cost category
x year, and the co-financing per region x partner x year (committed and realised).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sto_monitor.publicatie.spreadsheet import Blad
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.landelijk import AFRONDING, Landelijk, kosten
from sto_monitor.subsidie.opslag import STATUS_NAAM, Dossier, Status
from sto_monitor.subsidie.regeling import NIET_INGEVULD

EURO = '"€" #,##0.00'  # Dutch Excel shows € 1.234,56
GEHEEL = "0"

OVERZICHT = "Overzicht per regio"
PER_JAAR = "Per jaar"
BEGROTING = "Begroting"
COFINANCIERING = "Cofinanciering"

KOPPEN_OVERZICHT = (
    "Regio",
    "Regionaam",
    "Status",
    "Aangevraagd",
    "Advies commissie",
    "Toegekend",
    "Maximum regio",
    "Techniekleerlingen",
    "Vestigingen",
    "Bedrag per techniekleerling, van",
    "Bedrag per techniekleerling, tot",
    "Bedrag per vestiging",
    "Per leerling en vestiging gerekend met",
    "Cofinanciering toegezegd",
    "Cofinanciering gerealiseerd",
    "Cofinanciering nodig aan het eind",
)
KOPPEN_PER_JAAR = ("Jaar", "Aangevraagd", "Toegekend", "Plafond", "Nog te verdelen")
KOPPEN_BEGROTING = ("Regio", "Regionaam", "Status", "Kostensoort", "Subsidiabel", "Jaar", "Bedrag")
KOPPEN_COFINANCIERING = (
    "Regio",
    "Regionaam",
    "Partner",
    "Jaar",
    "Vorm",
    "Toegezegd",
    "Gerealiseerd",
)


def bedrag(cent: Cent | None) -> Decimal | None:
    """Cents as euros with two decimals, exactly (Excel stores the number)."""
    return None if cent is None else Decimal(cent).scaleb(-2)


class _Blad(Blad):
    """A sheet whose ``Decimal`` cells are amounts in euro."""

    def regel(self, waarden: Sequence[object], *, stijl: str = "") -> None:
        self.schrijf(waarden, stijl=stijl)
        for cell in self.sheet[self.rij]:
            if isinstance(cell.value, Decimal):
                cell.number_format = EURO
            elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = GEHEEL


def _begin(sheet: Any, titel: str, koppen: Sequence[str], synthetisch: bool) -> _Blad:
    blad = _Blad(sheet)
    if synthetisch:
        blad.schrijf([SYNTHETISCH], stijl="let_op")
    blad.schrijf([titel], stijl="titel")
    blad.schrijf([])
    blad.schrijf(list(koppen), stijl="kop")
    sheet.freeze_panes = f"A{blad.rij + 1}"
    return blad


def _einde(blad: _Blad, koppen: Sequence[str], kop_rij: int) -> None:
    from openpyxl.utils import get_column_letter

    laatste = get_column_letter(len(koppen))
    blad.sheet.auto_filter.ref = f"A{kop_rij}:{laatste}{max(blad.rij, kop_rij + 1)}"
    blad.breedtes([min(max(len(k), 12) + 2, 34) for k in koppen])


def xlsx(overzicht: Landelijk, dossiers: Sequence[Dossier]) -> bytes:
    """The workbook for DUS-I: the overview, the years, the budgets and the co-financing."""
    from openpyxl import Workbook

    r = overzicht.regeling
    syn = overzicht.synthetisch
    book = Workbook()

    blad = _begin(book.active, f"{r.naam}: overzicht per regio", KOPPEN_OVERZICHT, syn)
    blad.sheet.title = OVERZICHT
    kop = blad.rij
    for g in overzicht.regios:
        per_leerling = g.per_techniekleerling
        per_vestiging = g.per_vestiging
        blad.regel(
            [
                g.regio,
                g.naam,
                g.status_tekst,
                bedrag(g.aangevraagd),
                bedrag(g.geadviseerd),
                bedrag(g.toegekend),
                bedrag(g.maximum) if g.maximum is not None else NIET_INGEVULD,
                g.techniekleerlingen.tekst,
                g.vestigingen,
                bedrag(per_leerling.laag) if per_leerling else None,
                bedrag(per_leerling.hoog) if per_leerling else None,
                bedrag(per_vestiging.laag) if per_vestiging else None,
                g.grondslag,
                *(
                    (
                        bedrag(g.cofinanciering.toegezegd),
                        bedrag(g.cofinanciering.gerealiseerd),
                        bedrag(g.cofinanciering.doel),
                    )
                    if g.status not in (None, Status.CONCEPT)
                    else (None, None, None)
                ),
            ]
        )
    blad.regel(
        [
            "Totaal",
            "",
            "",
            bedrag(overzicht.aangevraagd),
            bedrag(overzicht.geadviseerd),
            bedrag(overzicht.toegekend),
            "",
            "",
            sum(g.vestigingen for g in overzicht.regios),
            None,
            None,
            None,
            "",
            bedrag(overzicht.toegezegd),
            bedrag(overzicht.gerealiseerd),
            None,
        ],
        stijl="kop",
    )
    _einde(blad, KOPPEN_OVERZICHT, kop)
    blad.schrijf([])
    if overzicht.schooljaar is not None:
        blad.schrijf(
            [
                f"Techniekleerlingen: derdejaars in een technisch profiel, schooljaar "
                f"{overzicht.schooljaar}/{overzicht.schooljaar + 1}, zoals de STO Monitor ze "
                "publiceert; een gemaskeerd aantal is een bandbreedte, dus het bedrag per "
                "techniekleerling ook."
            ]
        )
    blad.schrijf([AFRONDING])

    blad = _begin(book.create_sheet(PER_JAAR), f"{r.naam}: per jaar", KOPPEN_PER_JAAR, syn)
    kop = blad.rij
    for j in overzicht.jaren:
        blad.regel(
            [
                j.jaar,
                bedrag(j.aangevraagd),
                bedrag(j.toegekend),
                bedrag(j.plafond) if j.plafond is not None else NIET_INGEVULD,
                bedrag(j.ruimte) if j.ruimte is not None else NIET_INGEVULD,
            ]
        )
    totaal = r.plafond_totaal
    blad.regel(
        [
            "Hele periode",
            bedrag(overzicht.aangevraagd),
            bedrag(overzicht.toegekend),
            bedrag(totaal) if totaal is not None else NIET_INGEVULD,
            bedrag(overzicht.ruimte_totaal) if totaal is not None else NIET_INGEVULD,
        ],
        stijl="kop",
    )
    _einde(blad, KOPPEN_PER_JAAR, kop)

    namen = {g.regio: g.naam for g in overzicht.regios}
    zichtbaar = sorted(
        (d for d in dossiers if d.status is not Status.CONCEPT and d.regeling == r.code),
        key=lambda d: d.regio,
    )
    soorten = [k.code for k in r.kostensoorten]

    def volgorde(item: tuple[tuple[str, int], Cent]) -> tuple[int, str, int]:
        (code, jaar), _ = item
        return (soorten.index(code) if code in soorten else len(soorten), code, jaar)

    blad = _begin(book.create_sheet(BEGROTING), f"{r.naam}: begroting", KOPPEN_BEGROTING, syn)
    kop = blad.rij
    for d in zichtbaar:
        for (code, jaar), cent in sorted(kosten(d.aanvraag, r).items(), key=volgorde):
            soort = r.kostensoort(code)
            blad.regel(
                [
                    d.regio,
                    namen.get(d.regio, d.regio),
                    STATUS_NAAM[d.status],
                    soort.naam if soort else code,
                    ("ja" if soort.subsidiabel else "nee") if soort else "onbekend",
                    jaar,
                    bedrag(cent),
                ]
            )
    _einde(blad, KOPPEN_BEGROTING, kop)

    blad = _begin(
        book.create_sheet(COFINANCIERING),
        f"{r.naam}: cofinanciering",
        KOPPEN_COFINANCIERING,
        syn,
    )
    kop = blad.rij
    for d in zichtbaar:
        gerealiseerd: dict[tuple[str, int, str], Cent] = {}
        for jaar in d.verantwoording_ingediend:
            v = d.verantwoordingen.get(jaar)
            for t in v.cofinanciering if v else ():
                sleutel = (t.partner, t.jaar, t.vorm)
                gerealiseerd[sleutel] = gerealiseerd.get(sleutel, 0) + t.bedrag
        toegezegd: dict[tuple[str, int, str], Cent] = {}
        for t in d.aanvraag.toezeggingen:
            sleutel = (t.partner, t.jaar, t.vorm)
            toegezegd[sleutel] = toegezegd.get(sleutel, 0) + t.bedrag
        for partner, jaar, vorm in sorted(set(toegezegd) | set(gerealiseerd)):
            sleutel = (partner, jaar, vorm)
            blad.regel(
                [
                    d.regio,
                    namen.get(d.regio, d.regio),
                    partner,
                    jaar,
                    "in natura" if vorm == "natura" else "in geld",
                    bedrag(toegezegd.get(sleutel, 0)),
                    bedrag(gerealiseerd[sleutel]) if sleutel in gerealiseerd else None,
                ]
            )
    _einde(blad, KOPPEN_COFINANCIERING, kop)

    uit = io.BytesIO()
    book.save(uit)
    return uit.getvalue()
