"""Toelichtingen: the domain API on SQLite and PostgreSQL, the policy on the stored object, and
the text rendered inert whatever is typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Auditregel, Toelichting, ToelichtingVersie
from sto_monitor.errors import ForbiddenError, NotFoundError, ParameterError
from sto_monitor.settings import Settings
from sto_monitor.toelichting import onderwerpen, opslag, verversen
from sto_monitor.toelichting.opmaak import MAX_TEKST, html, ondertekening

SETTINGS = Settings.from_env({"STO_ARGON2_TIJD": "1", "STO_ARGON2_GEHEUGEN": "1024"})
BEHEER = terminal("test")
GOED = "correct paard batterij niet"
INDICATOR = "techniekaandeel_per_regio"


def _account(
    db: AppDatabase,
    naam: str,
    rol: Rol,
    *,
    regios: tuple[str, ...] = (),
    vestigingen: tuple[str, ...] = (),
) -> Actor:
    gebruiker = gebruikers.toevoegen(
        db,
        BEHEER,
        email=f"{naam}@test.nl",
        naam=naam.capitalize(),
        rol=rol,
        regios=list(regios),
        vestigingen=list(vestigingen),
        wachtwoord=GOED,
        wachtwoorden=Wachtwoorden.van(SETTINGS),
    )
    return gebruikers.actor_van(gebruiker)


@pytest.fixture
def mensen(app_db: AppDatabase) -> dict[str, Actor]:
    return {
        "regio": _account(app_db, "regio", Rol.REGIO, regios=("R01",)),
        "ander": _account(app_db, "ander", Rol.REGIO, regios=("R02",)),
        "school": _account(app_db, "school", Rol.SCHOOL, vestigingen=("00AA01",)),
        "landelijk": _account(app_db, "landelijk", Rol.LANDELIJK),
        "commissie": _account(app_db, "commissie", Rol.COMMISSIE),
    }


def _versies(db: AppDatabase, ident: int) -> list[ToelichtingVersie]:
    with db.transactie() as s:
        query = select(ToelichtingVersie).where(ToelichtingVersie.toelichting_id == ident)
        return list(s.scalars(query.order_by(ToelichtingVersie.versie)))


def _audit(db: AppDatabase, ident: int) -> list[Auditregel]:
    with db.transactie() as s:
        query = select(Auditregel).where(
            Auditregel.soort == "toelichting", Auditregel.object_id == str(ident)
        )
        return list(s.scalars(query.order_by(Auditregel.id)))


def test_draft_publish_hide_with_reason_and_history(
    app_db: AppDatabase, mensen: dict[str, Actor]
) -> None:
    regio, landelijk = mensen["regio"], mensen["landelijk"]
    teller = opslag.versie(app_db)
    t = opslag.schrijf(
        app_db, regio, regio="R01", onderwerp=INDICATOR, schooljaar=2024, tekst="Eerste versie."
    )
    assert t.status == "concept" and t.gepubliceerd is None and t.auteur_rol == "regio"
    assert opslag.gepubliceerd(app_db, "R01") == []
    assert [x.id for x in opslag.van_regio(app_db, regio, "R01")] == [t.id]
    assert opslag.versie(app_db) != teller

    t = opslag.bewerk(app_db, regio, t.id, tekst="Tweede versie.\r\n\r\n- punt", publiceer=True)
    assert t.status == "gepubliceerd" and t.gepubliceerd is not None
    assert t.tekst == "Tweede versie.\n\n- punt"
    assert [x.id for x in opslag.gepubliceerd(app_db, "R01")] == [t.id]
    assert opslag.gepubliceerd(app_db, "R02") == []

    with pytest.raises(ParameterError, match="reden"):
        opslag.verberg(app_db, landelijk, t.id, "   ")
    t = opslag.verberg(app_db, landelijk, t.id, "Bevat een persoonsnaam.")
    assert t.status == "verborgen" and t.verborgen_reden == "Bevat een persoonsnaam."
    assert opslag.gepubliceerd(app_db, "R01") == []
    # the region still sees it, with the reason, and can no longer change it
    (gezien,) = opslag.van_regio(app_db, regio, "R01")
    assert gezien.verborgen_reden == "Bevat een persoonsnaam."
    with pytest.raises(ForbiddenError, match="verborgen"):
        opslag.bewerk(app_db, regio, t.id, tekst="Toch weer.", publiceer=True)
    # the national team can publish it again
    t = opslag.bewerk(app_db, landelijk, t.id, tekst="Zonder naam.", publiceer=True)
    assert t.status == "gepubliceerd" and t.verborgen_reden is None

    versies = opslag.geschiedenis(app_db, regio, t.id)
    assert [(v.versie, v.status) for v in versies] == [
        (1, "concept"),
        (2, "gepubliceerd"),
        (3, "verborgen"),
        (4, "gepubliceerd"),
    ]
    assert versies[2].reden == "Bevat een persoonsnaam." and versies[0].tekst == "Eerste versie."
    assert [v.door for v in versies] == [regio.id, regio.id, landelijk.id, landelijk.id]
    assert [v.versie for v in versies] == [v.versie for v in _versies(app_db, t.id)]
    # every write has its audit record, of the region, with the value before and after
    regels = _audit(app_db, t.id)
    assert [r.actie for r in regels] == [
        "toelichting als concept bewaard",
        "toelichting gewijzigd en gepubliceerd",
        "toelichting verborgen",
        "toelichting gewijzigd en gepubliceerd",
    ]
    assert all(r.regio == "R01" for r in regels)
    assert regels[2].voor and regels[2].voor["status"] == "gepubliceerd"
    assert regels[2].na and regels[2].na["verborgen_reden"] == "Bevat een persoonsnaam."
    assert regels[0].wie == "regio regio@test.nl"


def test_a_region_writes_only_its_own_and_the_stored_object_decides(
    app_db: AppDatabase, mensen: dict[str, Actor]
) -> None:
    regio, ander = mensen["regio"], mensen["ander"]
    with pytest.raises(ForbiddenError):
        opslag.schrijf(app_db, ander, regio="R01", onderwerp=INDICATOR, tekst="Niet van mij.")
    eigen = opslag.schrijf(
        app_db, regio, regio="R01", onderwerp=INDICATOR, tekst="Van R01.", publiceer=True
    )
    # another region cannot edit, read the history or list the drafts of it by its id
    with pytest.raises(ForbiddenError):
        opslag.bewerk(app_db, ander, eigen.id, tekst="Overgenomen.", publiceer=True)
    with pytest.raises(ForbiddenError):
        opslag.geschiedenis(app_db, ander, eigen.id)
    with pytest.raises(ForbiddenError):
        opslag.van_regio(app_db, ander, "R01")
    # nor hide it, nor may the commission write or hide
    with pytest.raises(ForbiddenError):
        opslag.verberg(app_db, regio, eigen.id, "eigen reden")
    with pytest.raises(ForbiddenError):
        opslag.verberg(app_db, mensen["commissie"], eigen.id, "reden")
    with pytest.raises(ForbiddenError):
        opslag.schrijf(app_db, mensen["commissie"], regio="R01", onderwerp=INDICATOR, tekst="x")
    assert opslag.haal(app_db, eigen.id).tekst == "Van R01."
    assert len(_versies(app_db, eigen.id)) == 1
    # the commission reads the drafts of every region
    assert [t.id for t in opslag.van_regio(app_db, mensen["commissie"], "R01")] == [eigen.id]
    # the terminal has every right but no account to sign with
    with pytest.raises(ForbiddenError, match="account"):
        opslag.schrijf(app_db, BEHEER, regio="R01", onderwerp=INDICATOR, tekst="x")
    # an unknown id
    for actie in (
        lambda: opslag.bewerk(app_db, regio, 999_999, tekst="x"),
        lambda: opslag.verberg(app_db, mensen["landelijk"], 999_999, "reden"),
        lambda: opslag.geschiedenis(app_db, regio, 999_999),
        lambda: opslag.haal(app_db, 999_999),
    ):
        with pytest.raises(NotFoundError):
            actie()


def test_a_school_writes_only_for_its_own_vestiging(
    app_db: AppDatabase, mensen: dict[str, Actor]
) -> None:
    school, regio = mensen["school"], mensen["regio"]
    with pytest.raises(ForbiddenError):  # the region as a whole is not the school's
        opslag.schrijf(app_db, school, regio="R01", onderwerp=INDICATOR, tekst="x")
    with pytest.raises(ForbiddenError):
        opslag.schrijf(
            app_db, school, regio="R01", vestiging="00BB01", onderwerp=INDICATOR, tekst="x"
        )
    eigen = opslag.schrijf(
        app_db,
        school,
        regio="R01",
        vestiging="00AA01",
        onderwerp="sectie:kwetsbaar",
        tekst="Onze kleine groepen.",
        publiceer=True,
    )
    assert eigen.vestiging == "00AA01" and eigen.auteur_rol == "school"
    assert [t.id for t in opslag.van_vestigingen(app_db, school, ["00AA01"])] == [eigen.id]
    with pytest.raises(ForbiddenError):
        opslag.van_vestigingen(app_db, school, ["00BB01"])
    with pytest.raises(ForbiddenError):
        opslag.van_regio(app_db, school, "R01")
    # the region of the vestiging acts on it too; the school not on the region's own
    opslag.bewerk(app_db, regio, eigen.id, tekst="Aangevuld door de regio.", publiceer=True)
    van_regio = opslag.schrijf(app_db, regio, regio="R01", onderwerp=INDICATOR, tekst="R01")
    with pytest.raises(ForbiddenError):
        opslag.bewerk(app_db, school, van_regio.id, tekst="x")
    assert len(opslag.geschiedenis(app_db, school, eigen.id)) == 2
    with pytest.raises(ForbiddenError):
        opslag.geschiedenis(app_db, school, van_regio.id)


def test_the_input_is_checked_in_dutch(app_db: AppDatabase, mensen: dict[str, Actor]) -> None:
    regio = mensen["regio"]

    def schrijf(**velden: object) -> Toelichting:
        standaard: dict[str, object] = {"regio": "R01", "onderwerp": INDICATOR, "tekst": "x"}
        return opslag.schrijf(app_db, regio, **{**standaard, **velden})  # type: ignore[arg-type]

    with pytest.raises(ParameterError, match="te lang: 5001 tekens, hoogstens 5000"):
        schrijf(tekst="a" * (MAX_TEKST + 1))
    assert schrijf(tekst="a" * MAX_TEKST).tekst == "a" * MAX_TEKST
    with pytest.raises(ParameterError, match="leeg"):
        schrijf(tekst=" \n ")
    with pytest.raises(ParameterError, match="Kies"):
        schrijf(onderwerp="bestaat_niet")
    with pytest.raises(ParameterError, match="onderdeel"):
        schrijf(onderwerp="sectie:bestaat-niet")
    with pytest.raises(ParameterError, match="schooljaar"):
        schrijf(schooljaar=1850)
    with pytest.raises(ParameterError, match="regiocode"):
        schrijf(regio="R01/../R02")
    assert schrijf(onderwerp="sectie:groei", schooljaar=None).onderwerp == "sectie:groei"


XSS = (
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik]( javascript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<img src=x onerror=alert(1)>",
    '<a href="https://x.nl" onclick="alert(1)">a</a>',
    "<iframe src=https://x.nl></iframe>",
    "<javascript:alert(1)>",
    '[a](https://x.nl "title" onmouseover=alert(1))',
    "![plaatje](https://x.nl/a.png)",
    "<style>body{display:none}</style>",
)


@pytest.mark.parametrize("tekst", XSS)
def test_script_links_and_raw_html_come_out_inert(tekst: str) -> None:
    uit = str(html(tekst))
    laag = uit.lower()
    assert "<script" not in laag and "<img" not in laag and "<iframe" not in laag
    assert "<style" not in laag
    assert 'href="javascript' not in laag and 'href="data' not in laag
    assert " on" not in _tags(uit), uit
    for tag in _tag_namen(uit):
        assert tag in {"p", "em", "strong", "ul", "ol", "li", "a", "br"}, uit


def _tags(uit: str) -> str:
    """Every tag of the output (text that shows ``<`` is escaped, so never a tag)."""
    return " ".join(re.findall(r"<[^>]*>", uit))


def _tag_namen(uit: str) -> list[str]:
    return [m.lower() for m in re.findall(r"</?([a-zA-Z0-9]+)", uit)]


def test_the_markdown_subset_and_safe_links() -> None:
    uit = str(
        html(
            "Een *schuine* en **vette** tekst,\nop twee regels.\n\n- een\n- twee\n\n1. eerst\n"
            "2. dan\n\n[site](https://sto.nl/a?b=1&c=2) en [mail](mailto:pl@regio.nl) en "
            "[http](http://x.nl)"
        )
    )
    assert "<em>schuine</em>" in uit and "<strong>vette</strong>" in uit
    assert "<br>" in uit and "<ul>" in uit and "<ol>" in uit and uit.count("<p>") == 2
    assert '<a href="https://sto.nl/a?b=1&amp;c=2" rel="noopener nofollow ugc">site</a>' in uit
    assert 'href="mailto:pl@regio.nl"' in uit and 'href="http://x.nl"' in uit
    assert uit.count('rel="noopener nofollow ugc"') == 3
    # headings, quotes, code and relative links are not part of the subset: plain text
    anders = str(html("# Kop\n\n> citaat\n\n`code` [pad](/beheer/audit)"))
    assert "<h1" not in anders and "<blockquote" not in anders and "<code" not in anders
    assert "<a" not in anders and "# Kop" in anders


def test_signed_with_the_role_and_a_dutch_date_never_a_name(
    app_db: AppDatabase, mensen: dict[str, Actor]
) -> None:
    t = opslag.schrijf(
        app_db, mensen["regio"], regio="R01", onderwerp=INDICATOR, tekst="x", publiceer=True
    )
    zin = ondertekening(t)
    assert zin.startswith("Toelichting van de regio, ") and "Regio" not in zin
    assert "@" not in zin and mensen["regio"].naam not in zin
    maand = zin.rsplit(",", 1)[1].split()[1]
    assert maand in {"januari", "februari", "maart", "april", "mei", "juni", "juli"} | {
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    }
    s = opslag.schrijf(
        app_db,
        mensen["school"],
        regio="R01",
        vestiging="00AA01",
        onderwerp=INDICATOR,
        tekst="x",
        publiceer=True,
    )
    assert ondertekening(s, {"00AA01": "Het College"}).startswith(
        "Toelichting van de school (Het College), "
    )


def test_subjects_place_every_toelichting() -> None:
    assert onderwerpen.regiopagina_sectie(INDICATOR) == "kerncijfers"
    assert onderwerpen.regiopagina_sectie("sectie:groei") == "groeicluster"
    assert onderwerpen.regiopagina_sectie("doorstroom") == onderwerpen.OVERIG
    assert onderwerpen.titel(INDICATOR, 2024).endswith(", 2024/2025")
    assert all(onderwerpen.controleer(code, None) for code, _ in onderwerpen.keuzes())


class _Snap:
    """Stands in for a snapshot: only its cache is used."""

    def __init__(self) -> None:
        self.cache: dict[str, object] = {}


def test_a_change_drops_the_cached_pages_of_that_region_only(
    app_db: AppDatabase, mensen: dict[str, Actor]
) -> None:
    snap = _Snap()
    verversen.onthoud(snap)  # type: ignore[arg-type]
    sleutels = [
        "/regio/R01?",
        "/regio/R01/regioportret.pdf?",
        "/regio/R01?definitie=x",
        "/regio/R01/alles.xlsx?",
        "/regio/R010?",
        "/regio/R02?",
        "/regios?",
    ]
    snap.cache.update(dict.fromkeys(sleutels, b"oud"))
    bewaker = verversen.Bewaker(app_db, interval=60)
    bewaker.start()
    try:
        assert bewaker.controleer() == set()
        opslag.schrijf(app_db, mensen["regio"], regio="R01", onderwerp=INDICATOR, tekst="x")
        assert bewaker.controleer() == {"R01"}
    finally:
        bewaker.stop()
    assert sorted(snap.cache) == sorted(
        ["/regio/R01/alles.xlsx?", "/regio/R010?", "/regio/R02?", "/regios?"]
    )
    generatie = verversen.generatie()
    assert verversen.vergeet("R02") == 1 and verversen.generatie() > generatie


def test_a_report_finds_the_database_beside_its_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STO_APP_DB", raising=False)
    warehouse = tmp_path / "w.duckdb"
    assert opslag.database_van(warehouse) is None  # nobody wrote: no file is made
    assert opslag.gepubliceerd_bij(warehouse, "R01") == []
    assert not (tmp_path / "w-app.sqlite").exists()
    db = AppDatabase.van_url(f"sqlite:///{tmp_path / 'w-app.sqlite'}")
    try:
        actor = _account(db, "regio", Rol.REGIO, regios=("R01",))
        opslag.schrijf(db, actor, regio="R01", onderwerp=INDICATOR, tekst="x", publiceer=True)
        assert [t.regio for t in opslag.gepubliceerd_bij(warehouse, "R01")] == ["R01"]
    finally:
        db.sluit()
