"""The one place that decides access.

* ``PERMISSIONS`` says which roles may perform an action.
* A role is bound to a unit subtree: it reaches an object when the object's unit path starts with the
  role's unit path ("" reaches everything).
* ``can(user, action, obj)`` answers yes or no; ``scope_clause`` turns the same rule into SQL for lists.
* Relationship rules (``register_relation``) add who may act on an object because of what they are to it
  rather than their role: an agreement's parties, a panel seat, the nominator, one's own records.
* ``scoped(user, action, Model)`` is the list twin of ``can``: the SQL condition for "the rows of Model the
  user reaches", from the unit column each area registered; ``owned(user, Model)`` for per-user records.
* ``access(action, **loaders)`` wraps every view: loads the URL's objects (and the ids a form or query string
  names, ``params=``), answers 404 for what the user cannot see at all (another unit's record) and 403 for
  an action the user's roles and relations do not allow.

Each area registers where its objects sit (``register_scope`` and friends) from its ``scopes.py`` at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import false, literal, or_, true

from app.core.db import in_rows_of
from app.core.http import MAX_ID  # ids beyond a database integer are unknown, never an error
from app.extensions import db

ALL_ROLES = frozenset({"admin", "hr", "leader", "operator", "assessor", "employee"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "home": ALL_ROLES,
    "self": ALL_ROLES,  # own account: password, language
    "org.view": ALL_ROLES,
    "org.edit": frozenset({"admin", "hr"}),
    "people.view": frozenset({"admin", "hr", "leader", "operator"}),
    "people.edit": frozenset({"admin", "hr"}),
    "people.import": frozenset({"admin", "hr"}),
    "people.export": frozenset({"admin", "hr", "leader"}),
    "accounts.manage": frozenset({"admin"}),
    "audit.view": frozenset({"admin"}),
    "settings.edit": frozenset({"admin"}),
    "jobs.view": ALL_ROLES,
    "documents.view": ALL_ROLES,
    "agreements.view": frozenset({"admin", "hr", "leader", "operator"}),  # and the official's own (self rule)
    "agreements.draft": frozenset({"admin", "hr", "leader"}),  # a leader drafts the agreement of the unit they head
    "agreements.manage": frozenset({"admin", "hr"}),
    # The agreement's parties act by relation (app/agreements/scopes.py): PIHAK PERTAMA, PIHAK KEDUA.
    "agreements.edit": frozenset({"admin", "hr"}),  # and PIHAK PERTAMA: header, contents, Excel
    "agreements.submit": frozenset({"admin", "hr"}),  # and PIHAK PERTAMA
    "agreements.return": frozenset({"admin", "hr"}),  # and PIHAK KEDUA
    "agreements.sign": frozenset(),  # PIHAK PERTAMA only
    "agreements.countersign": frozenset(),  # PIHAK KEDUA; HR over the unit records an outsider's (Kepala Daerah)
    "agreements.revise": frozenset({"admin", "hr"}),  # and PIHAK PERTAMA
    "agreements.copy": frozenset({"admin", "hr"}),  # and PIHAK PERTAMA: next year's draft from this one
    "monitoring.view": frozenset({"admin", "hr", "leader", "operator"}),  # dashboards, the grid, evidence
    # A unit's grid and workbook: who enters or verifies which value there, monitoring.enter/.verify decide.
    "monitoring.report": frozenset({"admin", "hr", "leader", "operator"}),
    "monitoring.enter": frozenset({"admin", "hr", "operator"}),  # and the official, for their own agreement
    "monitoring.remind": frozenset({"operator"}),  # the values of their units not reported yet are their tasks
    "monitoring.verify": frozenset({"admin", "hr", "leader"}),  # unit KPIs; agreements: PIHAK KEDUA or HR
    "monitoring.manage": frozenset({"admin", "hr"}),  # input windows, late values, any agreement's values
    "monitoring.kpi": frozenset({"admin", "hr", "leader"}),  # define a unit's own KPIs
    "discipline.view": frozenset({"admin", "hr", "leader"}),  # and the employee's own records (self rule)
    "discipline.edit": frozenset({"admin", "hr"}),  # sanctions (SK) and the monthly attendance recap
    "attendance.view": frozenset({"admin", "hr", "leader", "operator"}),  # and one's own days (self rule)
    "attendance.enter": frozenset({"admin", "hr", "operator"}),  # check-ins by hand, for units without a machine
    "attendance.import": frozenset({"admin", "hr"}),  # machines' exports, sources and their user numbers
    "attendance.manage": frozenset({"admin", "hr"}),  # schedules, shifts, rosters, roll calls, leave, alerts
    "attendance.calendar": frozenset({"admin"}),  # the pemda's holidays and cuti bersama
    "attendance.request": frozenset({"admin", "hr", "operator"}),  # an excuse; and the person, for themself
    "attendance.decide": frozenset({"admin", "hr", "leader"}),  # and the person's superior (relation)
    "awards.view": ALL_ROLES,  # announcements, rounds of one's OPD, award history
    "awards.manage": frozenset({"admin", "hr"}),  # categories, instruments, rounds, panels, certificates
    "awards.nominate": frozenset({"admin", "hr", "leader", "operator"}),
    "awards.score": frozenset(),  # only a seat on the round's panel (relation, awards/scopes.py)
    "awards.withdraw": frozenset(),  # HR running the round, or the nominator (relation, awards/scopes.py)
    "awards.evidence": frozenset(),  # who runs, scores or decides the round, and the nominator (relation)
    "awards.decide": frozenset({"admin", "leader"}),  # the leader confirms the winners (decision number, date)
    "tpp.view": frozenset({"admin", "hr", "leader"}),  # an OPD's months; and one's own results (self rule)
    "tpp.rate": frozenset({"admin", "hr"}),  # the monthly rating; and the person's superior (relation)
    "tpp.manage": frozenset({"admin", "hr"}),  # calculate, close and reopen a month; decide objections
    "tpp.object": frozenset(),  # only the person, to their own result of an open month (relation)
    "tpp.presets": frozenset({"admin"}),  # copy and edit the rule presets
    # Non-ASN workers: an operator sees their unit's; a worker their own contracts (self rule).
    "workers.view": frozenset({"admin", "hr", "leader", "operator"}),
    "workers.manage": frozenset({"admin", "hr"}),  # contracts, SPK, renewal, rules, the honorarium month
    "workers.warn": frozenset({"admin", "hr", "leader"}),  # warnings and termination proposals' record
    "workers.evaluate": frozenset({"admin", "hr", "leader"}),
    "scorecards.view": frozenset({"admin", "hr", "leader"}),  # a subtree's people and units; one's own (self rule)
    "scorecards.issue": frozenset({"admin", "hr", "leader"}),  # a closed period's, once; the person, their own
    "scorecards.bulk": frozenset({"admin", "hr"}),  # all people or all units of an OPD, in one job
}

# Where an object sits in the unit tree: model class -> function returning the unit path, or None for
# objects that belong to a person rather than a unit (they use OWNER_RULES).
SCOPE_PATHS: dict[type, Callable[[Any], str]] = {}
# Objects that belong to a whole subtree (an OPD's award rounds): for the listed actions, a role anywhere
# inside the subtree reaches them too (an operator of a satpel nominates in the OPD's round; deciding it
# still needs a role over the whole OPD).
SHARED_DOWN: dict[type, frozenset[str]] = {}
# Objects owned by one user (jobs, import batches): visible to the owner and to admins only.
OWNER_RULES: dict[type, Callable[[Any], int | None]] = {}
# Objects that concern one employee, whom the 'employee' role may see: model -> employee id.
SELF_RULES: dict[type, Callable[[Any], int | None]] = {}


# (action, model) -> holds(user, obj): the relationship that lets a user act whatever their roles.
RELATIONS: dict[tuple[str, type], Callable[[Any, Any], bool]] = {}
# For lists: model -> the SQL columns that place a row (see ``scoped`` and ``owned``).
LIST_COLUMNS: dict[type, dict[str, Any]] = {}


def register_scope(model: type, path_of: Callable[[Any], str], shared_down: frozenset[str] = frozenset(), *,
                   path_column=None, unit_column=None) -> None:
    """``path_of(obj)`` places an object; for lists, ``path_column`` (the unit path itself) or ``unit_column``
    (a unit id) places its rows."""
    SCOPE_PATHS[model] = path_of
    if shared_down:
        SHARED_DOWN[model] = frozenset(shared_down)
    if path_column is not None or unit_column is not None:
        LIST_COLUMNS.setdefault(model, {}).update(path=path_column, unit=unit_column)


def register_owner(model: type, owner_of: Callable[[Any], int | None], *, owner_column=None) -> None:
    OWNER_RULES[model] = owner_of
    if owner_column is not None:
        LIST_COLUMNS.setdefault(model, {})["owner"] = owner_column


def register_self(model: type, employee_of: Callable[[Any], int | None], *, employee_column=None) -> None:
    SELF_RULES[model] = employee_of
    if employee_column is not None:
        LIST_COLUMNS.setdefault(model, {})["self"] = employee_column


def register_relation(action: str, model: type, holds: Callable[[Any, Any], bool]) -> None:
    """Whoever ``holds(user, obj)`` may perform ``action`` on ``obj`` (and so may see it)."""
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")
    RELATIONS[(action, model)] = holds


def _related(user, obj, action: str | None = None) -> bool:
    if not RELATIONS or not getattr(user, "is_authenticated", False):
        return False
    model = type(obj)
    if action is not None:
        rule = RELATIONS.get((action, model))
        return bool(rule and rule(user, obj))
    return any(rule(user, obj) for (_, m), rule in RELATIONS.items() if m is model)


def _assignments(user) -> list:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(user.roles)


def is_admin(user) -> bool:
    return any(a.role == "admin" and a.unit_path == "" for a in _assignments(user))


def _grants(assignment, action: str) -> bool:
    return assignment.role in PERMISSIONS.get(action, ())


def _reaches(assignment, obj, path: str, action: str | None = None) -> bool:
    """Does the role's subtree hold the object (or, for a shared-down action, sit inside the object's)?"""
    shared = SHARED_DOWN.get(type(obj), ())
    return path.startswith(assignment.unit_path) or (
        (action in shared if action else bool(shared)) and assignment.unit_path.startswith(path))


def has_role(user, obj, roles) -> bool:
    """Does one of the user's roles named in ``roles`` reach ``obj`` (for a relation that also needs a role)?"""
    path = SCOPE_PATHS[type(obj)](obj)
    return any(a.role in roles and _reaches(a, obj, path) for a in _assignments(user))


