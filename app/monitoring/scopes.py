"""Unit KPIs and realisations sit in their unit; evidence and corrections where their realisation sits.

Relations: the official (PIHAK PERTAMA) enters the realisation of their own agreement whatever their roles;
the agreement's PIHAK KEDUA (the second party of the version in force) verifies it. ``is_party`` is the same
rule on plain ids, for the screens that read lines rather than objects (the grid, reminders).
"""

from app.accounts import access
from app.agreements.models import Agreement
from app.monitoring import auditing
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi


def is_party(user, employee_id: int | None) -> bool:
    """Is ``user`` the person ``employee_id`` (an agreement's first or second party)?"""
    return employee_id is not None and user.employee_id is not None and user.employee_id == employee_id


def is_official(user, agreement) -> bool:
    """PIHAK PERTAMA of ``agreement`` (None: a unit KPI, which has no official)."""
    return agreement is not None and is_party(user, agreement.first_party_id)


def is_second_party(user, agreement) -> bool:
    """PIHAK KEDUA of the agreement's version in force."""
    version = agreement.in_force if agreement is not None else None
    return version is not None and is_party(user, version.second_party_id)


def _reading(holds):
    """The relation ``holds(user, obj)``, for a user whose roles let them read the object (as before: the
    realisation's pages are behind ``monitoring.view``)."""
    return lambda user, obj: holds(user, obj) and access.can(user, "monitoring.view", obj)


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    access.register_scope(UnitKpi, lambda kpi: kpi.unit.path, unit_column=UnitKpi.unit_id)
    access.register_scope(Realisation, lambda realisation: realisation.unit.path,
                          unit_column=Realisation.unit_id)
    for part in (Evidence, RealisationChange):
        access.register_scope(part, lambda obj: obj.realisation.unit.path)
    access.register_relation("monitoring.enter", Agreement, _reading(is_official))
    access.register_relation("monitoring.enter", Realisation,
                             _reading(lambda user, r: is_official(user, r.agreement)))
    access.register_relation("monitoring.enter", Evidence,
                             _reading(lambda user, evidence: is_official(user, evidence.realisation.agreement)))
    access.register_relation("monitoring.verify", RealisationChange,
                             _reading(lambda user, change: is_second_party(user, change.realisation.agreement)))
