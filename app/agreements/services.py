"""Perjanjian Kinerja use cases. Services flush; the route commits once.

Who may take a workflow step is decided by ``actors`` (the user's part in this agreement) and the pure
transition table in ``rules``; what the user may open at all is decided by the access module.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accounts.access import can, is_admin
from app.agreements import rules
from app.agreements.models import (
    REVISION_REASONS,
    Agreement,
    AgreementVersion,
    BudgetLine,
    Indicator,
    Sasaran,
)
from app.core.db import check_version, utcnow
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Position, Unit
from app.org.rules import format_nip, format_pangkat, full_name
from app.org.services import as_of, get_pemda

INDICATOR_FIELDS = ("name", "satuan", "polarity", "target", "target_min", "target_max", "tw1", "tw2", "tw3",
                    "tw4", "aggregation", "quarter_note", "definition", "data_source", "supports_key",
                    "period_kind", "month_targets", "cap_pct")


# -- parties ---------------------------------------------------------------------------------------------

def head_of(unit: Unit) -> Employee | None:
    """The active holder of the unit's head position, if there is one."""
    return db.session.scalar(
        select(Employee).join(Position, Employee.position_id == Position.id)
        .where(Position.unit_id == unit.id, Position.is_head.is_(True), Employee.status == "aktif")
        .order_by(Employee.id).limit(1))


def is_head_of(employee: Employee, unit: Unit) -> bool:
    return bool(employee.position and employee.position.is_head and employee.position.unit_id == unit.id)


def _check_second_party(unit: Unit, second: Employee | None) -> None:
    if second is None:
        return
    if not (second.position and second.position.is_head and second.position.unit_id in unit.ancestor_ids):
        raise Refused(_l("PIHAK KEDUA must be the head of a unit above %(unit)s; %(name)s is not.",
                         unit=unit.name, name=second.display_name), "second_party_id")


def actors(user, version: AgreementVersion) -> frozenset[str]:
    """The user's parts in this agreement: first_party, second_party, hr, admin, external_recorder."""
    agreement = version.agreement
    parts = set()
    if user.employee_id is not None and user.employee_id == agreement.first_party_id:
        parts.add("first_party")
    if user.employee_id is not None and user.employee_id == version.second_party_id:
        parts.add("second_party")
    if can(user, "agreements.manage", agreement):
        parts.add("hr")
    if is_admin(user):
        parts.add("admin")
    if version.second_party_id is None and parts & {"hr", "admin"}:
        parts.add("external_recorder")  # the Kepala Daerah has no account: HR records the countersignature
    return frozenset(parts)


def require(action: str, user, version: AgreementVersion, expected: int | None = None) -> None:
    check_version(version, expected)
    problem = rules.transition_problem(action, version.status, actors(user, version))
    if problem:
        raise Refused(problem)
    if action == "edit":
        version.updated_at = utcnow()  # every change to the contents bumps the draft's version counter


def snapshot(employee: Employee, on: date) -> dict:
    """A party as they were on the signing date: name with titles, position, pangkat, NIP."""
    then = as_of(employee.id, on)
    position = then.position if then else employee.position
    golongan = then.golongan if then else employee.golongan
    return {"name": full_name(employee.name, employee.front_title, employee.back_title),
            "position": position.name if position else "", "pangkat": format_pangkat(golongan),
            "nip": employee.nip or "", "nip_display": format_nip(employee.nip) if employee.nip else ""}


def external_snapshot(version: AgreementVersion) -> dict:
    return {"name": version.second_party_name, "position": version.second_party_position, "pangkat": "",
            "nip": "", "nip_display": ""}


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
    if second_party is None and unit.parent is not None and not external_name:
        second_party = head_of(unit.parent)
    _check_second_party(unit, second_party)
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


def update_header(version: AgreementVersion, user, data: dict, expected: int | None) -> AgreementVersion:
    require("edit", user, version, expected)
    second = db.session.get(Employee, data["second_party_id"]) if data.get("second_party_id") else None
    _check_second_party(version.agreement.unit, second)
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


