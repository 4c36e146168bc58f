"""Drafting an agreement: creating it (or next year's from an earlier one), its header and its contents.

Services flush; the route commits once. Every change goes through ``parties.require`` (the version's
status, the user's part, the version counter of the form).
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.agreements import rules
from app.agreements.models import Agreement, AgreementVersion, BudgetLine, Indicator, Sasaran
from app.agreements.services.parties import (
    check_second_party,
    default_second_party,
    head_of,
    is_head_of,
    require,
    second_party_of,
)
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.services import get_pemda

INDICATOR_FIELDS = ("name", "satuan", "polarity", "target", "target_min", "target_max", "tw1", "tw2", "tw3",
                    "tw4", "aggregation", "quarter_note", "definition", "data_source", "supports_key",
                    "period_kind", "month_targets", "cap_pct")


# -- creating ----------------------------------------------------------------------------------------------

def create(year: int, unit: Unit, first_party: Employee, second_party: Employee | None = None,
           external_name: str = "", external_position: str = "") -> Agreement:
    """A new agreement with version 1 as a draft. PIHAK KEDUA defaults to the head of the unit above."""
    if not is_head_of(first_party, unit):
        raise Refused(_l("%(name)s is not the head of %(unit)s, so cannot be PIHAK PERTAMA of its agreement.",
                         name=first_party.display_name, unit=unit.name), "first_party_id")
    if db.session.scalar(select(Agreement.id).where(Agreement.year == year, Agreement.unit_id == unit.id,
                                                    Agreement.first_party_id == first_party.id)):
        raise Refused(_l("%(name)s already has an agreement for %(year)s in this unit.",
                         name=first_party.display_name, year=year), "year")
    if second_party is None and not external_name:
        second_party = default_second_party(unit)
    check_second_party(unit, second_party)
    pemda = get_pemda()
    agreement = Agreement(year=year, unit_id=unit.id, first_party_id=first_party.id)
    version = AgreementVersion(number=1, status="draft", second_party_id=second_party.id if second_party else None,
                               second_party_name="" if second_party else external_name,
                               second_party_position="" if second_party else external_position,
                               place=pemda.city if pemda else "")
    agreement.versions.append(version)
    db.session.add(agreement)
    db.session.flush()
    return agreement


def create_for_unit(year: int, unit: Unit, second_party: Employee | None = None, external_name: str = "",
                    external_position: str = "") -> Agreement:
    """A new draft for the head of ``unit`` (PIHAK PERTAMA)."""
    head = head_of(unit)
    if head is None:
        raise Refused(_l("%(unit)s has no head, so it has no agreement to make.", unit=unit.name), "unit_id")
    return create(year, unit, head, second_party, external_name, external_position)


def update_header(version: AgreementVersion, user, data: dict, expected: int | None) -> AgreementVersion:
    require("edit", user, version, expected)
    second = second_party_of(data.get("second_party_id"))
    check_second_party(version.agreement.unit, second)
    if second is None and not (data.get("second_party_name") or "").strip():
        raise Refused(_l("Choose PIHAK KEDUA, or give the name and position of the Kepala Daerah."),
                      "second_party_id")
    version.second_party_id = second.id if second else None
    version.second_party_name = "" if second else data["second_party_name"].strip()
    version.second_party_position = "" if second else (data.get("second_party_position") or "").strip()
    version.place = data.get("place", version.place)
    version.signed_on = data.get("signed_on")
    db.session.flush()
    return version


# -- contents ---------------------------------------------------------------------------------------------

def add_sasaran(version: AgreementVersion, user, text: str, expected: int | None = None) -> Sasaran:
    require("edit", user, version, expected)
    sasaran = Sasaran(text=text, position=len(version.sasaran) + 1)
    version.sasaran.append(sasaran)
    db.session.flush()
    return sasaran


def update_sasaran(sasaran: Sasaran, user, text: str, expected: int | None = None) -> Sasaran:
    require("edit", user, sasaran.agreement_version, expected)
    sasaran.text = text
    db.session.flush()
    return sasaran


def delete_part(part: Sasaran | Indicator | BudgetLine, user) -> None:
    """Remove a sasaran (with its indicators), an indicator or a budget line from the draft."""
    require("edit", user, part.agreement_version)
    db.session.delete(part)
    db.session.flush()


def superior_indicators(agreement: Agreement) -> list[Indicator]:
    """The indicators of the superior's agreement for the same year (the latest version of it)."""
    unit = agreement.unit
    if unit.parent_id is None:
        return []
    superior = db.session.scalars(select(Agreement).where(Agreement.year == agreement.year,
                                                          Agreement.unit_id == unit.parent_id)).first()
    return superior.latest.indicators if superior else []


