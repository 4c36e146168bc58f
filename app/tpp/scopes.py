"""TPP records sit where their OPD or person is; a person reads their own rating and result and contests it; the superior rates
(their unit's rating page, and each of their people). Presets belong to the
whole pemda: anyone who may view TPP reads them."""

from app.accounts import access
from app.attendance.superior import heads_unit_or_above, is_superior
from app.documents.services import register_readers
from app.org.models import Employee, Unit
from app.tpp import auditing
from app.tpp.models import Objection, Period, Preset, Rating, Result


def _reads(user, obj) -> bool:
    """A relation holds only while one of the user's roles still reaches the object (see ``access``)."""
    return access.has_role(user, obj, access.ALL_ROLES)


def _rates_person(user, person: Employee) -> bool:
    return _reads(user, person) and is_superior(user, person)


def _rates_unit(user, unit: Unit) -> bool:
    return heads_unit_or_above(user, unit) and _reads(user, unit)


def _own_open_result(user, result: Result) -> bool:
    return (user.employee_id is not None and user.employee_id == result.employee_id and _reads(user, result)
            and result.period.state == "open")


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    # An OPD's month: its units' HR and leaders see it (and only their own people's results on it).
    access.register_scope(Period, lambda obj: obj.opd.path, shared_down=frozenset({"tpp.view"}),
                          unit_column=Period.opd_id)
    access.register_scope(Rating, lambda obj: obj.employee.unit.path)
    access.register_scope(Objection, lambda obj: obj.employee.unit.path)
    # A result sits where its person worked when it was calculated.
    access.register_scope(Result, lambda obj: obj.unit.path, unit_column=Result.unit_id)
    for record in (Rating, Result, Objection):
        access.register_self(record, lambda obj: obj.employee_id, employee_column=record.employee_id)
    # The pemda's: every role that may view TPP reads them
    # (and HR uses them for its months: a simulation names one); only a role over the whole installation edits.
    access.register_scope(Preset, lambda obj: "", shared_down=frozenset({"tpp.view", "tpp.manage"}))
    access.register_relation("tpp.rate", Employee, _rates_person)
    access.register_relation("tpp.rate", Unit, _rates_unit)
    access.register_relation("tpp.object", Result, _own_open_result)
    # The payment list holds everyone's TPP: who may view the OPD's months, not every role of the OPD.
    register_readers("tpp_payment_list", lambda user, document: access.can(user, "tpp.view", document))
