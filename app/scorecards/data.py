"""The scorecards' one data builder: everything Kinerja knows of a person or a unit for a period, as plain
values, read in a fixed number of statements whatever the number of indicators, months and days. The page and
the PDF render the same dict (``templates/scorecards/_person.html``, ``_unit.html``).

Where each number comes from (docs/scorecards.md):
- indicators: the agreements in force (``monitoring.lines``), to date up to the quarter the period ends in,
  with the achievement's workings (``monitoring.calc``, ``monitoring.labels.workings``);
- ratings: ``tpp_ratings``; attendance: the monthly recap (``attendance_months``); sanctions in force in the
  period (``sanctions``); TPP: each month's result (``tpp_results``) and whether the month is closed;
- awards: decided rounds' winners (``awards.services.history``);
- a unit's sub-units and trend: the per-unit figures monitoring keeps (``monitoring_unit_stats``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.agreements.models import Agreement, AgreementVersion, Sasaran
from app.awards.models import Nomination, Round
from app.awards.services import history
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.monitoring import calc, chart, lines, settings
from app.monitoring.labels import QUARTER_LABELS, why_not, workings
from app.monitoring.models import UnitStat
from app.org.models import Employee, EmployeeHistory, Position, Unit
from app.org.rules import format_pangkat, full_name
from app.scorecards import periods
from app.scorecards.periods import Period
from app.tpp.models import Period as TppMonth
from app.tpp.models import Rating, Result
from app.workers.models import Contract, Evaluation, HonorLine, HonorMonth, WorkerWarning

ATTENDANCE = ("present_days", "late_arrivals", "early_leaves", "absent_days", "leave_days", "missed_roll_calls")
GONE = ("pensiun", "berhenti", "meninggal")  # no longer one of the unit's people
TPP_CUTS = ("performance_cut", "discipline_cut", "leave_cut", "sanction_cut")


@dataclass(frozen=True)
class Indicator:
    """One indicator (or unit KPI) to date: what the row of the table shows."""

    ref: str
    source: str  # "pk" or "kpi"
    sasaran: str
    name: str
    satuan: str
    polarity: str
    target: Decimal | None
    target_min: Decimal | None
    target_max: Decimal | None
    realisation: Decimal | None
    achievement: calc.Achievement
    explained: str  # the workings, or why it is not measurable
    band: str
    band_css: str
    reported: int  # values submitted or accepted up to the period
    accepted: int
    expected: int  # values due up to the period
    files: int


def closed_months(opd_id: int, year: int, asn: bool = True) -> dict[int, datetime]:
    """The OPD's months of ``year`` closed in the TPP (for civil servants and units) or in the honorarium (for
    non-ASN workers), and when each was (last) closed."""
    model = TppMonth if asn else HonorMonth
    return dict(db.session.execute(select(model.month, model.closed_at).where(
        model.opd_id == opd_id, model.year == year, model.state == "closed")).all())


def closing(period: Period, today: date, months_closed: dict[int, datetime]) -> dict:
    """Whether the period is closed, which of its months are, and when the last of them was closed (a scorecard
    issued before that is out of date: a month was reopened and closed again)."""
    closed = periods.closed(period, today, set(months_closed))
    return {"closed": closed, "ended": period.ended(today),
            "months_closed": sorted(set(months_closed) & set(period.months)),
            "closed_at": max((months_closed[m] for m in period.months if months_closed[m]), default=None)
            if closed else None}


def _due(line: lines.Line, quarter: int) -> list[tuple[str, int]]:
    return ([("month", m) for m in range(1, 3 * quarter + 1)] if line.period_kind == "month"
            else [("quarter", q) for q in range(1, quarter + 1)])


def indicator(line: lines.Line, quarter: int, rating: dict, sasaran: str = "") -> Indicator:
    """A line to date, up to ``quarter``: the realisation so far, the achievement and its explanation."""
    achievement = line.to_date(quarter)
    due = [line.value(kind, p) for kind, p in _due(line, quarter)]
    found = [v for v in due if v is not None and v.status in lines.REPORTED]
    label, css = chart.band(achievement.pct, rating)
    return Indicator(
        line.ref, line.source, sasaran, line.name, line.satuan, line.polarity, line.target, line.target_min,
        line.target_max, calc.aggregate([line.quarter_value(q) for q in range(1, quarter + 1)], line.aggregation),
        achievement, workings(achievement) if achievement.pct is not None else why_not(achievement.reason),
        label, css, len(found), sum(1 for v in found if v.status == "accepted"), len(due),
        sum(v.evidence for v in found))


def _trend(indicators_by_quarter: list[list[calc.Achievement]], upto: int) -> chart.Chart:
    return chart.line_trend([(str(QUARTER_LABELS[q]), calc.mean([a.pct for a in found]) if q < upto else None)
                             for q, found in enumerate(indicators_by_quarter)])


def _identity(employee: Employee, on: date) -> dict:
    """Who the person was on the period's last day: position, pangkat and unit then (else as now)."""
    row = db.session.execute(
        select(EmployeeHistory.golongan, Unit.name, Unit.id, Position.name)
        .join(Unit, EmployeeHistory.unit_id == Unit.id).outerjoin(Position, EmployeeHistory.position_id == Position.id)
        .where(EmployeeHistory.employee_id == employee.id, EmployeeHistory.valid_from <= on)
        .order_by(EmployeeHistory.valid_from.desc(), EmployeeHistory.id.desc()).limit(1)).first()
    golongan, unit_name, unit_id, position = row if row else (
        employee.golongan, employee.unit.name, employee.unit_id, employee.position.name if employee.position else "")
    return {"id": employee.id, "name": employee.display_name, "id_label": employee.id_label,
            "number": employee.display_id, "asn": employee.is_asn, "pangkat": format_pangkat(golongan),
            "position": position or "", "unit": unit_name, "unit_id": unit_id}


