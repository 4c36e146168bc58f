"""An OPD's dated rules for its non-ASN workers: the version in force on a day, and a new version (a change is
never made in place: a closed month keeps the version it was closed with)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.core.db import flush_unique
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Unit
from app.workers import shipped
from app.workers.models import SHIPPED_FROM, HonorMonth, RuleVersion
from app.workers.rules import BadRules, Rules


def shipped_version(opd: Unit) -> RuleVersion:
    """The shipped rules as the OPD's first version, not stored (a page that only reads never writes): stored
    when a month is closed with it, or a version is added."""
    return RuleVersion(opd_id=opd.id, valid_from=SHIPPED_FROM, rules=shipped.DEFAULT, notes=list(shipped.NOTES),
                       source="Setelan awal Kinerja")


def versions(opd: Unit) -> list[RuleVersion]:
    """The OPD's versions, newest first; the shipped rules as the first version when it has none stored."""
    found = list(db.session.scalars(select(RuleVersion).where(RuleVersion.opd_id == opd.id)
                                    .order_by(RuleVersion.valid_from.desc())))
    return found or [shipped_version(opd)]


def stored(version: RuleVersion, user=None) -> RuleVersion:
    """``version`` itself when stored; the shipped version stored now otherwise. Flushes."""
    if version.id is not None:
        return version
    version.created_by_id = getattr(user, "id", None)
    db.session.add(version)
    flush_unique()
    return version


def in_force(opd: Unit, day: date) -> RuleVersion:
    """The version in force on ``day`` (the shipped rules when the OPD has none that early: its first version)."""
    return in_force_of([opd], day)[opd.id]


def in_force_of(opds: list[Unit], day: date) -> dict[int, RuleVersion]:
    """``in_force`` of each OPD, by id (one statement whatever the number of OPDs)."""
    chosen: dict[int, RuleVersion] = {}
    for version in db.session.scalars(
            select(RuleVersion).where(RuleVersion.opd_id.in_([opd.id for opd in opds]),
                                      or_(RuleVersion.valid_from <= day, RuleVersion.valid_from == SHIPPED_FROM))
            .order_by(RuleVersion.opd_id, RuleVersion.valid_from.desc())):
        if version.opd_id not in chosen or (chosen[version.opd_id].valid_from > day >= version.valid_from):
            chosen[version.opd_id] = version  # the latest in force on the day, else the first version
    return {opd.id: chosen.get(opd.id) or shipped_version(opd) for opd in opds}


def rules_on(opd: Unit, day: date) -> Rules:
    return Rules.read(in_force(opd, day).rules)


def add(opd: Unit, rules: dict, valid_from: date | None, source: str, user) -> RuleVersion:
    """A new version from ``valid_from``. Refused when the rules are wrong (naming the part), when a version
    already starts that day, or when a closed month would fall under it (reopen that month first)."""
    if valid_from is None:
        raise Refused(_l("Enter the day the rules apply from."), "valid_from")
    try:
        Rules.read(rules)
    except BadRules as error:
        raise Refused(_(error.message, **error.values), error.field) from None
    if not db.session.scalar(select(RuleVersion.id).where(RuleVersion.opd_id == opd.id).limit(1)):
        stored(shipped_version(opd), user)  # the first version, kept for the months before the new one
    closed = db.session.scalar(select(HonorMonth).where(HonorMonth.opd_id == opd.id, HonorMonth.state == "closed")
                               .order_by(HonorMonth.year.desc(), HonorMonth.month.desc()).limit(1))
    if closed is not None and date(closed.year, closed.month, 1) >= valid_from:
        raise Refused(_l("The honorarium of %(month)s is closed with the rules in force then: choose a later day, "
                         "or reopen that month first.", month=format_date(date(closed.year, closed.month, 1),
                                                                            "MMMM y")), "valid_from")
    if db.session.scalar(select(RuleVersion.id).where(RuleVersion.opd_id == opd.id,
                                                      RuleVersion.valid_from == valid_from)):
        raise Refused(_l("A version already applies from this day: choose another day."), "valid_from")
    version = RuleVersion(opd_id=opd.id, valid_from=valid_from, rules=rules, source=source.strip(),
                          notes=[], created_by_id=user.id)
    db.session.add(version)
    flush_unique()
    return version
