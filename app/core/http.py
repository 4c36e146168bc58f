"""Request-level safety shared by every route: redirect targets, bounded ids, and query values."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, abort, request, url_for
from werkzeug.routing import IntegerConverter

# The largest id the database holds: the primary keys are INTEGER (PostgreSQL casts a bound id to INTEGER and
# refuses anything larger). Ids above it cannot name a record: they are not found, never an error.
MAX_ID = 2**31 - 1
# Query values that are numbers, with the range each may take; any other all-digit value stays below MAX_ID.
QUERY_NUMBERS = {"page": (1, 100_000), "year": (1900, 2200), "month": (1, 12), "quarter": (1, 4),
                 "period": (0, 12), "v": (1, 100_000), "a": (1, 100_000), "b": (1, 100_000)}
# Free text a user types in a search box: digits there are text (a NIP), not numbers.
QUERY_TEXT = {"q", "next", "name"}
_INTEGER = re.compile(r"[+-]?\d+")


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the home page.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so ``/\\tevil`` and
    ``/\\evil`` lead to ``//evil``, another host. The target is judged as the browser would read it.
    """
    home = url_for("home.index")
    if not target:
        return home
    normalised = re.sub(r"[\x00-\x20\x7f]", "", target).replace("\\", "/")
    if not normalised.startswith("/") or normalised.startswith("//"):
        return home
    parts = urlsplit(normalised)
    if parts.scheme or parts.netloc or target != target.strip() or normalised != target.replace("\\", "/"):
        return home
    return target


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: a positive id the database can hold (up to ``MAX_ID``); anything else is not
    found."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def query_problem() -> str | None:
    """Why the query string cannot be served (a message), or None."""
    from flask_babel import gettext as _

    from app.core.text import problem

    for name, value in request.args.items(multi=True):
        if problem(value, multiline=False) is not None:
            return _("The address contains an invisible or control character. Open the page from Kinerja's menu.")
        if name in QUERY_TEXT or not _INTEGER.fullmatch(value.strip()):
            continue
        number = int(value)
        if name not in QUERY_NUMBERS:
            if abs(number) > MAX_ID:
                abort(404)  # an id no record can have, as in a URL path
            continue
        low, high = QUERY_NUMBERS[name]
        if not low <= number <= high:
            return _("The value %(value)s of %(name)s in the address is out of range.", value=value[:20], name=name)
    return None


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def refuse_bad_query():
        message = query_problem()
        if message is not None:
            abort(422, message)