def _months(model, employee_id: int, period: Period) -> dict:
    return {row.month: row for row in db.session.scalars(select(model).where(
        model.employee_id == employee_id, model.year == period.year, model.month.in_(period.months)))}


def _tpp(employee_id: int, period: Period) -> list[dict]:
    rows = db.session.execute(
        select(Result.id, Result.base, Result.cuts, Result.total, Result.unrated, Result.detail, TppMonth.month,
               TppMonth.state)
        .join(TppMonth, Result.period_id == TppMonth.id)
        .where(Result.employee_id == employee_id, TppMonth.year == period.year, TppMonth.month.in_(period.months))
        .order_by(TppMonth.month)).all()
    return [{"result_id": rid, "month": month, "closed": state == "closed", "base": base, "cuts": cuts,
             "total": total, "unrated": unrated, **{key: detail.get(key, 0) for key in TPP_CUTS}}
            for rid, base, cuts, total, unrated, detail, month, state in rows]


def _honor(employee_id: int, period: Period) -> list[HonorLine]:
    """A non-ASN worker's honorarium of the period's closed months (lines are stored when a month closes)."""
    return list(db.session.scalars(
        select(HonorLine).join(HonorMonth, HonorLine.month_id == HonorMonth.id)
        .where(HonorLine.employee_id == employee_id, HonorMonth.year == period.year,
               HonorMonth.month.in_(period.months), HonorMonth.state == "closed")
        .options(contains_eager(HonorLine.month)).order_by(HonorMonth.month, HonorLine.id)))


def _conduct(employee_id: int, period: Period) -> dict:
    """A non-ASN worker's warnings given in the period, and the evaluations of the year's contracts up to the
    quarter the period ends in (a yearly evaluation, period 0, with the year)."""
    warnings = list(db.session.scalars(select(WorkerWarning).where(
        WorkerWarning.employee_id == employee_id, WorkerWarning.given_on.between(period.first, period.last))
        .order_by(WorkerWarning.given_on)))
    evaluations = list(db.session.scalars(
        select(Evaluation).join(Contract, Evaluation.contract_id == Contract.id)
        .where(Evaluation.employee_id == employee_id, Contract.year == period.year,
               Evaluation.period.between(0 if period.kind == "year" else 1, period.quarter))
        .order_by(Evaluation.period)))
    return {"warnings": warnings, "evaluations": evaluations}


def _sanctions(where, period: Period) -> list[Sanction]:
    return list(db.session.scalars(select(Sanction).where(
        where, Sanction.starts_on <= period.last,
        (Sanction.ends_on.is_(None)) | (Sanction.ends_on >= period.first)).order_by(Sanction.starts_on)))


def _awards(where, period: Period) -> list[dict]:
    return [{"month": n.round.month, "category": n.round.category_name, "award": n.round.award,
             "name": n.employee.display_name if n.employee else n.unit.name, "unit": n.unit.name}
            for n in history(where & (Round.year == period.year) & Round.month.in_(period.months)
                             & Nomination.winner.is_(True))]


def person(employee: Employee, period: Period, today: date) -> dict:
    """A person's scorecard for ``period``: identity then, the indicators of the agreements where they are
    PIHAK PERTAMA, attendance, sanctions, awards and their achievement by quarter; a civil servant's monthly
    ratings and TPP, a non-ASN worker's warnings, evaluations and honorarium."""
    rating = settings.rating_preset()
    own = [line for line in lines.load(Unit.id.in_(select(Agreement.unit_id).where(
        Agreement.first_party_id == employee.id, Agreement.year == period.year)), period.year)
        if line.source == "pk" and line.official_id == employee.id]
    texts = _sasaran_texts({line.subject_id for line in own})
    indicators = [indicator(line, period.quarter, rating, texts.get(line.position[1:3], "")) for line in own]
    attendance = _months(AttendanceMonth, employee.id, period)
    asn = employee.is_asn
    tpp = _tpp(employee.id, period) if asn else []
    honor = [] if asn else _honor(employee.id, period)
    return {
        "kind": "person", "period": period, "person": _identity(employee, period.last),
        **closing(period, today, closed_months(employee.unit.opd_id, period.year, asn)),
        "indicators": indicators, "mean": calc.mean([i.achievement.pct for i in indicators]),
        "rating_name": rating["name"], "bands": settings.bands_text(rating),
        "ratings": _months(Rating, employee.id, period) if asn else {},
        "attendance": attendance,
        "attendance_total": {key: sum(getattr(row, key) or 0 for row in attendance.values()) for key in ATTENDANCE},
        "sanctions": _sanctions(Sanction.employee_id == employee.id, period),
        "tpp": tpp,
        "tpp_total": {key: sum(row[key] for row in tpp) for key in ("base", "cuts", "total")},
        **({"warnings": [], "evaluations": []} if asn else _conduct(employee.id, period)),
        "honor": honor,
        "honor_total": {key: sum(getattr(line, key) for line in honor) for key in ("paid", "gross", "penalty", "net")},
        "awards": _awards(Nomination.employee_id == employee.id, period),
        "trend": _trend([[line.to_date(q) for line in own] for q in range(1, 5)], period.quarter),
    }


