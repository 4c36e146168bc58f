"""How the audit trail names TPP records (see ``app.audit.kinds``). Results are derived: not logged (the
period's calculation, closing and reopening are)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit import kinds
from app.org.models import Employee
from app.tpp import labels
from app.tpp.models import Objection, Period, Preset, Rating, Result


def register() -> None:
    kinds.register(Rating, _l("Monthly rating"),
                   lambda rating, cache: f"{rating.employee.display_name}, {kinds.month_year(rating.month, rating.year)}",
                   parent=(Employee, Rating.employee_id), formats={"month": "month"},
                   choices={"hasil_kerja": labels.expectations, "perilaku": labels.expectations,
                            "predikat": labels.predikats},
                   fields={"employee_id": _l("employee"), "year": _l("year"), "month": _l("month"),
                           "hasil_kerja": _l("work results"), "perilaku": _l("work behaviour"),
                           "predikat": _l("predikat"), "note": _l("note"), "rated_by_id": _l("rated by")})
    kinds.register(Preset, _l("TPP preset"),
                   lambda preset, cache: _("%(name)s, version %(n)s", name=preset.name, n=preset.number),
                   formats={"rules": "changed", "notes": "changed"},
                   fields={"family": _l("preset"), "number": _l("version"), "name": _l("name"),
                           "source": _l("regulation"), "notes": _l("notes"), "rules": _l("rules"),
                           "valid_from": _l("in force from"), "created_by_id": _l("created by")})
    kinds.register(Period, _l("TPP month"),
                   lambda period, cache: f"{period.opd.name}, {kinds.month_year(period.month, period.year)}",
                   formats={"month": "month", "total": "rupiah"}, choices={"state": labels.states},
                   fields={"opd_id": _l("OPD"), "year": _l("year"), "month": _l("month"),
                           "preset_id": _l("preset"), "state": _l("state"), "people": _l("people"),
                           "total": _l("total TPP"), "calculated_at": _l("calculated at"),
                           "calculated_by_id": _l("calculated by"), "closed_at": _l("closed at"),
                           "closed_by_id": _l("closed by"), "reopen_reason": _l("reason for reopening")})
    kinds.register(Objection, _l("TPP objection"),
                   lambda objection, cache: f"{objection.employee.display_name}, "
                                            f"{kinds.month_year(objection.period.month, objection.period.year)}",
                   parent=(Employee, Objection.employee_id), choices={"state": labels.objection_states},
                   fields={"period_id": _l("TPP month"), "employee_id": _l("employee"), "day": _l("day"),
                           "code": _l("deduction"), "reason": _l("reason"), "attachment": _l("attachment"),
                           "attachment_name": _l("attachment"), "state": _l("state"),
                           "resolution": _l("decision note"), "created_by_id": _l("lodged by"),
                           "resolved_by_id": _l("decided by"), "resolved_at": _l("decided at")})
    kinds.not_audited(Result)
