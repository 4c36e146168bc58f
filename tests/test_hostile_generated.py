"""Hostile input everywhere, generated from the pages themselves (issue 11, item 8).

Every POST form the app shows (found by opening every page with records in every state, as the admin and then
as the users who see the rest, ``tests/hostile_site.py``) is sent as a user would fill it, then once for each
field and each hostile value: control characters, bidi and
zero-width characters, 10,000 characters, 1e308, NaN, -0, huge integers, markup, template syntax, SQL. Each
submission runs in a savepoint rolled back afterwards, so forms do not affect each other. For each answer:

* never a 500;
* refused (4xx): the database is exactly as before (every row of every table);
* accepted (2xx, 3xx) with a value typed in a text, number or date field: the value is stored as sent (after
  the form's strip), in a row the submission wrote.

Fields that repeat (``m1``…``m12``, ``criteria-0-name``…) get each value alone in the first of them and all
together in the others, so every field sees every value at a fraction of the requests.

Ids and query values in URLs: ``tests/test_hostile_urls.py``.

Forms no test user can reach are listed in ``UNREACHABLE`` with the reason; the list may only shrink.
"""

from __future__ import annotations

import io
import re
import time
import traceback
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

import pytest
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from app import AREAS
from app.extensions import db, limiter, login_manager
from tests.conftest import rolled_back
from tests.hostile_site import Site, answer_forms, baseline, login, page_urls, walk
from tests.samples import rules, states

pytestmark = pytest.mark.own_transaction  # the module's world is built once, in its own rolled-back transaction

PAYLOADS = {
    "empty": "",
    "spaces": "   ",
    "nul": "a\x00b",
    "control": "a\x07b\x1bc\x7fd\x85e\x9bf",  # C0 (BEL, ESC), DEL, C1 (NEL, CSI)
    "newline": "Baris satu\r\n\tBaris dua",
    "bidi": "abc\u202edcba \u2066x\u2069",  # right-to-left override, an isolate
    "zero_width": "a\u200bb\u200dc\ufeffd",  # zero-width space and joiner, byte-order mark
    "long": "A" * 10_000,
    "1e308": "1e308",
    "nan": "NaN",
    "inf": "-Infinity",
    "-0": "-0",
    "-1": "-1",
    "fraction": "1.123456789",
    "2^31": "2147483648",
    "2^63": "9223372036854775808",
    "30digits": "9" * 30,
    "script": "<script>alert(1)</script>",
    "template": "{{7*7}} {% raw %}x{% endraw %}",
    "sql": "x'; DROP TABLE units; -- 100% _x_ \\",
    "unicode": "Ñandú – 東京 😀",
    "date_max": "9999-12-31",
    "date_min": "0001-01-01",
    "bad_day": "2018-02-30",
}
DATES = ("date_max", "date_min", "bad_day")
TEXT = tuple(name for name in PAYLOADS if name not in DATES)  # what a user can type anywhere
# Values sent to fields whose value the page chooses (selects, checkboxes, hidden values) and to dates.
CHOICE = ("empty", "nul", "bidi", "long", "-1", "-0", "2^31", "2^63", "30digits", "1e308", "nan", "script", "sql")
DATE = ("empty", "nul", "bidi", "long", "30digits", "-0", *DATES, "script", "unicode")
FILE_NAME = ("empty", "nul", "control", "bidi", "zero_width", "long", "script", "sql", "unicode")
PASSWORD = ("empty", "nul", "bidi", "long", "unicode")  # a password is only ever hashed (and hashing is slow)
PAYLOADS_BY_KIND = {"password": PASSWORD, "select": CHOICE, "checkbox": CHOICE, "radio": CHOICE, "hidden": CHOICE,
                    "button": CHOICE, "date": DATE, "month": DATE, "file": FILE_NAME}
TYPED = {"text", "textarea", "email", "number", "date", "month", "url", "tel"}  # what a user types: kept as typed