def _sasaran_texts(agreement_ids: set[int]) -> dict[tuple[int, int], str]:
    """(agreement id, sasaran position) → the sasaran's text, of the versions in force."""
    if not agreement_ids:
        return {}
    return {(agreement_id, position): text for agreement_id, position, text in db.session.execute(
        select(AgreementVersion.agreement_id, Sasaran.position, Sasaran.text)
        .join(AgreementVersion, Sasaran.version_id == AgreementVersion.id)
        .where(AgreementVersion.agreement_id.in_(agreement_ids), AgreementVersion.status == "in_force"))}


def _people(unit: Unit, period: Period) -> dict:
    """The discipline of the unit's people (its subtree) over the period's months: sums of the monthly recaps,
    how many people, and who had a sanction in force."""
    inside = Unit.path.startswith(unit.path, autoescape=True)
    people = db.session.scalar(select(func.count(Employee.id)).join(Unit, Employee.unit_id == Unit.id)
                               .where(inside, Employee.status.not_in(GONE)))
    sums = db.session.execute(
        select(func.count(func.distinct(AttendanceMonth.employee_id)),
               *(func.coalesce(func.sum(getattr(AttendanceMonth, key)), 0) for key in ATTENDANCE))
        .join(Employee, AttendanceMonth.employee_id == Employee.id).join(Unit, Employee.unit_id == Unit.id)
        .where(inside, AttendanceMonth.year == period.year, AttendanceMonth.month.in_(period.months))).one()
    sanctioned = _sanctions(Sanction.employee_id.in_(
        select(Employee.id).join(Unit, Employee.unit_id == Unit.id).where(inside)), period)
    return {"people": people, "recorded": sums[0], **dict(zip(ATTENDANCE, sums[1:], strict=True)),
            "sanctions": len(sanctioned), "sanctioned": len({s.employee_id for s in sanctioned}),
            "heavy": sum(1 for s in sanctioned if s.level == "heavy")}


def _members(unit: Unit) -> list[dict]:
    """The people who work directly in the unit, its head first (the drill-down to their scorecards)."""
    rows = db.session.execute(
        select(Employee.id, Employee.name, Employee.front_title, Employee.back_title, Position.name)
        .outerjoin(Position, Employee.position_id == Position.id)
        .where(Employee.unit_id == unit.id, Employee.status.not_in(GONE))
        .order_by(Position.is_head.desc(), Employee.name)).all()
    return [{"id": eid, "name": full_name(name, front, back), "position": position or ""}
            for eid, name, front, back, position in rows]


def unit(unit: Unit, period: Period, today: date) -> dict:
    """A unit's scorecard for ``period``: its indicators (agreements in force and its own KPIs) in the LKjIP
    table's layout with their evidence, its people's discipline, the awards of its subtree, its sub-units
    ranked and its achievement by quarter."""
    rating = settings.rating_preset(unit)
    own = lines.for_unit(unit, period.year)
    texts = _sasaran_texts({line.subject_id for line in own if line.source == "pk"})
    indicators = [indicator(line, period.quarter, rating,
                            texts.get(line.position[1:3], "") if line.source == "pk" else "") for line in own]
    stats = db.session.execute(
        select(UnitStat, Unit.name, Unit.path).join(Unit, UnitStat.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), UnitStat.year == period.year)).all()
    return {
        "kind": "unit", "period": period, "unit": {"id": unit.id, "name": unit.name, "kind": unit.kind},
        **closing(period, today, closed_months(unit.opd_id, period.year)),
        "indicators": indicators, "mean": calc.mean([i.achievement.pct for i in indicators]),
        "rating_name": rating["name"], "bands": settings.bands_text(rating),
        "people": _people(unit, period),
        "members": _members(unit),
        "awards": _awards(Nomination.unit_id.in_(select(Unit.id).where(
            Unit.path.startswith(unit.path, autoescape=True))), period),
        "ranking": chart.ranking([(s, name) for s, name, _path in stats
                                  if s.quarter == period.quarter and s.unit_id != unit.id], rating, settings.score),
        "trend": chart.trend(stats, period.quarter),
    }
