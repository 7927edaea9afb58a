"""What a file is, before we know its layout: size, encoding, delimiter, header, hash.

Nothing here loads data. The whole file is read once, in chunks, to compute its sha256 and to
find out whether it is valid UTF-8 (DUO's older files are latin-1 with only a few accented
names deep inside, so the first kilobytes do not tell).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 4 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t", "|")


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
    def _scan(self) -> tuple[str, bool]:
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        return digest.hexdigest(), utf8

    @property
    def sha256(self) -> str:
        return self._scan[0]

    @property
    def encoding(self) -> str:
        """``utf-8`` or ``latin-1`` (DUO's two encodings; latin-1 decodes any byte)."""
        return "utf-8" if self._scan[1] else "latin-1"

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