def delete_sasaran(sasaran: Sasaran, user) -> None:
    require("edit", user, sasaran.agreement_version)
    db.session.delete(sasaran)
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


def delete_indicator(indicator: Indicator, user) -> None:
    require("edit", user, indicator.agreement_version)
    db.session.delete(indicator)
    db.session.flush()


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


def delete_budget_line(line: BudgetLine, user) -> None:
    require("edit", user, line.agreement_version)
    db.session.delete(line)
    db.session.flush()


# -- workflow ---------------------------------------------------------------------------------------------

def submit(version: AgreementVersion, user, expected: int | None = None) -> AgreementVersion:
    require("submit", user, version, expected)
    if not version.indicators:
        raise Refused(_l("Add at least one sasaran with an indicator before submitting."))
    if version.second_party_id is None and not version.second_party_name:
        raise Refused(_l("Choose PIHAK KEDUA, or give the name and position of the Kepala Daerah."))
    version.status, version.submitted_at, version.returned_note = "submitted", utcnow(), ""
    db.session.flush()
    return version


def return_for_changes(version: AgreementVersion, user, note: str, expected: int | None = None) -> AgreementVersion:
    require("return", user, version, expected)
    if not note.strip():
        raise Refused(_l("Say what must change: the note is sent back with the agreement."), "note")
    version.status, version.returned_note = "returned", note.strip()
    version.signed_at = version.signed_by_id = version.first_party_snapshot = None
    db.session.flush()
    return version


def sign(version: AgreementVersion, user, pakta: bool, on: date, place: str,
         expected: int | None = None) -> AgreementVersion:
    """PIHAK PERTAMA signs the agreement and the pakta integritas."""
    require("sign", user, version, expected)
    if not pakta:
        raise Refused(_l("Signing includes the pakta integritas: tick the statement to sign."), "pakta")
    if not place.strip():
        raise Refused(_l("Give the place of signing."), "place")
    version.place, version.signed_on = place.strip(), on
    version.first_party_snapshot = snapshot(version.agreement.first_party, on)
    version.status, version.signed_at, version.signed_by_id = "signed", utcnow(), user.id
    db.session.flush()
    return version


def countersign(version: AgreementVersion, user, expected: int | None = None) -> AgreementVersion:
    """PIHAK KEDUA countersigns: the version comes into force and the one before is superseded."""
    require("countersign", user, version, expected)
    version.second_party_snapshot = (snapshot(version.second_party, version.signed_on) if version.second_party
                                     else external_snapshot(version))
    for older in version.agreement.versions:
        if older is not version and older.status == "in_force":
            older.status = "superseded"
            if older.document is not None:
                from app.documents.services import supersede

                supersede(older.document, str(_l("Replaced by version %(n)s", n=version.number)))
    version.status, version.countersigned_at, version.countersigned_by_id = "in_force", utcnow(), user.id
    db.session.flush()
    from app.agreements import document

    document.issue(version, user)  # rendered once, stored, served byte-identical from now on
    db.session.flush()
    return version


# -- revisions and new years ------------------------------------------------------------------------------

def _copy_contents(source: AgreementVersion, target: AgreementVersion) -> None:
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


def revise(agreement: Agreement, user, reason: str, note: str) -> AgreementVersion:
    """Start a PK Perubahan: a new draft copied from the version in force, with the reason recorded."""
    current = agreement.in_force
    if current is None:
        raise Refused(_l("Only an agreement in force can be revised."))
    if agreement.latest is not current:
        raise Refused(_l("A revision of this agreement is already under way (version %(n)s).", n=agreement.latest.number))
    if not ({"first_party", "hr", "admin"} & actors(user, current)):
        raise Refused(_l("Your part in this agreement does not allow this step."))
    if reason not in REVISION_REASONS:
        raise Refused(_l("Choose the reason for the revision."), "reason")
    if not note.strip():
        raise Refused(_l("Explain the revision: what changed and why."), "note")
    version = AgreementVersion(number=current.number + 1, status="draft", revision_reason=reason,
                               revision_note=note.strip(), second_party_id=current.second_party_id,
                               second_party_name=current.second_party_name,
                               second_party_position=current.second_party_position, place=current.place)
    agreement.versions.append(version)
    _copy_contents(current, version)
    db.session.flush()
    return version


