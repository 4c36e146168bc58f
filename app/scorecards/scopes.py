"""Scorecards read people and units, whose places in the tree org registered. A person issues their own
closed period's scorecard; an issued scorecard's PDF is read by who may view the scorecard (the person, their
leaders and HR), not by every role of the unit it sits in."""

from app.accounts import access
from app.documents.services import register_readers
from app.extensions import db
from app.org.models import Employee, Unit
from app.scorecards.document import KIND


def _own(user, person: Employee) -> bool:
    return user.employee_id == person.id and access.has_role(user, person, access.ALL_ROLES)


def _reads(user, document) -> bool:
    kind = document.source_type.split("/")[1]
    subject = db.session.get(Employee if kind == "person" else Unit, document.source_id)
    return subject is not None and access.can(user, "scorecards.view", subject)


def register() -> None:
    access.register_relation("scorecards.issue", Employee, _own)
    register_readers(KIND, _reads)
