"""Who may be nominated and who may score whom: pure functions over plain facts (no database).

Eligibility rules are data on the category (copied to the round when it starts):
* ``exclude_sanctioned``: no medium or heavy disciplinary sanction in force during the month (PP 35/2010 art. 22);
* ``exclude_absent``: no day absent without a reason (TK) that month;
* ``cooldown_months``: not a winner of the same category in the N months before the round's month;
* ``exclude_heads``: no unit heads (the published instrument excludes them);
* ``eligible_position_types`` / ``eligible_unit_kinds``: the kinds of nominee the category is for (empty = any).

Conflicts of interest: an assessor never scores themself, nor a direct subordinate (the assessor heads the
unit the nominee works in, or the unit above when the nominee heads their own), nor, when the category says
so, a nominee of the assessor's own unit. For a unit award: never the unit the assessor works in (or a unit
above it), nor a unit directly below the one the assessor heads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RULE_KEYS = ("exclude_sanctioned", "exclude_absent", "cooldown_months", "exclude_heads",
             "eligible_position_types", "eligible_unit_kinds", "own_unit_conflict", "quota_per_unit", "winners")


@dataclass(frozen=True)
class Candidate:
    """What the rules need to know about a nominee for one month."""

    kind: str  # "person" | "unit"
    status: str = "aktif"
    position_type: str | None = None
    is_head: bool = False
    unit_kind: str | None = None
    sanctions: tuple[str, ...] = ()  # medium/heavy sanctions in force that month, described
    absent_days: int | None = None  # TK days that month; None = no recap recorded
    last_win: tuple[int, int] | None = None  # (year, month) of the latest win in this category
    already_nominated: bool = False


@dataclass(frozen=True)
class Reason:
    """Why a candidate is not eligible: a stable key and the values for its message."""

    key: str
    values: dict = field(default_factory=dict)


def months_between(earlier: tuple[int, int], later: tuple[int, int]) -> int:
    return (later[0] - earlier[0]) * 12 + later[1] - earlier[1]


def ineligible(rules: dict, candidate: Candidate, year: int, month: int) -> list[Reason]:
    """Every reason the candidate cannot be nominated in the round of ``month``/``year`` (empty = eligible)."""
    reasons: list[Reason] = []
    if candidate.already_nominated:
        reasons.append(Reason("already_nominated"))
    if candidate.kind == "person":
        if candidate.status != "aktif":
            reasons.append(Reason("not_active", {"status": candidate.status}))
        types = rules.get("eligible_position_types") or []
        if types and candidate.position_type not in types:
            reasons.append(Reason("position_type", {"type": candidate.position_type or "-"}))
        if rules.get("exclude_heads") and candidate.is_head:
            reasons.append(Reason("head"))
        if rules.get("exclude_sanctioned") and candidate.sanctions:
            reasons.append(Reason("sanction", {"sanction": candidate.sanctions[0]}))
        if rules.get("exclude_absent") and candidate.absent_days:
            reasons.append(Reason("absent", {"days": candidate.absent_days}))
    else:
        kinds = rules.get("eligible_unit_kinds") or []
        if kinds and candidate.unit_kind not in kinds:
            reasons.append(Reason("unit_kind", {"kind": candidate.unit_kind or "-"}))
    cooldown = int(rules.get("cooldown_months") or 0)
    if cooldown and candidate.last_win is not None:
        gap = months_between(candidate.last_win, (year, month))
        if 0 <= gap <= cooldown:
            reasons.append(Reason("recent_win", {"months": cooldown, "year": candidate.last_win[0],
                                                 "month": candidate.last_win[1]}))
    return reasons


@dataclass(frozen=True)
class Person:
    """An assessor or a nominee as the conflict rules see them."""

    employee_id: int | None
    unit_id: int | None
    unit_path: str = ""
    parent_unit_id: int | None = None
    is_head: bool = False


def conflict(assessor: Person, nominee: Person, *, unit_award: bool, own_unit_conflict: bool) -> str | None:
    """Why ``assessor`` may not score ``nominee`` ("self", "subordinate", "own_unit"), or None."""
    if unit_award:
        if assessor.unit_path and nominee.unit_path and assessor.unit_path.startswith(nominee.unit_path):
            return "self"  # the assessor works in the nominated unit: they would score their own unit
        if assessor.is_head and assessor.unit_id is not None and assessor.unit_id == nominee.parent_unit_id:
            return "subordinate"  # the assessor heads the unit directly above the nominated one
        return None
    if assessor.employee_id is not None and assessor.employee_id == nominee.employee_id:
        return "self"
    superior_unit = nominee.parent_unit_id if nominee.is_head else nominee.unit_id
    if assessor.is_head and assessor.unit_id is not None and assessor.unit_id == superior_unit:
        return "subordinate"
    if own_unit_conflict and assessor.unit_id is not None and assessor.unit_id == nominee.unit_id:
        return "own_unit"
    return None
