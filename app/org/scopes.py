"""Where each object sits in the unit tree, for the access module."""

from app.accounts import access
from app.accounts.models import User
from app.agreements.models import Agreement, BudgetLine, Indicator, Sasaran
from app.awards.models import Category, Certificate, Instrument, Nomination, Round
from app.discipline.models import AttendanceMonth, Sanction
from app.documents.models import IssuedDocument
from app.imports.models import ImportBatch
from app.jobs.models import Job
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi
from app.org.models import Employee, Position, Unit


def _user_path(user: User) -> str:
    return user.employee.unit.path if user.employee else ""


def register() -> None:
    access.register_scope(Unit, lambda unit: unit.path)
    access.register_scope(Position, lambda position: position.unit.path)
    access.register_scope(Employee, lambda employee: employee.unit.path)
    access.register_scope(User, _user_path)
    access.register_self(Employee, lambda employee: employee.id)
    access.register_scope(IssuedDocument, lambda document: document.unit.path if document.unit else "")
    access.register_scope(Agreement, lambda agreement: agreement.unit.path)
    access.register_self(Agreement, lambda agreement: agreement.first_party_id)
    for part in (Sasaran, Indicator, BudgetLine):  # parts of an agreement sit where their agreement sits
        access.register_scope(part, lambda obj: obj.agreement_version.agreement.unit.path)
        access.register_self(part, lambda obj: obj.agreement_version.agreement.first_party_id)
    access.register_scope(UnitKpi, lambda kpi: kpi.unit.path)
    access.register_scope(Realisation, lambda realisation: realisation.unit.path)
    for part in (Evidence, RealisationChange):
        access.register_scope(part, lambda obj: obj.realisation.unit.path)
    for record in (Sanction, AttendanceMonth):
        access.register_scope(record, lambda obj: obj.employee.unit.path)
        access.register_self(record, lambda obj: obj.employee_id)
    for opd_wide in (Category, Instrument):  # everyone in the OPD may know they exist; only HR manages them
        access.register_scope(opd_wide, lambda obj: obj.opd.path, shared_down=frozenset({"awards.view"}))
    access.register_scope(Round, lambda award_round: award_round.opd.path,
                          shared_down=frozenset({"awards.view", "awards.nominate", "awards.score"}))
    access.register_scope(Nomination, lambda nomination: nomination.unit.path)
    access.register_self(Nomination, lambda nomination: nomination.employee_id)
    access.register_scope(Certificate, lambda certificate: certificate.nomination.unit.path)
    access.register_self(Certificate, lambda certificate: certificate.nomination.employee_id)
    access.register_owner(Job, lambda job: job.owner_id)
    access.register_owner(ImportBatch, lambda batch: batch.owner_id)