def copy_to_year(previous: Agreement, year: int) -> Agreement:
    """Next year's draft from an earlier agreement: same sasaran, indicators and budget lines to adjust."""
    agreement = create(year, previous.unit, previous.first_party)
    _copy_contents(previous.in_force or previous.latest, agreement.latest)
    db.session.flush()
    return agreement


# -- reading ------------------------------------------------------------------------------------------

def indicator_rows(version: AgreementVersion) -> dict[str, dict]:
    return {i.key: {"sasaran": i.sasaran.text, **{f: getattr(i, f) for f in rules.INDICATOR_FIELDS if f != "sasaran"}}
            for i in version.indicators}


def budget_rows(version: AgreementVersion) -> dict[tuple[str, str], dict]:
    return {(b.level, b.name): {"amount": b.amount, "note": b.note} for b in version.budget_lines}


def diff(old: AgreementVersion, new: AgreementVersion) -> list[rules.Change]:
    return rules.diff(indicator_rows(old), indicator_rows(new), budget_rows(old), budget_rows(new))


def decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


# -- cascade, tracking and year start ----------------------------------------------------------------------

def _subtree_agreements(opd: Unit, year: int, contents: bool = False) -> list[Agreement]:
    options = [selectinload(Agreement.versions)]
    if contents:
        options = [selectinload(Agreement.versions).selectinload(AgreementVersion.sasaran)
                   .selectinload(Sasaran.indicators)]
    return list(db.session.scalars(
        select(Agreement).join(Unit, Agreement.unit_id == Unit.id)
        .where(Agreement.year == year, Unit.path.startswith(opd.path, autoescape=True))
        .options(*options).order_by(Unit.path)))


def cascade_tree(opd: Unit, year: int):
    """The agreements of an OPD for a year as a tree, with indicators that support nothing flagged.

    Read as plain rows (no ORM objects): three statements whatever the number of agreements.
    """
    within = Unit.path.startswith(opd.path, autoescape=True)
    latest = (select(AgreementVersion.agreement_id, func.max(AgreementVersion.number).label("number"))
              .group_by(AgreementVersion.agreement_id).subquery())
    heads = db.session.execute(
        select(Agreement.id, Agreement.unit_id, Unit.name, Employee.name.label("person"), Employee.front_title,
               Employee.back_title, AgreementVersion.id.label("version_id"), AgreementVersion.status)
        .join(Unit, Agreement.unit_id == Unit.id).join(Employee, Agreement.first_party_id == Employee.id)
        .join(latest, latest.c.agreement_id == Agreement.id)
        .join(AgreementVersion, (AgreementVersion.agreement_id == Agreement.id)
              & (AgreementVersion.number == latest.c.number))
        .where(Agreement.year == year, within).order_by(Unit.path)).all()
    indicators: dict[int, list[dict]] = {h.version_id: [] for h in heads}
    for row in db.session.execute(
            select(Indicator.version_id, Indicator.key, Indicator.name, Indicator.supports_key)
            .join(Sasaran, Indicator.sasaran_id == Sasaran.id)
            .where(Indicator.version_id.in_(select(AgreementVersion.id).join(Agreement).join(Unit).where(
                Agreement.year == year, within)))
            .order_by(Sasaran.position, Indicator.position)):
        if row.version_id in indicators:
            indicators[row.version_id].append({"key": row.key, "name": row.name, "supports_key": row.supports_key})
    parent_of = dict(db.session.execute(select(Unit.id, Unit.parent_id).where(within)).all())
    rows = [{"id": h.id, "unit_id": h.unit_id, "status": h.status,
             "title": f"{h.name} — {full_name(h.person, h.front_title, h.back_title)}",
             "indicators": indicators[h.version_id]} for h in heads]
    return rules.cascade(rows, parent_of)


