"""Which files the kennisbank accepts, recognised from their own bytes, and their names.

Never from the browser's content type or the file name: a PDF starts with ``%PDF-``, a PNG and
a JPEG with their signatures, Word/Excel/PowerPoint are zips whose ``[Content_Types].xml`` names
the main part of a document, spreadsheet or presentation (a macro-enabled main part is none of
these), OpenDocument files are zips whose first entry ``mimetype`` says which, and plain text
is valid UTF-8 without control characters. Only the two small entries that tell the type are
read from a zip, so a zip bomb stays unpacked. The name a person gave is kept sanitised
(:func:`schone_naam`), always ending in the recognised type's extension.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from sto_monitor.errors import ParameterError

MAX_NAAM = 120


@dataclass(frozen=True)
class Type:
    """A type of file the kennisbank accepts: its media type, extension and Dutch name."""

    media_type: str
    extensie: str
    naam: str


TYPEN: dict[str, Type] = {
    "pdf": Type("application/pdf", "pdf", "PDF"),
    "png": Type("image/png", "png", "PNG-afbeelding"),
    "jpeg": Type("image/jpeg", "jpg", "JPEG-foto"),
    "docx": Type(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word-document",
    ),
    "xlsx": Type(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        "Excel-werkblad",
    ),
    "pptx": Type(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        "PowerPoint-presentatie",
    ),
    "odt": Type("application/vnd.oasis.opendocument.text", "odt", "OpenDocument-tekst"),
    "ods": Type("application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument-werkblad"),
    "odp": Type(
        "application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument-presentatie"
    ),
    "tekst": Type("text/plain; charset=utf-8", "txt", "tekstbestand"),
}
# Extensions a plain text file may keep (anything else becomes .txt).
TEKST_EXTENSIES = ("txt", "csv", "md")
# The main part of an Office Open XML package, by type.
_OOXML = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
_ODF = {TYPEN[t].media_type: t for t in ("odt", "ods", "odp")}
_MAX_DEEL = 1_000_000  # the zip entries read to recognise a package (a zip bomb stays unread)
_STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
TOEGESTAAN = "PDF, PNG, JPEG, Word, Excel, PowerPoint, OpenDocument of platte tekst"


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            namen = {i.filename: i for i in z.infolist()}
            mimetype = namen.get("mimetype")
            if mimetype is not None and mimetype.file_size <= 200:
                return _ODF.get(z.read(mimetype).decode("ascii", errors="replace").strip())
            typen = namen.get("[Content_Types].xml")
            if typen is None or typen.file_size > _MAX_DEEL:
                return None
            inhoud = z.read(typen).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
        return None
    gevonden = set(re.findall(r'ContentType="([^"]+)"', inhoud))
    return next((t for t, main in _OOXML.items() if main in gevonden), None)


def _is_tekst(data: bytes) -> bool:
    try:
        tekst = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _STUURTEKENS.search(tekst)


def herken(data: bytes) -> str:
    """The type (a key of :data:`TYPEN`) of ``data`` by its own bytes, or ParameterError."""
    if not data:
        raise ParameterError(
            "Er is geen bestand meegestuurd, of het is leeg. Kies een bestand met inhoud."
        )
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        soort = _zip_type(data)
        if soort is not None:
            return soort
    elif _is_tekst(data):
        return "tekst"
    raise ParameterError(f"Dit soort bestand kan niet: kies {TOEGESTAAN}.")


def schone_naam(naam: str, soort: str) -> str:
    """The uploaded name without a path, odd characters or a misleading extension: letters,
    digits, spaces and ``._-()``, ending in the recognised type's extension."""
    naam = unicodedata.normalize("NFKC", naam).replace("\\", "/").rsplit("/", 1)[-1]
    naam = re.sub(r"[^\w .()-]+", "_", naam, flags=re.UNICODE)
    naam = " ".join(naam.split()).strip(" ._-")
    stam, punt, extensie = naam.rpartition(".")
    if not punt:
        stam, extensie = naam, ""
    extensie = extensie.lower()
    bekend: tuple[str, ...] = (TYPEN[soort].extensie,)
    if soort == "tekst":
        bekend = TEKST_EXTENSIES
    elif soort == "jpeg":
        bekend = ("jpg", "jpeg")
    if extensie not in bekend:
        stam, extensie = naam, TYPEN[soort].extensie
    stam = stam.strip(" ._-")[:MAX_NAAM] or "bestand"
    return f"{stam}.{extensie}"
