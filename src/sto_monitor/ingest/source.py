"""What a file is, before we know its layout: size, encoding, delimiter, header, hash.

Nothing here loads data. The whole file is read once, in chunks, to compute its sha256 and to
count its UTF-8 (DUO's older files are latin-1 with only a few accented names deep inside, so
the first kilobytes do not tell).

Encoding is decided for the whole file, never per line (see :func:`decide_encoding`): UTF-8
when every byte is valid UTF-8; latin-1 only when the file is not UTF-8 at all; a file that is
mostly UTF-8 with some invalid bytes is refused, naming the first bad byte. Zip containers
(xlsx, zipped GeoJSON) are checked before anything opens a member: a damaged zip, unsafe member
names, too many members or too much uncompressed data are refused with their own message.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sto_monitor.errors import Problem, SourceFileError

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 4 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t", "|")

# Limits for zip containers (xlsx, zipped GeoJSON), checked on the zip's directory before any
# member is opened, and again while a member is read (a header may lie about its size). Our
# largest real container unpacks to about 20 MB (CBS PC4 2023) and has 13 members; these
# limits leave ample room and stop a zip bomb long before memory runs out.
MAX_ZIP_UNPACKED = 200_000_000  # bytes
MAX_ZIP_MEMBERS = 1000

# With the "surrogateescape" error handler every byte that is not valid UTF-8 decodes to one
# lone surrogate U+DC80..U+DCFF; every other non-ASCII character is a valid multi-byte sequence.
_INVALID = re.compile("[\udc80-\udcff]")
_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")


class Utf8Census:
    """Counts, over bytes fed in chunks, valid UTF-8 multi-byte sequences and invalid bytes."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._fed = 0
        self.multibyte = 0
        self.invalid = 0
        self.first_invalid: int | None = None  # byte offset in the whole input

    def feed(self, chunk: bytes, final: bool = False) -> None:
        consumed = self._fed - len(self._decoder.getstate()[0])  # bytes already decoded
        self._fed += len(chunk)
        text = self._decoder.decode(chunk, final)
        if text.isascii():
            return
        self.multibyte += len(_MULTIBYTE.findall(text))
        self.invalid += len(_INVALID.findall(text))
        first = _INVALID.search(text) if self.first_invalid is None else None
        if first is not None:
            before = text[: first.start()].encode("utf-8", "surrogateescape")
            self.first_invalid = consumed + len(before)

    def encoding(self) -> str | None:
        """The file's encoding, or None for a file that is UTF-8 with damage.

        The rule, for the whole file: no invalid byte -> ``utf-8``. Invalid bytes that outnumber
        the valid multi-byte sequences -> ``latin-1``: in latin-1 text every accented letter is
        an invalid byte and a valid UTF-8 pair (such as "Ã©") practically never occurs, so a
        latin-1 file has (almost) no valid sequences. Otherwise the file is mostly UTF-8 and its
        invalid bytes are damage; reading it as latin-1 would garble every accented name, so it
        is refused.
        """
        if self.invalid == 0:
            return "utf-8"
        if self.invalid > self.multibyte:
            return "latin-1"
        return None


def _line_and_column(data: bytes | Path, offset: int) -> tuple[int, int]:
    """1-based line number and 1-based byte position within that line of byte ``offset``."""
    if isinstance(data, Path):
        with data.open("rb") as handle:
            data = handle.read(offset)  # only in the error path: a prefix of the file
    prefix = data[:offset]
    return prefix.count(b"\n") + 1, offset - (prefix.rfind(b"\n") + 1) + 1


def mixed_encoding_error(
    path: Path, census: Utf8Census, data: bytes | Path, name: str | None = None
) -> SourceFileError:
    """The refusal of a file (or a zip member ``name``) that is UTF-8 with invalid bytes."""
    offset = census.first_invalid or 0
    line, column = _line_and_column(data, offset)
    if isinstance(data, Path):
        with data.open("rb") as handle:
            handle.seek(offset)
            byte = handle.read(1)
    else:
        byte = data[offset : offset + 1]
    inside = f" in {name}" if name else ""
    message = (
        f"ongeldige UTF-8-byte 0x{byte.hex().upper()}{inside} op positie {column} (byte) van de "
        f"regel; het bestand is verder UTF-8 ({census.multibyte} geldige UTF-8-tekens, "
        f"{census.invalid} ongeldige byte(s)), dus beschadigd of uit twee coderingen "
        "samengesteld; sla het geheel op als UTF-8"
    )
    problem = Problem(path.name, message, line=line, code="codering-gemengd")
    return SourceFileError(path, [problem])


def decide_encoding(path: Path, data: bytes, name: str | None = None) -> str:
    """The encoding of ``data`` (e.g. a zip member) by the rule of :meth:`Utf8Census.encoding`."""
    census = Utf8Census()
    census.feed(data, final=True)
    encoding = census.encoding()
    if encoding is None:
        raise mixed_encoding_error(path, census, data, name)
    return encoding


def unsafe_member_name(name: str, *, folders: bool) -> bool:
    """A zip member name that is absolute, climbs with '..', or (unless ``folders``) has a
    path separator. Nothing is ever extracted to disk, but such a name is never an honest one.
    """
    if "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return True
    if ".." in name.split("/"):
        return True
    # macOS Finder adds __MACOSX/ metadata to every zip it makes; it is ignored, not refused
    return not folders and "/" in name.rstrip("/") and not name.startswith("__MACOSX/")


