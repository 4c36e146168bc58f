"""Automatic criteria: the attendance score and the unit's achievement, read from the month's data."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.awards import calc
from app.awards.models import Nomination, Round
from app.discipline import queries as discipline
from app.extensions import db


def automatic_values(award_round: Round, nominations: list[Nomination]) -> dict[int, dict]:
    """The automatic criteria of each nomination, with their inputs: {"attendance": {...}, "achievement": {...}}."""
    from app.monitoring.models import UnitStat

    sources = {c.source for c in award_round.instrument.criteria}
    out: dict[int, dict] = {n.id: {} for n in nominations}
    people = [n.employee_id for n in nominations if n.employee_id]
    recaps = discipline.attendance(people, award_round.year, award_round.month)
    quarter = (award_round.month - 1) // 3 + 1
    stats: dict[int, object] = {}
    if "achievement" in sources:
        rows = db.session.scalars(select(UnitStat).where(
            UnitStat.unit_id.in_({n.unit_id for n in nominations}), UnitStat.year == award_round.year,
            UnitStat.quarter <= quarter, UnitStat.achievement_pct.is_not(None)).order_by(UnitStat.quarter))
        for stat in rows:
            stats[stat.unit_id] = stat  # the latest quarter wins
    for nomination in nominations:
        facts = out[nomination.id]
        recap = recaps.get(nomination.employee_id)
        if nomination.employee_id:
            facts["absent_days"] = recap.absent_days if recap else None
        if "attendance" in sources or nomination.employee_id:
            if recap is not None:
                counts = calc.AttendanceCounts(recap.leave_days, recap.absent_days, recap.early_leaves,
                                               recap.late_arrivals, recap.missed_roll_calls)
                score, lines = calc.attendance_score(counts)
                facts["attendance"] = {"score": str(score), "lines": [_line(x) for x in lines]}
            else:
                facts["attendance"] = None
        if "achievement" in sources:
            stat = stats.get(nomination.unit_id)
            facts["achievement"] = None if stat is None else {
                "score": str(min(Decimal(stat.achievement_pct), Decimal(100))),
                "pct": str(stat.achievement_pct), "quarter": stat.quarter, "year": stat.year}
    return out


def _line(line) -> list:
    return [str(v) for v in (line if isinstance(line, (list, tuple)) else (line,))]


def auto_value(nomination: Nomination, source: str) -> Decimal | None:
    fact = (nomination.auto or {}).get(source)
    return Decimal(fact["score"]) if fact else None
