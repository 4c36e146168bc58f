"""Hostile ids and query values in URLs (issue 11, items 3 and 8): every route with an id gets ids beyond a
database integer, 0 and -1 (404, never a 500), and every page gets hostile ``page``, ``year``, ``month`` and
``q`` values (the page, a clear refusal or a redirect; never a 500). The forms: ``tests/test_hostile_generated.py``.
"""

from __future__ import annotations

import re
import traceback

import pytest

from app.extensions import db, login_manager
from tests.conftest import rolled_back
from tests.hostile_site import login
from tests.samples import States, rules, states

pytestmark = pytest.mark.own_transaction  # the module's records are built once, in their own rolled-back transaction


@pytest.fixture(scope="module")
def site(app):
    login_manager.session_protection = "basic"  # as tests/conftest.py's _transaction, which runs after this
    with rolled_back(app):
        found = states()
        db.session.commit()
        yield found


HOSTILE_IDS = {"2^31": 2**31, "2^63": 2**63, "2^64": 2**64, "20 digits": 10**20 - 1, "0": 0, "-1": -1}
NUMBER_VALUES = {"30 digits": "9" * 30, "-1": "-1", "0": "0", "99999": "99999", "nul": "a\x00b",
                 "bidi": "\u202eabc"}
# A search box: digits are text there (a NIP), so the interesting values are the others.
SEARCH_VALUES = {"30 digits": "9" * 30, "nul": "a\x00b", "bidi": "\u202eabc", "like": "100%_'\\",
                 "script": "<script>alert(1)</script>"}
QUERY_VALUES = {"page": NUMBER_VALUES, "year": NUMBER_VALUES, "month": NUMBER_VALUES, "q": SEARCH_VALUES}
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


def _url_with(app, site: States, rule, hostile: dict) -> str:
    """The rule's URL with the site's records, and ``hostile`` values where named."""
    view = app.view_functions[rule.endpoint]
    loaders = getattr(view, "access_loaders", {})

    def value(match):
        name = match.group(2)
        if name in hostile:
            return str(hostile[name])
        if name in loaders:
            model = loaders[name]
            return str(site.ids[model][0])
        return str(site.extra[name])

    return _ARGUMENT.sub(value, rule.rule)


def _answer(client, method: str, url: str, **kwargs):
    try:
        return client.open(url, method=method, **kwargs).status_code
    except Exception as error:  # re-raised from the view: a 500
        db.session.rollback()
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"500 ({type(error).__name__}: {str(error)[:120]} at {where.filename.split('/work/main/')[-1]}:{where.lineno})"
    finally:
        db.session.expunge_all()


def test_ids_no_record_can_have_are_not_found(app, site, client):
    """Every id in every URL, beyond a database integer, 0 or negative: 404 on every method (or 405 when the
    path is taken by another method's route), never a 500."""
    login(client, site.users["admin"])
    wrong, sent = [], 0
    for rule in rules(app):
        ids = [m.group(2) for m in _ARGUMENT.finditer(rule.rule) if m.group(1) == "int"]
        for name in ids:
            for label, number in HOSTILE_IDS.items():
                url = _url_with(app, site, rule, {name: number})
                for method in sorted(rule.methods & {"GET", "POST"}):
                    status = _answer(client, method, url)
                    sent += 1
                    if status not in (404, 405):  # 405: the path is another rule's (a GET), the id still unknown
                        wrong.append(f"{method} {url} ({rule.endpoint}, {name}={label}): {status}")
    print(f"\nids: {sent} requests")
    assert sent > 300
    assert wrong == [], "\n".join(wrong)


def test_hostile_query_values_never_give_a_500(app, site, client):
    """``page``, ``year`` and ``month`` with 30 digits, -1, 0, 99999, a NUL or a bidi override, and ``q`` with
    30 digits, a NUL, a bidi override, LIKE and SQL characters or markup, on every page: the page (the value
    ignored or harmless), a clear refusal (422, 404, 400) or a redirect."""
    login(client, site.users["admin"])
    wrong, sent = [], 0
    for rule in rules(app):
        if "GET" not in rule.methods:
            continue
        url = _url_with(app, site, rule, {})
        for name, values in QUERY_VALUES.items():
            for label, value in values.items():
                status = _answer(client, "GET", url, query_string={name: value})
                sent += 1
                if status not in (200, 302, 303, 400, 404, 409, 422):
                    wrong.append(f"GET {url}?{name}={label} ({rule.endpoint}): {status}")
    print(f"\nquery values: {sent} requests")
    assert wrong == [], "\n".join(wrong)