# POST endpoints no test user is shown a form for, and why. Reaching one removes it from here.
UNREACHABLE: dict[str, str] = {}

# Fields whose value is used, not stored: an accepted submission does not keep it (endpoint -> fields).
NOT_STORED = {
    "accounts.login": {"identifier"},  # who logs in
    # The change's reason and date are history: kept only when the unit, position or pangkat changes.
    "org.person_edit": {"valid_from", "history_note"},
    # The name and position of an outside PIHAK KEDUA are kept only when no official is chosen (the page
    # chooses one).
    "agreements.new": {"second_party_name", "second_party_position"},
    "agreements.header": {"second_party_name", "second_party_position"},
    # The note goes with a value sent back; the page's first button accepts.
    "monitoring.realisation_verify": {"note"},
}
# Fields stored in a normal form (endpoint -> field -> how): a username is kept in lower case; the criteria of
# the non-ASN rules are one per line, each line stored as a criterion of its own.
NORMALISED = {"accounts.user_new": {"username": str.lower},
              "workers.rules_new": {"criteria": lambda typed: typed.strip().splitlines()[0].strip()}}
# What a refused submission may still write (endpoint -> table -> columns): a failed login is counted.
REFUSAL_WRITES = {"accounts.login": {"users": {"failed_logins", "locked_until", "last_failed_at"}}}

REFUSED = {400, 403, 404, 405, 409, 413, 422, 429}
HX = {"HX-Request": "true"}


# -- the site, walked once per module ------------------------------------------------------------------------

def _fast_hashes(monkeypatch) -> None:
    """Hundreds of logins and password changes: hash with one round instead of scrypt (what is tested here
    is the input, not the hash)."""
    from werkzeug.security import generate_password_hash

    from app.accounts import models, services

    def fast(password, method="pbkdf2:sha256:1", salt_length=16):
        return generate_password_hash(password, method="pbkdf2:sha256:1", salt_length=salt_length)

    monkeypatch.setattr(models, "generate_password_hash", fast)
    if isinstance(getattr(services, "_DUMMY_HASH", None), list):  # the hash unknown users are checked against
        monkeypatch.setattr(services, "_DUMMY_HASH", [fast("unknown")])


@pytest.fixture(scope="module")
def site(app):
    login_manager.session_protection = "basic"  # as tests/conftest.py's _transaction, which runs after this
    with rolled_back(app), pytest.MonkeyPatch.context() as monkeypatch:
        _fast_hashes(monkeypatch)
        found = Site(**vars(states()))
        client = app.test_client()
        started, cpu = time.perf_counter(), time.process_time()
        walk(app, client, found, page_urls(app, found), _post_endpoints(app) - set(UNREACHABLE))
        answer_forms(app, client, found)
        db.session.commit()
        print(f"\nhostile suite: {found.opened} pages opened, {len(found.forms)} forms found "
              f"in {time.perf_counter() - started:.1f}s ({time.process_time() - cpu:.1f}s CPU)")
        yield found


def _post_endpoints(app) -> set[str]:
    return {r.endpoint for r in rules(app) if "POST" in r.methods}


def test_every_page_opens_without_an_error(site):
    """Walking the site (every page with every record state, as every user it takes to find the forms)."""
    assert site.errors == []


def test_every_post_endpoint_has_a_form_or_a_reason(app, site):
    """A form nobody can reach is untested: each such endpoint is listed with why, and the list only shrinks."""
    missing = _post_endpoints(app) - set(site.forms)
    assert sorted(missing - set(UNREACHABLE)) == [], "new POST endpoints without a reachable form"
    assert sorted(set(UNREACHABLE) - missing) == [], "reachable now: remove from UNREACHABLE"


# -- the database before and after --------------------------------------------------------------------------

def _snapshot(names=None) -> dict:
    """Every row of every table (or of the tables named), in primary-key order."""
    tables = {}
    for table in db.metadata.sorted_tables:
        if names is None or table.name in names:
            tables[table.name] = db.session.execute(table.select().order_by(*table.primary_key.columns)).all()
    return tables