def _is_self(user, obj) -> bool:
    rule = SELF_RULES.get(type(obj))
    return bool(rule and user.employee_id is not None and rule(obj) == user.employee_id)


def visible(user, obj) -> bool:
    """Can the user see that this object exists at all? (No: the route answers 404.)"""
    if type(obj) in OWNER_RULES:
        return is_admin(user) or OWNER_RULES[type(obj)](obj) == getattr(user, "id", None)
    path = SCOPE_PATHS[type(obj)](obj)
    return any(_reaches(a, obj, path) for a in _assignments(user)) or _related(user, obj) or _is_self(user, obj)


def can(user, action: str, obj: Any = None) -> bool:
    """Does one of the user's roles allow ``action``, on ``obj`` when given?"""
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")
    assignments = _assignments(user)
    if obj is None:
        return any(_grants(a, action) for a in assignments)
    if type(obj) in OWNER_RULES:
        return visible(user, obj) and any(_grants(a, action) for a in assignments)
    path = SCOPE_PATHS[type(obj)](obj)
    if any(_grants(a, action) and _reaches(a, obj, path, action) for a in assignments):
        return True
    if _related(user, obj, action):
        return True
    # An employee may read what concerns themself.
    return action.endswith(".view") and _is_self(user, obj) and any(a.role == "employee" for a in assignments)


