"""An agreement sits in its unit, and its parts where their agreement sits; the official reads their own."""

from app.accounts import access
from app.agreements.models import Agreement, BudgetLine, Indicator, Sasaran


def register() -> None:
    access.register_scope(Agreement, lambda agreement: agreement.unit.path, unit_column=Agreement.unit_id)
    access.register_self(Agreement, lambda agreement: agreement.first_party_id,
                         employee_column=Agreement.first_party_id)
    for part in (Sasaran, Indicator, BudgetLine):
        access.register_scope(part, lambda obj: obj.agreement_version.agreement.unit.path)
        access.register_self(part, lambda obj: obj.agreement_version.agreement.first_party_id)