def save_indicator(sasaran: Sasaran, user, data: dict, indicator: Indicator | None = None,
                   expected: int | None = None) -> Indicator:
    version = sasaran.agreement_version
    require("edit", user, version, expected)
    quarters = tuple(data.get(f"tw{i}") for i in range(1, 5))
    problems = rules.check_targets(data["polarity"], data.get("target"), data.get("target_min"),
                                   data.get("target_max"), quarters, data["aggregation"], data.get("quarter_note") or "")
    problems += rules.check_months(data.get("period_kind") or "quarter", data.get("month_targets"))
    if problems:
        raise Refused(problems[0].message, problems[0].field)
    if data.get("supports_key") and data["supports_key"] not in {i.key for i in superior_indicators(version.agreement)}:
        raise Refused(_l("Choose an indicator of the superior's agreement for the same year."), "supports_key")
    if data["polarity"] == "range":
        data = dict(data, target=None)
    else:
        data = dict(data, target_min=None, target_max=None)
    if indicator is None:
        indicator = Indicator(agreement_version=version, sasaran=sasaran, position=len(sasaran.indicators) + 1)
        db.session.add(indicator)
    for field in INDICATOR_FIELDS:
        setattr(indicator, field, data.get(field) if data.get(field) is not None else _default(field))
    db.session.flush()
    return indicator


def _default(field: str):
    return {"quarter_note": "", "definition": "", "data_source": "", "period_kind": "quarter",
            "cap_pct": Decimal(120)}.get(field)


def save_budget_line(version: AgreementVersion, user, data: dict, line: BudgetLine | None = None,
                     expected: int | None = None) -> BudgetLine:
    require("edit", user, version, expected)
    if data["amount"] is None or data["amount"] < 0:
        raise Refused(_l("The budget is a whole number of rupiah, zero or more."), "amount")
    if line is None:
        line = BudgetLine(position=len(version.budget_lines) + 1)
        version.budget_lines.append(line)
    line.level, line.name, line.amount, line.note = data["level"], data["name"], int(data["amount"]), data.get("note") or ""
    db.session.flush()
    return line


def copy_contents(source: AgreementVersion, target: AgreementVersion) -> None:
    for s in source.sasaran:
        copy = Sasaran(text=s.text, position=s.position)
        target.sasaran.append(copy)
        for i in s.indicators:
            copy.indicators.append(Indicator(
                agreement_version=target, position=i.position, key=i.key,
                **{f: getattr(i, f) for f in INDICATOR_FIELDS}))
    for line in source.budget_lines:
        target.budget_lines.append(BudgetLine(position=line.position, level=line.level, name=line.name,
                                              amount=line.amount, note=line.note))


def has_contents(version: AgreementVersion) -> bool:
    """Whether a version has something to submit or to copy: at least one indicator."""
    return bool(version.indicators)


def copy_to_next_year(agreement: Agreement) -> Agreement:
    """The next year's draft of an agreement, asked for on its page: refused while there is nothing to copy."""
    if not has_contents(agreement.in_force or agreement.latest):
        raise Refused(_l("There is nothing to copy yet: add a sasaran with at least one indicator first."))
    return copy_to_year(agreement, agreement.year + 1)


def next_year_of(agreement: Agreement) -> Agreement | None:
    """The same official's agreement for the same unit in the year after, if there is one already."""
    return db.session.scalars(select(Agreement).where(
        Agreement.year == agreement.year + 1, Agreement.unit_id == agreement.unit_id,
        Agreement.first_party_id == agreement.first_party_id)).first()


def copy_to_year(previous: Agreement, year: int) -> Agreement:
    """Next year's draft from an earlier agreement: same sasaran, indicators and budget lines to adjust."""
    agreement = create(year, previous.unit, previous.first_party)
    copy_contents(previous.in_force or previous.latest, agreement.latest)
    db.session.flush()
    return agreement
