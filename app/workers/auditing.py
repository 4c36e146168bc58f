"""How the audit trail names non-ASN records (see ``app.audit.kinds``). Honorarium lines are derived: not
logged (the month's closing and reopening are)."""

from flask_babel import lazy_gettext as _l

from app.audit import kinds
from app.org.models import Employee
from app.workers import labels
from app.workers.models import Contract, Evaluation, HonorLine, HonorMonth, RuleVersion, WorkerWarning


def register() -> None:
    kinds.register(Contract, _l("Non-ASN contract"),
                   lambda c, cache: f"{c.number or _l('draft')}, {c.employee.display_name} ({c.year})",
                   parent=(Employee, Contract.employee_id), formats={"rate": "rupiah"},
                   choices={"state": labels.states, "pay_basis": labels.bases, "renewal": labels.decisions},
                   fields={"employee_id": _l("worker"), "unit_id": _l("unit"), "year": _l("budget year"),
                           "number": _l("number"), "starts_on": _l("first day"), "ends_on": _l("last day"),
                           "position": _l("position"), "duties": _l("duties"), "pay_basis": _l("pay basis"),
                           "rate": _l("honorarium"), "shift_id": _l("shift"), "workplace": _l("place of work"),
                           "state": _l("state"), "signed_on": _l("signed on"), "document_id": _l("SPK document"),
                           "terminated_on": _l("terminated on"), "termination_reason": _l("reason for termination"),
                           "renewal": _l("renewal decision"), "renewal_note": _l("decision note"),
                           "renewal_by_id": _l("decided by"), "renewed_from_id": _l("renewal of"),
                           "created_by_id": _l("created by")})
    kinds.register(WorkerWarning, _l("Warning to a non-ASN worker"),
                   lambda w, cache: f"{labels.short_levels()[w.level]}, {w.employee.display_name}",
                   parent=(Employee, WorkerWarning.employee_id), choices={"level": labels.levels},
                   fields={"contract_id": _l("contract"), "employee_id": _l("worker"), "level": _l("warning"),
                           "given_on": _l("given on"), "reason": _l("reason"), "letter_number": _l("letter number"),
                           "attachment": _l("attachment"), "attachment_name": _l("attachment"),
                           "created_by_id": _l("recorded by")})
    kinds.register(Evaluation, _l("Evaluation of a non-ASN worker"),
                   lambda e, cache: f"{e.employee.display_name}, {labels.period(e.period)}",
                   parent=(Employee, Evaluation.employee_id), formats={"points": "changed"},
                   choices={"result": labels.results},
                   fields={"contract_id": _l("contract"), "employee_id": _l("worker"), "period": _l("period"),
                           "points": _l("points"), "scale": _l("scale"), "score": _l("score"),
                           "result": _l("result"), "note": _l("note"), "evaluated_on": _l("evaluated on"),
                           "evaluated_by_id": _l("evaluated by")})
    kinds.register(RuleVersion, _l("Non-ASN rules"),
                   lambda r, cache: f"{r.opd.name}, {r.valid_from:%d-%m-%Y}",
                   formats={"rules": "changed", "notes": "changed"},
                   fields={"opd_id": _l("OPD"), "valid_from": _l("in force from"), "rules": _l("rules"),
                           "source": _l("decision"), "notes": _l("notes"), "created_by_id": _l("created by")})
    kinds.register(HonorMonth, _l("Honorarium month"),
                   lambda m, cache: f"{m.opd.name}, {kinds.month_year(m.month, m.year)}",
                   formats={"month": "month", "total": "rupiah"}, choices={"state": labels.month_states},
                   fields={"opd_id": _l("OPD"), "year": _l("year"), "month": _l("month"),
                           "rules_id": _l("rules"), "state": _l("state"), "people": _l("workers"),
                           "total": _l("total received"), "closed_at": _l("closed at"),
                           "closed_by_id": _l("closed by"), "reopen_reason": _l("reason for reopening")})
    kinds.not_audited(HonorLine)
