"""Instruments: the criteria, weights and scales a round scores with; a used one changes as a new version."""

from __future__ import annotations

import uuid
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.awards.models import CRITERION_SOURCES, Category, Criterion, Instrument, Round
from app.core.db import check_version, flush_unique, utcnow
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Unit


def _clean_criteria(rows: list[dict]) -> list[dict]:
    cleaned = []
    for row in rows:
        if not (row.get("name") or "").strip():
            continue
        source = row.get("source") or "assessor"
        if source not in CRITERION_SOURCES:
            raise Refused(_l("Choose who fills “%(name)s” in.", name=row["name"].strip()))
        low, high = (Decimal(0), Decimal(100)) if source != "assessor" else (
            Decimal(_given(row.get("scale_min"), 1)), Decimal(_given(row.get("scale_max"), 5)))
        if low >= high:
            raise Refused(_l("The scale of “%(name)s” must go from a lower to a higher value.",
                             name=row["name"].strip()))
        weight = Decimal(row.get("weight") or 0)
        if weight <= 0:
            raise Refused(_l("The weight of “%(name)s” must be more than 0.", name=row["name"].strip()))
        cleaned.append({"name": row["name"].strip(), "description": (row.get("description") or "").strip(),
                        "weight": weight, "scale_min": low, "scale_max": high, "source": source})
    if not cleaned:
        raise Refused(_l("Give at least one criterion."))
    total = sum(c["weight"] for c in cleaned)
    if total != 100:
        raise Refused(_l("The weights add up to %(total)s; they must add up to 100.", total=total))
    return cleaned


def _given(value, default):
    return default if value is None or value == "" else value


def instrument_used(instrument: Instrument) -> bool:
    return db.session.scalar(select(func.count()).select_from(Round).where(
        Round.instrument_id == instrument.id)) > 0


def save_instrument(opd: Unit, name: str, note: str, criteria: list[dict],
                    instrument: Instrument | None = None, version: int | None = None) -> Instrument:
    """Create an instrument, or change one: in place while no round used it, else as a new version."""
    if instrument is not None:
        check_version(instrument, version)
    rows = _clean_criteria(criteria)
    if not name.strip():
        raise Refused(_l("Give the instrument a name."), "name")
    if instrument is not None and instrument.superseded:
        raise Refused(_l("This version was replaced by a newer one; change the newest version."))
    if instrument is None or instrument_used(instrument):
        previous = instrument
        instrument = Instrument(opd_id=opd.id, family=previous.family if previous else uuid.uuid4().hex,
                                number=previous.number + 1 if previous else 1, name=name.strip(), note=note.strip())
        db.session.add(instrument)
        if previous is not None:
            previous.superseded = True
            db.session.flush()
            db.session.execute(update(Category).where(Category.instrument_id == previous.id)
                               .values(instrument_id=instrument.id, version=Category.version + 1))
    else:
        instrument.criteria.clear()
        db.session.flush()
    instrument.name, instrument.note = name.strip(), note.strip()
    instrument.updated_at = utcnow()  # bumps the version: a second editor of the same version gets a conflict
    for position, row in enumerate(rows, 1):
        instrument.criteria.append(Criterion(position=position, **row))
    flush_unique()  # someone made the same new version a moment ago: Conflict
    return instrument


def instruments_of(opd_id: int, current_only: bool = True) -> list[Instrument]:
    stmt = select(Instrument).where(Instrument.opd_id == opd_id).order_by(Instrument.name, Instrument.number)
    if current_only:
        stmt = stmt.where(Instrument.superseded.is_(False))
    return list(db.session.scalars(stmt))
