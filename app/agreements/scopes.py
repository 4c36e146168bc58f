"""Where agreements sit, and who acts on one because of their part in it.

An agreement sits in its unit, and its parts (sasaran, indicators, budget lines) where their agreement sits;
the official reads their own. The parties act whatever their roles: PIHAK PERTAMA drafts, submits, signs,
revises and copies their agreement; PIHAK KEDUA (of the latest version) returns and countersigns it; HR over
the unit records the countersignature of a PIHAK KEDUA outside the organisation (the Kepala Daerah). A party
acts only on an agreement they may read (as before: the step was behind ``agreements.view``).
"""

from app.accounts import access
from app.agreements import auditing
from app.agreements.models import Agreement, BudgetLine, Indicator, Sasaran
from app.agreements.services.parties import is_first_party, is_second_party, records_for_outsider
from app.org import years

PARTS = (Sasaran, Indicator, BudgetLine)


def _agreement(obj) -> Agreement:
    return obj if isinstance(obj, Agreement) else obj.agreement_version.agreement


def _party(holds):
    """The relation ``holds(user, agreement)``, for a user who may read the agreement."""
    return lambda user, obj: holds(user, _agreement(obj)) and access.can(user, "agreements.view", _agreement(obj))


def _second_party(user, agreement: Agreement) -> bool:
    return is_second_party(user, agreement.latest)


def _countersigner(user, agreement: Agreement) -> bool:
    return is_second_party(user, agreement.latest) or records_for_outsider(user, agreement.latest)


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    access.register_scope(Agreement, lambda agreement: agreement.unit.path, unit_column=Agreement.unit_id)
    access.register_self(Agreement, lambda agreement: agreement.first_party_id,
                         employee_column=Agreement.first_party_id)
    for part in PARTS:
        access.register_scope(part, lambda obj: obj.agreement_version.agreement.unit.path)
        access.register_self(part, lambda obj: obj.agreement_version.agreement.first_party_id)

    for model in (Agreement, *PARTS):
        access.register_relation("agreements.edit", model, _party(is_first_party))
    for action in ("agreements.submit", "agreements.sign", "agreements.revise", "agreements.copy"):
        access.register_relation(action, Agreement, _party(is_first_party))
    access.register_relation("agreements.return", Agreement, _party(_second_party))
    access.register_relation("agreements.countersign", Agreement, _party(_countersigner))
    years.register_year_source(_years_in_force)


def _years_in_force(user):
    """The years in which an agreement the user can read is in force (the working year's fallback)."""
    from sqlalchemy import select

    from app.agreements.models import AgreementVersion

    return (select(Agreement.year).join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
            .where(AgreementVersion.status == "in_force", access.scoped(user, "agreements.view", Agreement)))
