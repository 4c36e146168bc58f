"""Non-ASN records sit where their contract's unit is (a contract moves with nobody: the worker's unit may
change, the contract's stays); the worker reads their own. The OPD's rules and months sit at the OPD: the units
inside it read them."""

from app.accounts import access
from app.attendance.calendar import register_employment
from app.documents.services import register_readers
from app.extensions import db
from app.workers import auditing
from app.workers.models import Contract, Evaluation, HonorLine, HonorMonth, RuleVersion, WorkerWarning
from app.workers.services import contracts


def register() -> None:
    auditing.register()
    register_employment(contracts.employed)  # the attendance pass records a worker's contract days only
    access.register_scope(Contract, lambda obj: obj.unit.path, unit_column=Contract.unit_id)
    access.register_scope(WorkerWarning, lambda obj: obj.contract.unit.path)
    access.register_scope(Evaluation, lambda obj: obj.contract.unit.path)
    access.register_scope(HonorLine, lambda obj: obj.unit.path, unit_column=HonorLine.unit_id)
    for record in (Contract, WorkerWarning, Evaluation, HonorLine):
        access.register_self(record, lambda obj: obj.employee_id, employee_column=record.employee_id)
    access.register_scope(HonorMonth, lambda obj: obj.opd.path, shared_down=frozenset({"workers.view"}),
                          unit_column=HonorMonth.opd_id)
    access.register_scope(RuleVersion, lambda obj: obj.opd.path, shared_down=frozenset({"workers.view"}),
                          unit_column=RuleVersion.opd_id)
    # A worker's SPK: who may view the contract (the worker included); a recap (everyone's pay): who may view
    # the unit's workers. Not every role of the unit the document sits in.
    register_readers("worker_contract", _reads_contract)
    register_readers("honor_recap", lambda user, document: access.can(user, "workers.view", document))


def _reads_contract(user, document) -> bool:
    contract = db.session.get(Contract, document.source_id)
    return contract is not None and access.can(user, "workers.view", contract)
