"""The exception tree of STO Monitor.

Every error a user can cause is a :class:`StoError`. Messages are built from fields, in Dutch,
and are translated to an exit code in exactly one place (``cli/gedeeld.py``) and, later, to an HTTP
status in one web error handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    SOURCE_FILE = 3
    CONFIG = 4
    DOWNLOAD = 5
    WAREHOUSE = 6
    INDICATOR = 7
    DISCLOSURE = 8
    ACCESS = 9


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, pointing at the spot."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    code: str = "ongeldig"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", regel {self.line}"
        if self.column:
            where += f", kolom '{self.column}'"
        shown = f" (waarde: {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.message}{shown}"


class StoError(Exception):
    exit_code: ExitCode = ExitCode.UNEXPECTED


class ConfigError(StoError):
    exit_code = ExitCode.CONFIG


class WarehouseError(StoError):
    exit_code = ExitCode.WAREHOUSE


class DownloadError(StoError):
    exit_code = ExitCode.DOWNLOAD


class IndicatorError(StoError):
    """An indicator that cannot be found, computed or published (message in Dutch)."""

    exit_code = ExitCode.INDICATOR


class DisclosureError(StoError):
    """A publication from which an afgeschermd cell can be derived: nothing is published."""

    exit_code = ExitCode.DISCLOSURE


class NotReadyError(StoError):
    """Something the server is still preparing, such as the figures under a definition asked
    for the first time: ask again in a few seconds."""

    exit_code = ExitCode.WAREHOUSE
    retry_after = 3  # seconds


class NotFoundError(StoError):
    """Something asked for by name that does not exist: a regio, indicator or schooljaar."""

    exit_code = ExitCode.USAGE


class ParameterError(StoError):
    """A request parameter that is not valid (web and API), named in the message."""

    exit_code = ExitCode.USAGE


class AppDatabaseError(StoError):
    """The application database cannot be reached or is not at the code's migration."""

    exit_code = ExitCode.WAREHOUSE


class NotSignedInError(StoError):
    """A page or write that needs a signed-in person, asked for without a valid session."""

    exit_code = ExitCode.ACCESS


class ForbiddenError(StoError):
    """Signed in, but the policy (accounts/beleid.py) refuses this role or this object."""

    exit_code = ExitCode.ACCESS


class SourceFileError(StoError):
    """A file that cannot be loaded. Carries every problem found, not just the first."""

    exit_code = ExitCode.SOURCE_FILE

    def __init__(self, path: Path | str, problems: list[Problem], total: int | None = None):
        self.path = Path(path)
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        if self.total == 1:
            return str(self.problems[0])
        shown = "\n".join(f"  {p}" for p in self.problems)
        more = self.total - len(self.problems)
        tail = f"\n  … en nog {more} problemen" if more > 0 else ""
        return f"{self.path.name}: {self.total} problemen, bestand niet geladen:\n{shown}{tail}"

    @classmethod
    def single(
        cls,
        path: Path | str,
        message: str,
        *,
        code: str = "ongeldig",
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> SourceFileError:
        problem = Problem(Path(path).name, message, line, column, value, code)
        return cls(path, [problem])
