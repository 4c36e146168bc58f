"""What the audit trail calls each audited record, told by the areas at start-up.

The audit module sits below the areas whose records it logs, so it cannot know their words. Each area's
``auditing.py`` (called from its ``scopes.register()``) registers every audited model with ``register``:

* ``name``: the kind of record, a noun that starts the sentence and fills the filter ("Nominasi"); ``noun``
  when the sentence starts otherwise (a version of an agreement is named "Perjanjian Kinerja …, versi 2");
* ``subject(obj, cache)``: the rest of the record's name ("Sumadi untuk Pegawai Terbaik Februari 2018"). It is
  written with the change, in the agency's language, so it survives renames and deletion. It may follow the
  object's relationships (they are mostly in the session already); ``cache`` is a dict that lives for one
  flush, for lookups many rows share;
* ``fields``: each column's label as a lower-case noun ("nilai"); ``hidden``: columns that are bookkeeping or
  repeat the subject (the parent's id); ``choices``: a column's codes and their words (a function, called in
  the reader's language); ``formats``: "rupiah", "month", "percent", "year" for numbers that need them;
* ``title(obj)``: the short name of a row from its own columns, shown instead of its id where another record
  refers to it ("unit kerja diubah dari Bidang A menjadi Bidang B");
* ``parent``: (parent model, foreign key column): the record's history, opened from the parent's page, shows
  this record's changes too.

``tests/audit/test_trail_words.py`` checks that every audited column has a label or is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import format_date

# Tables whose rows are not audited: the log itself and technical state that changes on every request.
NOT_AUDITED = {"audit_log", "jobs", "import_batches"}
# Columns that never enter the log (bookkeeping, secrets).
IGNORED_COLUMNS = {"updated_at", "created_at", "version", "name_search"}
FORMATS = ("rupiah", "month", "percent", "changed")


@dataclass(frozen=True)
class Kind:
    model: type
    name: Any
    noun: Any
    subject: Callable[[Any, dict], str] | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    choices: Mapping[str, Callable[[], Mapping]] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    title: Callable[[Any], str] | None = None
    parent: tuple[type, Any] | None = None

    @property
    def table(self) -> str:
        return self.model.__tablename__


KINDS: dict[str, Kind] = {}


def register(model: type, name, subject: Callable[[Any, dict], str] | None = None, *, noun=None,
             fields: Mapping[str, Any], hidden: Iterable[str] = (), choices: Mapping[str, Callable] | None = None,
             formats: Mapping[str, str] | None = None, title: Callable[[Any], str] | None = None,
             parent: tuple[type, Any] | None = None) -> None:
    formats = dict(formats or {})
    if unknown := {f for f in formats.values() if not callable(f)} - set(FORMATS):
        raise ValueError(f"unknown formats {unknown}")
    KINDS[model.__tablename__] = Kind(model, name, noun if noun is not None else name, subject, dict(fields),
                                      frozenset(hidden), dict(choices or {}), formats, title, parent)


def not_audited(model: type) -> None:
    """Rows of ``model`` are derived or technical (recomputed from audited records): they are not logged."""
    NOT_AUDITED.add(model.__tablename__)


def kind_of(table: str) -> Kind | None:
    return KINDS.get(table)


def month_year(month: int, year: int) -> str:
    """'Februari 2018' in the current (or forced) language."""
    return format_date(date(year, month, 1), "LLLL y")


def quoted(text: str | None, limit: int = 60) -> str:
    """A record's own text as part of a name: trimmed, in quotes."""
    text = " ".join((text or "").split())
    return f"“{text[:limit - 1]}…”" if len(text) > limit else f"“{text}”"