def reached_roots(user, action: str) -> list[str] | None:
    """The paths of the highest units ``action`` reaches for ``user`` by role, none inside another (None: every
    unit of the installation). A page that starts from "your units" offers these."""
    prefixes = {a.unit_path for a in _assignments(user) if _grants(a, action)}
    if "" in prefixes:
        return None
    return sorted(p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes))


def scope_clause(user, action: str, path_column, self_column=None, shared_down: bool = False):
    """SQL condition restricting a list to what ``action`` reaches (the list twin of ``can``).

    ``shared_down``: the listed objects are shared with everyone inside their subtree (see SHARED_DOWN).
    """
    prefixes = {a.unit_path for a in _assignments(user) if _grants(a, action)}
    clauses = []
    if "" in prefixes:
        return true()
    clauses.extend(path_column.startswith(p, autoescape=True) for p in sorted(prefixes))
    if shared_down:  # paths hold digits and slashes only, so the column needs no escaping as a pattern
        clauses.extend(literal(p).startswith(path_column) for p in sorted(prefixes))
    if self_column is not None and user.employee_id is not None and any(
        a.role == "employee" for a in _assignments(user)
    ):
        clauses.append(self_column == user.employee_id)
    return or_(*clauses) if clauses else false()


def scoped(user, action: str, model: type):
    """SQL condition: the rows of ``model`` that ``action`` reaches for ``user`` (registered columns).

    The same rule as ``can`` by roles: one's own records count for ``.view`` actions only. Relations are not
    lists' business (they grant acting on one object a user reaches from its page)."""
    columns = dict(LIST_COLUMNS[model])
    if not action.endswith(".view"):
        columns.pop("self", None)
    if columns.get("path") is not None:
        return scope_clause(user, action, columns["path"], columns.get("self"),
                            shared_down=action in SHARED_DOWN.get(model, ()))
    prefixes = {a.unit_path for a in _assignments(user) if _grants(a, action)}
    if "" in prefixes:
        return true()
    from sqlalchemy import select

    from app.org.models import Unit

    units = select(Unit.id).where(scope_clause(user, action, Unit.path,
                                               shared_down=action in SHARED_DOWN.get(model, ())))
    clauses = [in_rows_of(columns["unit"], units)] if prefixes or action in SHARED_DOWN.get(model, ()) else []
    if columns.get("self") is not None and user.employee_id is not None and any(
            a.role == "employee" for a in _assignments(user)):
        clauses.append(columns["self"] == user.employee_id)
    return or_(*clauses) if clauses else false()


