"""The audit trail in words: each entry as a sentence ("Usulan Sumadi untuk Pegawai Terbaik Februari 2018: nilai
diubah dari 85 menjadi 88"), its fields by their labels and its values as people write them.

A page of entries costs a fixed number of statements whatever its length: the accounts that made the changes
in one, and the names of the rows the values refer to in one per kind of row referred to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Numeric, Time, inspect, select

from app.accounts.models import User
from app.audit.kinds import Kind, kind_of
from app.audit.models import AuditLog
from app.core.formatting import format_number, rupiah
from app.extensions import db
from app.org.models import Employee
from app.org.rules import full_name

TEXT_LIMIT = 160


@dataclass
class Change:
    label: str
    before: str | None  # None: the sentence says only that the field changed
    after: str | None
    was_empty: bool = False  # "telepon diisi 0812" rather than "diubah dari (kosong) menjadi 0812"
    now_empty: bool = False  # "catatan dikosongkan (sebelumnya …)"


@dataclass
class Entry:
    log: AuditLog
    who: str
    kind: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def subject_of(kind: Kind | None, entity: str, entity_id: int | None, label: str) -> str:
    """'Usulan Sumadi untuk Pegawai Terbaik Februari 2018': the kind's noun and the name written with the change."""
    noun = str(kind.noun) if kind else _("Record")
    return f"{noun} {label}" if label else _("%(kind)s no. %(id)s", kind=noun, id=entity_id or "?")


def _column(kind: Kind, key: str):
    attr = inspect(kind.model).column_attrs.get(key)
    return attr.columns[0] if attr is not None else None


def _references(kind: Kind, key: str) -> str | None:
    """The table a foreign key column refers to, when that table's rows have a registered short name."""
    column = _column(kind, key)
    for foreign in getattr(column, "foreign_keys", ()):
        target = kind_of(foreign.column.table.name)
        if target is not None and target.title is not None:
            return target.table
    return None


def _names(wanted: dict[str, set]) -> dict[tuple[str, int], str]:
    """The short names of referred rows: one statement per table."""
    names = {}
    for table, ids in wanted.items():
        target = kind_of(table)
        ids = {i for i in ids if isinstance(i, int)}
        if not ids:
            continue
        for row in db.session.scalars(select(target.model).where(inspect(target.model).primary_key[0].in_(ids))):
            names[(table, row.id)] = target.title(row)
    return names


def _text(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT - 1] + "…"


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _number(value) -> str:
    try:
        return format_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return _text(value)


def value_text(kind: Kind, key: str, value, names: dict) -> str | None:
    """A value as the pages show it; None when the kind says its values mean nothing to a reader."""
    how = kind.formats.get(key)
    if how == "changed":
        return None
    if _empty(value):
        return _("(empty)")
    if callable(how):
        return _text(how(value))
    filters = current_app.jinja_env.filters
    if key in kind.choices:
        words = kind.choices[key]()
        if isinstance(value, list):
            return ", ".join(str(words.get(v, v)) for v in value)
        return _text(words.get(value, value))
    if table := _references(kind, key):
        return names.get((table, value)) or _("no. %(id)s", id=value)
    column = _column(kind, key)
    kind_type = getattr(getattr(column, "type", None), "impl", getattr(column, "type", None))
    if isinstance(value, bool) or isinstance(kind_type, Boolean):
        return _("yes") if value else _("no")
    if how == "month" and isinstance(value, int) and 1 <= value <= 12:
        return filters["month_name"](value)
    if how == "rupiah":
        return rupiah(Decimal(str(value)))
    if how == "percent":
        return f"{_number(value)} %"
    if isinstance(kind_type, DateTime):
        try:
            return filters["local_dt"](datetime.fromisoformat(value))
        except (TypeError, ValueError):
            return _text(value)
    if isinstance(kind_type, Date):
        try:
            return filters["tanggal"](date.fromisoformat(value))
        except (TypeError, ValueError):
            return _text(value)
    if isinstance(kind_type, Time):
        try:
            return time.fromisoformat(value).strftime("%H.%M")
        except (TypeError, ValueError):
            return _text(value)
    if isinstance(kind_type, Numeric):
        return _number(value)
    if isinstance(kind_type, Integer):
        return str(value)
    if isinstance(kind_type, JSON) or isinstance(value, (list, dict)):
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) or v is None for v in value):
            return "; ".join("–" if v in (None, "") else _number(v) for v in value)
        return None
    return f"“{_text(value)}”"  # what someone typed, in quotes


def _visible(kind: Kind | None, changes: dict) -> list[str]:
    if kind is None:
        return []
    return [key for key in changes if key != "id" and key not in kind.hidden]


def _who(entries: list[AuditLog]) -> dict[int, str]:
    """The name of each account that made a change (its person's name when linked): one statement."""
    ids = {e.user_id for e in entries if e.user_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.username, Employee.name, Employee.front_title, Employee.back_title)
                              .outerjoin(Employee, User.employee_id == Employee.id).where(User.id.in_(ids)))
    return {row.id: full_name(row.name, row.front_title, row.back_title) if row.name else row.username
            for row in rows}


def describe(entries: list[AuditLog]) -> list[Entry]:
    wanted: dict[str, set] = defaultdict(set)
    for entry in entries:
        kind = kind_of(entry.entity)
        for key in _visible(kind, entry.changes or {}):
            if table := _references(kind, key):
                wanted[table].update(v for v in entry.changes[key] if v is not None)
    names = _names(wanted)
    who = _who(entries)
    described = []
    for entry in entries:
        kind = kind_of(entry.entity)
        changes = []
        for key in _visible(kind, entry.changes or {}):
            before, after = (entry.changes[key] + [None, None])[:2]
            label = str(kind.fields.get(key) or _("another field"))
            changes.append(Change(label, value_text(kind, key, before, names), value_text(kind, key, after, names),
                                  was_empty=_empty(before), now_empty=_empty(after)))
        author = who.get(entry.user_id) if entry.user_id is not None else None
        described.append(Entry(
            log=entry, who=author or (entry.username if entry.user_id is not None else _("System")),
            kind=str(kind.name) if kind else entry.entity, subject=subject_of(kind, entry.entity, entry.entity_id,
                                                                               entry.label),
            changes=changes))
    return described
