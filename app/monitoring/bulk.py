"""Many values of a unit's period at once: the operator submits every saved value the page showed, the verifier
accepts the values they ticked. Each is one decision, all or nothing: when one value cannot take it, none does,
and the refusal names every value that stops it and why (a partial result would leave the user to find out
which values moved). Returning stays one value at a time: each return needs its own note.

The values are written with one UPDATE statement, each row only at the version the user saw (the unit of work
would write one statement per row, as the version counter asks), so the cost does not grow with their number;
the audit trail and the dashboards' figures follow as they do a flush.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.agreements.models import Agreement
from app.audit.listeners import record_updates
from app.core.db import utcnow
from app.core.errors import Conflict, Refused
from app.core.http import MAX_ID
from app.extensions import db
from app.monitoring.labels import status_labels
from app.monitoring.listeners import mark
from app.monitoring.models import Realisation
from app.monitoring.services import can_enter, can_verify

EDITABLE = ("draft", "returned")


def submit_many(unit, year: int, kind: str, period: int, picked: dict[int, int], user) -> list[Realisation]:
    """Submit at once the saved values of a period that the page showed the user (``picked``: id → version)."""
    if not picked:
        raise Refused(_l("There is no saved value to submit in this period."))
    realisations = _load(unit, year, kind, period, picked)

    def problem(realisation: Realisation, name):
        if realisation.status not in EDITABLE:
            return _l("“%(name)s” is already %(status)s", name=name(), status=status_labels()[realisation.status])
        if realisation.value is None:
            return _l("“%(name)s” has no value yet", name=name())
        if not can_enter(user, realisation.subject):
            return _l("only the unit's operator or the official submits “%(name)s”", name=name())
        return None

    _all_or_nothing(realisations, picked, problem, _("Nothing was submitted: %(problems)s."))
    _write(realisations, picked, Realisation.status.in_(EDITABLE), status="submitted", returned_note="")
    return realisations


def accept_many(unit, year: int, kind: str, period: int, picked: dict[int, int], user) -> list[Realisation]:
    """Accept at once the submitted values the verifier ticked (``picked``: id → the version they saw)."""
    if not picked:
        raise Refused(_l("Choose the values to accept first."))
    realisations = _load(unit, year, kind, period, picked)

    def problem(realisation: Realisation, name):
        if realisation.status != "submitted":
            return _l("“%(name)s” is %(status)s, not waiting for verification", name=name(),
                      status=status_labels()[realisation.status])
        if realisation.entered_by_id == user.id:
            return _l("you entered “%(name)s” yourself", name=name())
        if not can_verify(user, realisation.subject, realisation):
            return _l("only the official's superior or HR verifies “%(name)s”", name=name())
        return None

    _all_or_nothing(realisations, picked, problem, _("Nothing was accepted: %(problems)s."))
    _write(realisations, picked, Realisation.status == "submitted", status="accepted", returned_note="",
           verified_by_id=user.id, verified_at=utcnow())
    return realisations


def _load(unit, year: int, kind: str, period: int, picked: dict[int, int]) -> list[Realisation]:
    """The realisations ``picked`` among the unit's values of one period, in the order picked, with what the rules
    read (the KPI, or the agreement and its versions) loaded in a fixed number of statements. An id that is not
    there (another period or unit, or gone) refuses them all."""
    ids = [rid for rid in picked if 0 < rid <= MAX_ID]
    found = {r.id: r for r in db.session.scalars(
        select(Realisation).where(Realisation.id.in_(ids), Realisation.unit_id == unit.id, Realisation.year == year,
                                  Realisation.period_kind == kind, Realisation.period == period)
        .options(selectinload(Realisation.kpi), selectinload(Realisation.agreement).selectinload(Agreement.versions))
    )} if ids else {}
    if len(found) < len(picked):
        raise Refused(_l("A chosen value is no longer among the values of this period: reload the page and choose "
                         "again. Nothing was changed."))
    return [found[rid] for rid in picked]


def value_name(realisation: Realisation) -> str:
    """The indicator's (or unit KPI's) name, for a message about one value among many."""
    if realisation.kpi_id is not None:
        return realisation.kpi.name
    agreement = realisation.agreement
    version = agreement.in_force or agreement.latest
    return next((i.name for i in version.indicators if i.key == realisation.indicator_key), "")


def _all_or_nothing(realisations: list[Realisation], picked: dict[int, int], problem, refusal: str) -> None:
    """Refuse the whole decision, naming every value that stops it: ``problem(r, name)`` says why (or None),
    ``name()`` giving the value's name when needed; ``refusal`` is the message with their list."""
    problems = []
    for realisation in realisations:
        def name(r=realisation):
            return value_name(r)

        why = (_l("“%(name)s” was changed after you opened the page", name=name())
               if realisation.version != picked[realisation.id] else problem(realisation, name))
        if why:
            problems.append(str(why))
    if problems:
        raise Refused(refusal % {"problems": "; ".join(problems)})


def _write(realisations: list[Realisation], picked: dict[int, int], still, **values) -> None:
    """One UPDATE for every row, each only at the version the user saw and while ``still`` holds (else someone
    changed one meanwhile: ``Conflict``, nothing kept); then the rows in the session, the audit trail and the
    dashboards' figures as after a flush."""
    pairs = [(r.id, picked[r.id]) for r in realisations]
    result = db.session.execute(
        update(Realisation).where(tuple_(Realisation.id, Realisation.version).in_(pairs), still)
        .values(version=Realisation.version + 1, **values).execution_options(synchronize_session=False))
    if result.rowcount != len(pairs):
        raise Conflict()
    changes = []
    for realisation in realisations:
        changes.append((realisation, {key: [getattr(realisation, key), value] for key, value in values.items()
                                      if getattr(realisation, key) != value}))
        for key, value in values.items():
            set_committed_value(realisation, key, value)
        set_committed_value(realisation, "version", realisation.version + 1)
        db.session.expire(realisation, ["updated_at"])
    record_updates(db.session, changes)
    for unit_id, year in {(r.unit_id, r.year) for r in realisations}:
        mark(db.session, unit_id, year)