class _Before(dict):
    """The rows of each table before any submission, read when first needed: every submission starts from the
    same database (each is rolled back), so one reading serves them all."""

    def __init__(self, site: Site):
        super().__init__()
        self.cache = site.before

    def __missing__(self, name):
        if name not in self.cache:
            self.cache.update(_snapshot({name}))
        return self.cache[name]


def _changes(before: dict, after: dict, allowed: dict) -> list[str]:
    changed = []
    for name, rows in after.items():
        if rows == before[name]:
            continue
        ignore = allowed.get(name)
        if ignore and len(rows) == len(before[name]):
            keys = [k for k in rows[0]._fields if k not in ignore] if rows else []
            if [tuple(getattr(r, k) for k in keys) for r in rows] == [tuple(getattr(r, k) for k in keys)
                                                                       for r in before[name]]:
                continue
        changed.append(f"{name} ({len(before[name])} → {len(rows)} rows)")
    return changed


def _written(before: dict, after: dict):
    """The values of the rows a submission inserted or changed."""
    for name, rows in after.items():
        old = set(map(_hashable, before[name]))
        for row in rows:
            if _hashable(row) not in old:
                yield from _values(tuple(row))


def _hashable(row):
    return tuple(repr(v) if isinstance(v, dict | list) else v for v in row)


