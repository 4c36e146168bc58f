"""TPP presets in the database: the shipped ones installed once, versions in force by date, copies and edits.

A version used by a closed month is never changed: editing it makes the next version of the same preset,
in force from the date the editor gives (the earlier version stays in force before it).
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from app.core.db import check_version
from app.core.errors import Refused
from app.extensions import db
from app.org.years import FIRST_YEAR
from app.tpp import shipped
from app.tpp.models import Period, Preset
from app.tpp.rules import BadRules, Rules

# The shipped versions are templates, in force from the first year Kinerja records; a region's own version (a
# copy, or the next version) carries its regulation's date.
SHIPPED_FROM = date(FIRST_YEAR, 1, 1)


def install_presets() -> int:
    """Add the shipped presets that are not in the database yet (their family is the key); returns how many.
    Flushes."""
    have = set(db.session.scalars(select(Preset.family)))
    added = 0
    for preset in shipped.SHIPPED:
        if preset["key"] in have:
            continue
        Rules.read(preset["rules"])  # a shipped preset that does not read is a bug: fail loudly
        db.session.add(Preset(family=preset["key"], number=1, name=preset["name"], source=preset["source"],
                              notes=list(preset["notes"]), rules=_json(preset["rules"]), valid_from=SHIPPED_FROM))
        added += 1
    db.session.flush()
    return added


def _json(rules: dict) -> dict:
    """The rules as JSON stores them (kelas keys as text)."""
    return {**rules, "amounts": {str(k): v for k, v in rules["amounts"].items()}}


def families() -> list[Preset]:
    """The latest version of each preset, by name."""
    latest = (select(Preset.family, func.max(Preset.number).label("number")).group_by(Preset.family).subquery())
    return list(db.session.scalars(select(Preset).join(
        latest, (Preset.family == latest.c.family) & (Preset.number == latest.c.number)).order_by(Preset.name)))


def all_versions() -> list[Preset]:
    """Every version of every preset, by name and version."""
    return list(db.session.scalars(select(Preset).order_by(Preset.name, Preset.family, Preset.number)))


def versions(family: str) -> list[Preset]:
    return list(db.session.scalars(select(Preset).where(Preset.family == family).order_by(Preset.number.desc())))


def in_force(family: str, first: date) -> Preset | None:
    """The version of ``family`` in force on ``first`` (the latest ``valid_from`` on or before it)."""
    return db.session.scalar(select(Preset).where(Preset.family == family, Preset.valid_from <= first)
                             .order_by(Preset.valid_from.desc(), Preset.number.desc()).limit(1))


def is_locked(preset: Preset) -> bool:
    """Used by a closed month: never edited again."""
    return bool(db.session.scalar(select(exists().where(Period.preset_id == preset.id, Period.state == "closed"))))


def rules_of(preset: Preset) -> Rules:
    return Rules.read(preset.rules)


def check_rules(data: dict) -> Rules:
    """The rules read, or ``Refused`` naming the part that is wrong."""
    try:
        return Rules.read(data)
    except BadRules as bad:
        raise Refused(_l("The rules cannot be used: %(part)s: %(why)s", part=bad.field,
                         why=bad.message % bad.values if bad.values else bad.message), "rules") from None


def copy(preset: Preset, name: str, user) -> Preset:
    """A new preset (its own family) starting as a copy of ``preset``. Flushes."""
    made = Preset(family="copy", number=1, name=name, source=preset.source, notes=list(preset.notes or []),
                  rules=dict(preset.rules), valid_from=preset.valid_from, created_by_id=user.id)
    db.session.add(made)
    db.session.flush()
    made.family = f"copy-{made.id}"
    db.session.flush()
    return made


def edit(preset: Preset, values: dict, user, version: int | None) -> Preset:
    """Save ``values`` (name, source, rules, valid_from) on ``preset``, or, when a closed month used it, as the
    next version of its family (returned). Flushes."""
    check_version(preset, version)
    check_rules(values["rules"])
    if values["valid_from"] is None:
        raise Refused(_l("This field is required."), "valid_from")
    if not is_locked(preset):
        for name in ("name", "source", "rules", "valid_from"):
            setattr(preset, name, values[name])
        db.session.flush()
        return preset
    if values["valid_from"] <= preset.valid_from:
        raise Refused(_l("This version was used by a closed month and stays as it is: the new version must come "
                         "into force after %(day)s.", day=format_date(preset.valid_from, "d MMMM y")), "valid_from")
    number = db.session.scalar(select(func.max(Preset.number)).where(Preset.family == preset.family)) + 1
    made = Preset(family=preset.family, number=number, name=values["name"], source=values["source"],
                  notes=list(preset.notes or []), rules=values["rules"], valid_from=values["valid_from"],
                  created_by_id=user.id)
    db.session.add(made)
    db.session.flush()
    return made
