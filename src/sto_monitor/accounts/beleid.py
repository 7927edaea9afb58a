"""The policy: which role may do what, on which object. The one place that decides.

A person acts as an :class:`Actor` (a role, and for `regio` and `school` the regio's or
vestigingen they are bound to). Every route of the web declares the :class:`Recht` it needs
(``web/toegang.py``), and every write on an object asks :func:`vereis` with the object's regio
or vestiging; templates may hide a button, but only this module refuses.

| recht | landelijk | commissie | regio | school | bedrijf |
|---|---|---|---|---|---|
| openbaar | ja | ja | ja | ja | ja |
| ingelogd | ja | ja | ja | ja | ja |
| regio_intern (concepten, Mijn regio) | alle | alle | eigen regio | eigen vestigingen | nee |
| toelichting_schrijven | alle | nee | eigen regio | eigen vestigingen | nee |
| toelichting_verbergen | ja | nee | nee | nee | nee |
| plannen (scenario's, optimaliseren, ondergrens) | nee | nee | eigen regio | nee | nee |
| regiodocument_schrijven (visiedocument, evaluatie) | nee | nee | eigen regio | nee | nee |
| subsidie_aanvragen (aanvraag, antwoorden, verantwoording) | nee | nee | eigen regio | nee | nee |
| subsidie_inzien (aanvragen, beoordelingen) | alle | alle | eigen regio | nee | nee |
| beoordelen (aanvragen scoren, vragen stellen) | ja | ja | nee | nee | nee |
| subsidie_beslissen (besluit, regiomaxima) | ja | nee | nee | nee | nee |
| kennis_bijdragen (bijdragen, gebruik) | alle | nee | eigen regio | eigen vestigingen | nee |
| kennis_modereren (kennisbank: publiceren, weigeren) | ja | nee | nee | nee | nee |
| audit_lezen, gebruikers_beheren, enquete_beheren | ja | nee | nee | nee | nee |
| stages_plaatsen (eigen bedrijf, eigen stageplaatsen) | ja | nee | nee | nee | eigen bedrijf |
| bedrijf_bevestigen (een bedrijf in de regio bevestigen) | alle | nee | eigen regio | nee | nee |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sto_monitor.errors import ForbiddenError, NotSignedInError


class Rol(StrEnum):
    LANDELIJK = "landelijk"  # the national team: everything
    COMMISSIE = "commissie"  # the commission / DUS-I: reads everything, assesses applications
    REGIO = "regio"  # a programme leader, bound to one or more regio's
    SCHOOL = "school"  # bound to vestigingen
    BEDRIJF = "bedrijf"  # reserved for the stage bank


ROL_NAAM: dict[Rol, str] = {
    Rol.LANDELIJK: "landelijk team",
    Rol.COMMISSIE: "commissie / DUS-I",
    Rol.REGIO: "regio",
    Rol.SCHOOL: "school",
    Rol.BEDRIJF: "bedrijf",
}


class Recht(StrEnum):
    OPENBAAR = "openbaar"
    INGELOGD = "ingelogd"
    REGIO_INTERN = "regio_intern"
    TOELICHTING_SCHRIJVEN = "toelichting_schrijven"
    TOELICHTING_VERBERGEN = "toelichting_verbergen"
    PLANNEN = "plannen"
    REGIODOCUMENT_SCHRIJVEN = "regiodocument_schrijven"
    SUBSIDIE_AANVRAGEN = "subsidie_aanvragen"
    SUBSIDIE_INZIEN = "subsidie_inzien"
    BEOORDELEN = "beoordelen"
    SUBSIDIE_BESLISSEN = "subsidie_beslissen"
    AUDIT_LEZEN = "audit_lezen"
    GEBRUIKERS_BEHEREN = "gebruikers_beheren"
    ENQUETE_BEHEREN = "enquete_beheren"
    KENNIS_BIJDRAGEN = "kennis_bijdragen"
    KENNIS_MODEREREN = "kennis_modereren"
    STAGES_PLAATSEN = "stages_plaatsen"
    BEDRIJF_BEVESTIGEN = "bedrijf_bevestigen"


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in person, or the terminal (``sto`` commands on the server)."""

    id: int | None
    email: str
    naam: str
    rol: Rol
    regios: frozenset[str] = field(default_factory=frozenset)
    vestigingen: frozenset[str] = field(default_factory=frozenset)

    @property
    def wie(self) -> str:
        """How the audit log names this actor."""
        return f"{self.rol.value} {self.email}"


def terminal(gebruiker: str) -> Actor:
    """The person at the server's terminal: the machine's own account, with every right."""
    return Actor(None, f"terminal:{gebruiker}", gebruiker, Rol.LANDELIJK)