def _values(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _values(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _values(v)
    else:
        yield value


def _stored(typed: str, values) -> bool:
    """Whether ``typed`` is among the written values: as text (stripped or not), as a number or as a date."""
    texts = {typed, typed.strip()}
    try:
        number = Decimal(typed.strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is not None and not number.is_finite():
        number = None
    try:
        day = date.fromisoformat(typed.strip())
    except ValueError:
        day = None
    for value in values:
        if isinstance(value, str) and value in texts:
            return True
        if number is not None and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            try:
                if Decimal(str(value)) == number:
                    return True
            except InvalidOperation:
                pass
        if day is not None and isinstance(value, date) and value == day:
            return True
    return False


# -- sending ------------------------------------------------------------------------------------------------

def _multidict(pairs) -> MultiDict:
    data = MultiDict()
    for name, value in pairs:
        data.add(name, (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value)
    return data


def _replace(pairs, names, value, kind):
    out = [(n, v) for n, v in pairs if n not in names]
    for name in names:
        if kind == "file":
            content = next((v[0] for n, v in pairs if n == name and isinstance(v, tuple)), b"")
            out.append((name, (content, value)))
        else:
            out.append((name, value))
    return out


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class Sender:
    """Posts one submission in a savepoint and judges the answer.

    The statements a request runs are watched: a request that wrote nothing changed nothing, and only the
    tables it wrote are read again.
    """

    def __init__(self, app, client, site: Site):
        self.app, self.client, self.site = app, client, site
        self.connection = db.session.get_bind()
        self.identities = site.users
        self.logged_in: str | None = None
        self.written: set[str] = set()
        self.requests = 0
        self.failures: list[str] = []
        self.statuses: dict[int, int] = defaultdict(int)
        self.before = _Before(site)

    def __enter__(self):
        event.listen(self.connection, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *exc):
        event.remove(self.connection, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        match = _WRITE.match(statement)
        if match:
            self.written.add(match.group(1))

    def _login(self, user: str) -> None:
        if self.logged_in != user:
            login(self.client, self.identities.get(user))
            self.logged_in = user

    def _flashed_error(self) -> bool:
        with self.client.session_transaction() as sess:
            return any(category == "error" for category, _ in sess.get("_flashes", []))

    def send(self, spec, pairs, label: str, typed: str | None) -> int | None:
        db.session.commit()
        savepoint = self.connection.begin_nested()
        try:
            self._login(spec.user)
            limiter.reset()
            self.requests += 1
            self.written.clear()
            try:
                response = self.client.post(spec.action, data=_multidict(pairs), headers=HX if spec.htmx else {},
                                            content_type="multipart/form-data" if spec.multipart else None)
            except Exception as error:  # the test client re-raises what the view raised: a 500
                self.logged_in = None
                where = traceback.extract_tb(error.__traceback__)[-1]
                self.failures.append(f"500 {label}: {type(error).__name__}: {str(error)[:160]} "
                                     f"({where.filename.split('/work/main/')[-1]}:{where.lineno})")
                return 500
            status = response.status_code
            self.statuses[status] += 1
            written = set(self.written)
            if "Set-Cookie" in response.headers:  # the session changed (a message, a logout): log in afresh
                self.logged_in = None
            refused = status in REFUSED or (status < 400 and "Set-Cookie" in response.headers
                                            and self._flashed_error())
            after = _snapshot(written) if written and (refused or typed is not None) else {}
        finally:
            db.session.rollback()
            if savepoint.is_active:
                savepoint.rollback()
            db.session.expunge_all()  # what the request loaded: a session that keeps it expires more each time
        # Judged after the rollback: the rows before are read (once) from the database as every submission finds it.
        if status >= 500:
            self.failures.append(f"{status} {label}")
        elif refused and written:
            changed = _changes(self.before, after, REFUSAL_WRITES.get(spec.endpoint, {}))
            if changed:
                self.failures.append(f"refused with {status} but changed {', '.join(changed)}: {label}")
        elif not refused and status >= 400:
            self.failures.append(f"unexpected {status}: {label}")
        elif not refused and typed is not None:
            if not (written and _stored(typed, _written(self.before, after))):
                self.failures.append(f"accepted with {status} but not stored as sent: {label}")
        return status


def _groups(spec) -> list[list[str]]:
    """Field names, those differing only by their numbers grouped (m1…m12, criteria-0-name…)."""
    groups: dict[str, list[str]] = {}
    for name in spec.names:
        groups.setdefault(re.sub(r"\d+", "#", name), []).append(name)
    return list(groups.values())


def _check_form(sender: Sender, spec) -> None:
    base = baseline(spec)
    where = f"{spec.endpoint} ({spec.action} as {spec.user or 'anonymous'})"
    sender.send(spec, base, f"{where} as the page fills it", None)
    for group in _groups(spec):
        kind = spec.kind_of(group[0]).kind
        for payload_name in PAYLOADS_BY_KIND.get(kind, TEXT):
            value = PAYLOADS[payload_name]
            checks_stored = (kind in TYPED and value.strip() and group[0] not in NOT_STORED.get(spec.endpoint, ()))
            stored_as = NORMALISED.get(spec.endpoint, {}).get(group[0], str)
            for names in ([group[0]], group[1:]) if len(group) > 1 else ([group[0]],):
                pairs = _replace(base, names, value, kind)
                label = f"{where} {'+'.join(names) if len(names) < 3 else names[0] + '…' + names[-1]}={payload_name}"
                sender.send(spec, pairs, label, stored_as(value) if checks_stored and len(names) == 1 else None)


@pytest.mark.parametrize("area", AREAS)
def test_hostile_values_in_every_form(app, site, area):
    forms = [spec for endpoint, spec in sorted(site.forms.items()) if endpoint.split(".")[0] == area]
    if not forms:
        print(f"{area}: no POST form")
        return
    client = app.test_client()
    sender = Sender(app, client, site)
    started, cpu = time.perf_counter(), time.process_time()
    with sender:
        for spec in forms:
            _check_form(sender, spec)
    print(f"\n{area}: {len(forms)} forms, {sum(len(f.names) for f in forms)} fields, {sender.requests} requests "
          f"in {time.perf_counter() - started:.1f}s ({time.process_time() - cpu:.1f}s CPU); "
          f"answers {dict(sorted(sender.statuses.items()))}")
    assert sender.failures == [], "\n".join(sender.failures)