def normalise_header(name: str) -> str:
    """Header names compare without case, surrounding quotes/space, or doubled spaces."""
    return " ".join(name.strip().strip('"').strip().upper().split())


@dataclass
class SourceFile:
    path: Path
    head: bytes = field(repr=False)
    size: int

    @classmethod
    def open(cls, path: Path) -> SourceFile:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        return cls(path=path, head=head, size=path.stat().st_size)

    @property
    def name(self) -> str:
        return self.path.name

    # --- whole-file facts (one pass) -------------------------------------------------------
    @cached_property
    def _scan(self) -> tuple[str, Utf8Census]:
        digest = hashlib.sha256()
        census = Utf8Census()
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                census.feed(chunk)
        census.feed(b"", final=True)
        return digest.hexdigest(), census

    @property
    def sha256(self) -> str:
        return self._scan[0]

    @cached_property
    def encoding(self) -> str:
        """``utf-8`` or ``latin-1`` (DUO's two encodings), decided for the whole file.

        Raises :class:`SourceFileError` (code ``codering-gemengd``) for a file that is UTF-8
        with invalid bytes, naming the line and byte position of the first one.
        """
        census = self._scan[1]
        encoding = census.encoding()
        if encoding is None:
            raise mixed_encoding_error(self.path, census, self.path)
        return encoding

    @property
    def codering(self) -> str | None:
        """What ``bron.codering`` records: the text encoding; None for a zip container."""
        return None if self.is_zip else self.encoding

    # --- facts from the first bytes ------------------------------------------------------
    @property
    def has_bom(self) -> bool:
        return self.head.startswith(UTF8_BOM)

    @property
    def is_zip(self) -> bool:
        return self.head.startswith(b"PK\x03\x04")

    @cached_property
    def zip_names(self) -> list[str]:
        if not self.is_zip:
            return []
        try:
            with zipfile.ZipFile(self.path) as archive:
                return archive.namelist()
        except zipfile.BadZipFile:
            return []

    @property
    def is_xlsx(self) -> bool:
        return any(n.startswith("xl/") for n in self.zip_names)

    @cached_property
    def container_problem(self) -> Problem | None:
        """What makes this zip unsafe or unreadable, judged on its directory alone."""
        if not self.is_zip:
            return None

        def problem(message: str, code: str) -> Problem:
            return Problem(self.name, message, code=code)

        try:
            with zipfile.ZipFile(self.path) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            return problem(f"geen geldig zip-bestand (beschadigd: {exc})", "zip-onleesbaar")
        if len(members) > MAX_ZIP_MEMBERS:
            return problem(
                f"zip bevat {len(members)} bestanden, meer dan de grens van "
                f"{MAX_ZIP_MEMBERS} (een zip-bom?)",
                "zip-te-groot",
            )
        xlsx = any(m.filename.startswith("xl/") for m in members)
        for member in members:
            if unsafe_member_name(member.filename, folders=xlsx):
                return problem(
                    f"zip bevat een bestand met een onveilige naam {member.filename!r} "
                    "(een map, '..' of een absoluut pad); verwacht alleen bestandsnamen",
                    "zip-onveilig",
                )
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_ZIP_UNPACKED:
            return problem(
                f"zip pakt uit tot {unpacked / 1e6:.0f} MB, meer dan de grens van "
                f"{MAX_ZIP_UNPACKED / 1e6:.0f} MB (een zip-bom?)",
                "zip-te-groot",
            )
        return None

    @property
    def is_empty(self) -> bool:
        return self.size == 0 or not self.head.strip(UTF8_BOM + b" \t\r\n")

    @cached_property
    def head_text(self) -> str:
        """The first bytes as text; a multi-byte character cut off at the end is dropped."""
        body = self.head[len(UTF8_BOM) :] if self.has_bom else self.head
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start >= len(body) - 3:
                return body[: exc.start].decode("utf-8")
            return body.decode("latin-1")

    @property
    def looks_like_html(self) -> bool:
        start = self.head_text.lstrip().lower()
        return start.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body"))

    @property
    def looks_like_json(self) -> bool:
        return self.head_text.lstrip().startswith(("{", "["))

    @property
    def is_binary(self) -> bool:
        return b"\x00" in self.head

    @cached_property
    def first_line(self) -> str:
        return self.head_text.splitlines()[0] if self.head_text else ""

    @property
    def newline(self) -> str:
        end = self.head.find(b"\n")
        return "\r\n" if end > 0 and self.head[end - 1 : end] == b"\r" else "\n"

    @cached_property
    def delimiter(self) -> str:
        """The delimiter that splits the header line into the most fields."""
        counts = {d: self.first_line.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] > 0 else ";"

    @cached_property
    def header(self) -> list[str]:
        """Header fields exactly as written (quotes removed)."""
        if not self.first_line:
            return []
        reader = csv.reader(io.StringIO(self.first_line), delimiter=self.delimiter)
        return [field.strip() for field in next(reader, [])]

    @cached_property
    def normalised_header(self) -> list[str]:
        return [normalise_header(h) for h in self.header]

    @property
    def has_data_lines(self) -> bool:
        """True when anything but whitespace follows the header line."""
        lines = self.head_text.splitlines()
        if len(lines) > 1 and any(line.strip() for line in lines[1:]):
            return True
        return self.size > len(self.head)  # a header longer than the head is not our case