def owned(user, model: type):
    """SQL condition: the user's own rows of a per-user model (an admin's list shows everyone's)."""
    return true() if is_admin(user) else LIST_COLUMNS[model]["owner"] == user.id


def _load(model: type, raw) -> Any:
    """The object with id ``raw`` (an URL value, or a form or query value: a whole number); 404 if malformed."""
    ident = raw
    if isinstance(raw, str) and model.__table__.primary_key.columns.values()[0].type.python_type is int:
        ident = int(raw) if raw.isdigit() else 0
    if isinstance(ident, int) and not 0 < ident <= MAX_ID:
        abort(404)
    return db.session.get(model, ident)


def access(action: str, params: dict[str, type] | None = None, **loaders: type):
    """Declare a view's access rule; loads ``<name>_id`` URL values into ``<name>`` objects.

    ``@access("org.view", unit_id=Unit)`` → the view receives ``unit``. ``params={"unit": Unit}`` does the
    same for an id the form or query string names (``?unit=12``): the view receives ``unit`` (None when the
    request names none). Unknown or invisible → 404, visible but not allowed → 403. Every endpoint must
    carry this (see ``enforce_declared_access``).
    """
    params = params or {}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from flask import request

            user = current_user
            targets = []
            for arg, model in loaders.items():
                obj = _load(model, kwargs.pop(arg))
                if obj is None or not visible(user, obj):
                    abort(404)
                kwargs[arg.removesuffix("_id")] = obj
                targets.append(obj)
            for name, model in params.items():
                # One value, wherever it is sent: the form reads the body, so a different id in the query
                # string (or two in the body) must not pass the gate in its place.
                given = {v for v in (*request.form.getlist(name), *request.args.getlist(name)) if v != ""}
                if len(given) > 1:
                    abort(400)
                raw = given.pop() if given else ""
                obj = None
                if raw != "":
                    obj = _load(model, raw)
                    if obj is None or not visible(user, obj):
                        abort(404)
                    targets.append(obj)
                kwargs[name.removesuffix("_id")] = obj
            allowed = all(can(user, action, obj) for obj in targets) if targets else can(user, action)
            if not allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.access_action = action
        wrapped.access_loaders = loaders
        wrapped.access_params = params
        return wrapped

    return decorator


def public(view):
    """Mark a view that anyone may open without logging in (login page, public verification)."""
    view.access_public = True
    return view
