"""Categories: who may be nominated, how many win, the instrument and the certificates' number pattern."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.awards import numbering
from app.awards.models import Category, Instrument
from app.core.db import check_version
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Unit


def save_category(opd: Unit, data: dict, category: Category | None = None, version: int | None = None) -> Category:
    error = numbering.validate_pattern(data["number_pattern"])
    if error:
        raise Refused(numbering_error(error), "number_pattern")
    instrument = db.session.get(Instrument, data["instrument_id"])
    if instrument is None or instrument.opd_id != opd.id or instrument.superseded:
        raise Refused(_l("Choose a current instrument of this OPD."), "instrument_id")
    if category is None:
        category = Category(opd_id=opd.id)
        db.session.add(category)
    else:
        check_version(category, version)
    for key, value in data.items():
        setattr(category, key, value)
    db.session.flush()
    return category


def numbering_error(error: str):
    if error == "missing_seq":
        return _l("The pattern must contain {seq}, the running number.")
    if error == "missing_year":
        return _l("The pattern must contain {year}: the running number starts again each year.")
    if error == "too_long":
        return _l("The pattern is too long (at most 80 characters).")
    if error.startswith("unknown_placeholder:"):
        return _l("Unknown placeholder {%(name)s}; use {seq}, {unit}, {month}, {month_roman} or {year}.",
                  name=error.split(":", 1)[1])
    return _l("The pattern is not valid: check its braces.")


def rules_of(category: Category) -> dict:
    return {"exclude_sanctioned": category.exclude_sanctioned, "exclude_absent": category.exclude_absent,
            "cooldown_months": category.cooldown_months, "exclude_heads": category.exclude_heads,
            "eligible_position_types": list(category.eligible_position_types or []),
            "eligible_unit_kinds": list(category.eligible_unit_kinds or []),
            "own_unit_conflict": category.own_unit_conflict, "quota_per_unit": category.quota_per_unit,
            "winners": category.winners, "nominee_kind": category.nominee_kind, "category_name": category.name,
            "award_title": category.award}  # resolved: the wording the round prints