def officials(opd: Unit) -> list[Employee]:
    """Every active holder of a head position in the OPD's tree (the people who sign an agreement)."""
    return list(db.session.scalars(
        select(Employee).join(Position, Employee.position_id == Position.id).join(Unit, Position.unit_id == Unit.id)
        .where(Position.is_head.is_(True), Employee.status == "aktif",
               Unit.path.startswith(opd.path, autoescape=True))
        .options(selectinload(Employee.position).selectinload(Position.unit))
        .order_by(Unit.path, Employee.id)))


def tracking(opd: Unit, year: int, today: date) -> tuple[list[dict], date | None]:
    """Each official's agreement state for the year; late when not in force a month after the DPA date.

    Read as plain rows (no ORM objects): four statements whatever the size of the OPD.
    """
    from app.agreements.models import AgreementDeadline

    deadline = db.session.scalar(select(AgreementDeadline).where(AgreementDeadline.opd_id == opd.id,
                                                                 AgreementDeadline.year == year))
    due = rules.due_date(deadline.dpa_date) if deadline else None
    within = Unit.path.startswith(opd.path, autoescape=True)
    versions: dict[tuple[int, int], dict] = {}
    for row in db.session.execute(
            select(Agreement.id, Agreement.first_party_id, Agreement.unit_id, AgreementVersion.number,
                   AgreementVersion.status)
            .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id).join(Unit, Agreement.unit_id == Unit.id)
            .where(Agreement.year == year, within).order_by(AgreementVersion.number)):
        entry = versions.setdefault((row.first_party_id, row.unit_id), {"id": row.id, "in_force": False})
        entry["latest"] = row.status  # ordered by number: the last one wins
        entry["in_force"] = entry["in_force"] or row.status == "in_force"
    rows = []
    for person in db.session.execute(
            select(Employee.id, Employee.name, Employee.front_title, Employee.back_title,
                   Unit.id.label("unit_id"), Unit.name.label("unit_name"))
            .join(Position, Employee.position_id == Position.id).join(Unit, Position.unit_id == Unit.id)
            .where(Position.is_head.is_(True), Employee.status == "aktif", within)
            .order_by(Unit.path, Employee.id)):
        agreement = versions.get((person.id, person.unit_id))
        # an agreement in force stays in force while a revision is being drafted
        state = "missing" if agreement is None else ("in_force" if agreement["in_force"] else agreement["latest"])
        rows.append({"name": full_name(person.name, person.front_title, person.back_title),
                     "unit_name": person.unit_name, "agreement_id": agreement["id"] if agreement else None,
                     "state": state, "late": bool(due and today > due and state != "in_force")})
    return rows, due


def set_deadline(opd: Unit, year: int, dpa_date: date):
    from app.agreements.models import AgreementDeadline

    deadline = db.session.scalar(select(AgreementDeadline).where(AgreementDeadline.opd_id == opd.id,
                                                                 AgreementDeadline.year == year))
    if deadline is None:
        deadline = AgreementDeadline(opd_id=opd.id, year=year, dpa_date=dpa_date)
        db.session.add(deadline)
    deadline.dpa_date = dpa_date
    db.session.flush()
    return deadline


def start_year(opd: Unit, year: int, progress=None) -> dict:
    """A draft for every official of the OPD who has none for ``year``: last year's contents when there are."""
    people = officials(opd)
    existing = {(a.first_party_id, a.unit_id) for a in _subtree_agreements(opd, year)}
    previous = {(a.first_party_id, a.unit_id): a for a in _subtree_agreements(opd, year - 1, contents=True)}
    created = copied = 0
    for n, person in enumerate(people, 1):
        key = (person.id, person.position.unit_id)
        if key not in existing:
            if key in previous:
                copy_to_year(previous[key], year)
                copied += 1
            else:
                create(year, person.position.unit, person)  # the OPD head's Kepala Daerah is filled in later
                created += 1
        if progress and (n % 20 == 0 or n == len(people)):
            progress(n * 100 // max(len(people), 1))
    return {"officials": len(people), "created": created, "copied": copied,
            "skipped": len(people) - created - copied}
