"""The server's access log without secrets.

A reset link and a survey invitation carry their token in the path, the OIDC callback its
one-time code in the query, and uvicorn logs every path. ``log_config()`` is uvicorn's own
logging configuration plus :class:`ZonderGeheimen`, which replaces such a token by ``***``
before the line is written.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

GEHEIME_PADEN = re.compile(
    r"(/wachtwoord/herstel/|/enquete/(?!resultaten\b|beheer\b))[A-Za-z0-9_\-]+"
)
# The OIDC callback's one-time code and state arrive in the query string.
GEHEIME_PARAMETERS = re.compile(r"([?&](?:code|state)=)[^&\s\"]+")


def zonder_geheimen(tekst: str) -> str:
    return GEHEIME_PARAMETERS.sub(r"\1***", GEHEIME_PADEN.sub(r"\1***", tekst))


class ZonderGeheimen(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                zonder_geheimen(a) if isinstance(a, str) else a for a in record.args
            )
        record.msg = zonder_geheimen(str(record.msg))
        return True


def log_config() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["zonder_geheimen"] = {"()": ZonderGeheimen}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("zonder_geheimen")
    return config