# Rights that depend only on the role.
PER_ROL: dict[Recht, frozenset[Rol]] = {
    Recht.OPENBAAR: frozenset(Rol),
    Recht.INGELOGD: frozenset(Rol),
    Recht.TOELICHTING_VERBERGEN: frozenset({Rol.LANDELIJK}),
    Recht.BEOORDELEN: frozenset({Rol.LANDELIJK, Rol.COMMISSIE}),
    Recht.SUBSIDIE_BESLISSEN: frozenset({Rol.LANDELIJK}),
    Recht.AUDIT_LEZEN: frozenset({Rol.LANDELIJK}),
    Recht.GEBRUIKERS_BEHEREN: frozenset({Rol.LANDELIJK}),
    Recht.ENQUETE_BEHEREN: frozenset({Rol.LANDELIJK}),
    Recht.KENNIS_MODEREREN: frozenset({Rol.LANDELIJK}),
    # Stagebank (issue 19): a role right, because a company is neither a regio nor a
    # vestiging; which company is the account's own is checked by ``stagebank/opslag.py``
    # against the company record (its account), inside the write's transaction.
    Recht.STAGES_PLAATSEN: frozenset({Rol.LANDELIJK, Rol.BEDRIJF}),
}

# Rights on a regio's or vestiging's objects: who may act on all of them, and who on their own.
OP_OBJECT: dict[Recht, tuple[frozenset[Rol], frozenset[Rol]]] = {
    Recht.REGIO_INTERN: (
        frozenset({Rol.LANDELIJK, Rol.COMMISSIE}),
        frozenset({Rol.REGIO, Rol.SCHOOL}),
    ),
    Recht.TOELICHTING_SCHRIJVEN: (frozenset({Rol.LANDELIJK}), frozenset({Rol.REGIO, Rol.SCHOOL})),
    # The region's own work: nobody else writes it, and its private scenarios and drafts are
    # read by nobody else either (shared scenarios and submitted documents: REGIO_INTERN).
    Recht.PLANNEN: (frozenset(), frozenset({Rol.REGIO})),
    Recht.REGIODOCUMENT_SCHRIJVEN: (frozenset(), frozenset({Rol.REGIO})),
    # A subsidy application is written by its own region only, and read by that region, the
    # commission and the national team; never by schools, companies or other regions.
    Recht.SUBSIDIE_AANVRAGEN: (frozenset(), frozenset({Rol.REGIO})),
    Recht.SUBSIDIE_INZIEN: (frozenset({Rol.LANDELIJK, Rol.COMMISSIE}), frozenset({Rol.REGIO})),
    # The kennisbank (issue 19): a regio contributes for itself, a school for its vestigingen.
    Recht.KENNIS_BIJDRAGEN: (frozenset({Rol.LANDELIJK}), frozenset({Rol.REGIO, Rol.SCHOOL})),
    # A company is confirmed by the region its address lies in (the company record carries
    # that regio), or by the national team.
    Recht.BEDRIJF_BEVESTIGEN: (frozenset({Rol.LANDELIJK}), frozenset({Rol.REGIO})),
}


def besluit(
    actor: Actor | None,
    recht: Recht,
    *,
    regio: str | None = None,
    vestiging: str | None = None,
) -> bool:
    """May ``actor`` use ``recht`` (on the object of ``regio``/``vestiging``, if given)?

    A `regio` account acts on the objects of its own regio's. A `school` account acts on its
    own vestigingen, and on a regio only where the object names one of its vestigingen.
    Without an object, an object right asks only whether the role can hold it at all.
    """
    if recht is Recht.OPENBAAR:
        return True
    if actor is None:
        return False
    if recht in PER_ROL:
        return actor.rol in PER_ROL[recht]
    alle, eigen = OP_OBJECT[recht]
    if actor.rol in alle:
        return True
    if actor.rol not in eigen:
        return False
    if regio is None and vestiging is None:
        return True
    if actor.rol is Rol.REGIO:
        return regio is not None and regio in actor.regios
    return vestiging is not None and vestiging in actor.vestigingen


def vereis(
    actor: Actor | None,
    recht: Recht,
    *,
    regio: str | None = None,
    vestiging: str | None = None,
) -> Actor | None:
    """:func:`besluit`, raising: not signed in (401) or not allowed (403)."""
    if besluit(actor, recht, regio=regio, vestiging=vestiging):
        return actor
    if actor is None:
        raise NotSignedInError("Log in om deze pagina te gebruiken.")
    raise ForbiddenError("U hebt geen toegang tot deze pagina of dit onderdeel.")


assert set(PER_ROL) | set(OP_OBJECT) == set(Recht), "every right has a rule"
