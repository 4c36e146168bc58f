"""Pure rules of the Perjanjian Kinerja: target checks, the workflow table, and version differences.

Plain values in, plain values out: no session, no clock, no request.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.core.formatting import format_number

# --- targets -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def aggregate(quarters: tuple[Decimal, ...], rule: str) -> Decimal:
    """What four quarterly targets amount to for the year under ``rule`` (sum, average or last)."""
    if rule == "sum":
        return sum(quarters, Decimal(0))
    if rule == "average":
        return sum(quarters, Decimal(0)) / len(quarters)
    if rule == "last":
        return quarters[-1]
    raise ValueError(rule)


def quarters_agree(quarters: tuple[Decimal, ...], rule: str, polarity: str, target: Decimal | None,
                   target_min: Decimal | None, target_max: Decimal | None) -> bool:
    """Do the quarters give the annual target (or land inside the range) under the rule?"""
    if rule == "average" and polarity != "range":
        return sum(quarters, Decimal(0)) == target * len(quarters)  # exact, no division
    year = aggregate(quarters, rule)
    if polarity == "range":
        return target_min <= year <= target_max
    return year == target


def check_targets(polarity: str, target: Decimal | None, target_min: Decimal | None, target_max: Decimal | None,
                  quarters: tuple[Decimal | None, ...], rule: str, quarter_note: str) -> list[Problem]:
    """Everything wrong with an indicator's targets, each tied to the field to correct."""
    problems: list[Problem] = []
    if polarity == "range":
        if target_min is None:
            problems.append(Problem("target_min", _l("Give the lowest value of the target range.")))
        if target_max is None:
            problems.append(Problem("target_max", _l("Give the highest value of the target range.")))
        for name, value in (("target_min", target_min), ("target_max", target_max)):
            if value is not None and value < 0:
                problems.append(Problem(name, _l("A target cannot be negative.")))
        if target_min is not None and target_max is not None and target_min > target_max:
            problems.append(Problem("target_max", _l("The highest value is below the lowest value of the range.")))
    elif target is None:
        problems.append(Problem("target", _l("Give the annual target.")))
    elif target < 0:
        problems.append(Problem("target", _l("A target cannot be negative.")))
    given = [q for q in quarters if q is not None]
    if given and len(given) != len(quarters):
        problems.append(Problem("tw1", _l("Fill in all four quarterly targets, or none.")))
    if any(q < 0 for q in given):
        problems.append(Problem("tw1", _l("A quarterly target cannot be negative.")))
    if problems or not given:
        return problems
    if not quarters_agree(tuple(given), rule, polarity, target, target_min, target_max) and not quarter_note.strip():
        problems.append(Problem("quarter_note", _l(
            "The quarterly targets do not give the annual target under the rule '%(rule)s' (they give "
            "%(value)s): correct them or give the reason.", rule=rule, value=format_number(aggregate(tuple(given), rule)))))
    return problems


def check_months(period_kind: str, month_targets: list | None) -> list[Problem]:
    """A monthly indicator needs its twelve month targets, none negative."""
    if period_kind != "month":
        return []
    values = [v for v in (month_targets or []) if v not in (None, "")]
    if len(values) != 12:
        return [Problem("m1", _l("An indicator reported monthly needs all twelve monthly targets."))]
    if any(Decimal(v) < 0 for v in values):
        return [Problem("m1", _l("A monthly target cannot be negative."))]
    return []


def due_date(dpa_date):
    """Agreements are due one month after the budget (DPA) is approved (PermenPANRB 53/2014)."""
    import calendar

    month = dpa_date.month % 12 + 1
    year = dpa_date.year + (dpa_date.month == 12)
    return dpa_date.replace(year=year, month=month, day=min(dpa_date.day, calendar.monthrange(year, month)[1]))


# --- workflow ----------------------------------------------------------------------------------------------

# action -> (statuses it starts from, status it leads to, who may do it)
# Actors: first_party (PIHAK PERTAMA), second_party (PIHAK KEDUA), hr (HR or leader managing the unit), admin.
# A second party outside the organisation (the Kepala Daerah) has no account: HR records the countersignature.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, frozenset[str]]] = {
    "edit": (("draft", "returned"), "", frozenset({"first_party", "hr", "admin"})),
    "submit": (("draft", "returned"), "submitted", frozenset({"first_party", "hr", "admin"})),
    "return": (("submitted", "signed"), "returned", frozenset({"second_party", "hr", "admin"})),
    "sign": (("submitted",), "signed", frozenset({"first_party"})),
    "countersign": (("signed",), "in_force", frozenset({"second_party", "external_recorder"})),
}


def transition_problem(action: str, status: str, actors: frozenset[str] | set[str]) -> str | None:
    """Why ``actors`` cannot do ``action`` on a version in ``status``; None when they can."""
    starts, _, who = TRANSITIONS[action]
    if status not in starts:
        return str(_l("This cannot be done to an agreement that is %(status)s.", status=status_label(status)))
    if not (who & set(actors)):
        if action == "sign":
            return str(_l("Only PIHAK PERTAMA can sign the agreement."))
        if action == "countersign":
            return str(_l("Only PIHAK KEDUA can countersign the agreement."))
        return str(_l("Your part in this agreement does not allow this step."))
    return None


def next_status(action: str) -> str:
    return TRANSITIONS[action][1]


def status_label(status: str) -> str:
    return str({
        "draft": _l("draft"), "submitted": _l("submitted"), "returned": _l("returned"), "signed": _l("signed"),
        "in_force": _l("in force"), "superseded": _l("superseded"),
    }[status])


# --- differences between versions ---------------------------------------------------------------------------

INDICATOR_FIELDS = ("sasaran", "name", "satuan", "polarity", "target", "target_min", "target_max",
                    "tw1", "tw2", "tw3", "tw4", "aggregation", "supports_key")
BUDGET_FIELDS = ("amount", "note")


@dataclass(frozen=True)
class Change:
    what: str  # "indicator" or "budget"
    kind: str  # "added", "removed", "changed"
    label: str
    fields: tuple[tuple[str, object, object], ...] = ()  # (field, before, after)


def diff(old_indicators: dict[str, dict], new_indicators: dict[str, dict],
         old_budget: dict[tuple[str, str], dict], new_budget: dict[tuple[str, str], dict]) -> list[Change]:
    """Indicators matched by their stable key; budget lines by (level, name)."""
    changes: list[Change] = []
    for what, old, new, fields, label in (
        ("indicator", old_indicators, new_indicators, INDICATOR_FIELDS, lambda k, row: row["name"]),
        ("budget", old_budget, new_budget, BUDGET_FIELDS, lambda k, row: k[1]),
    ):
        for key in old.keys() - new.keys():
            changes.append(Change(what, "removed", label(key, old[key])))
        for key in new:
            if key not in old:
                changes.append(Change(what, "added", label(key, new[key])))
                continue
            changed = tuple((f, old[key].get(f), new[key].get(f)) for f in fields if old[key].get(f) != new[key].get(f))
            if changed:
                changes.append(Change(what, "changed", label(key, new[key]), changed))
    order = {"removed": 0, "changed": 1, "added": 2}
    return sorted(changes, key=lambda c: (c.what != "indicator", order[c.kind], c.label))


# --- cascading ------------------------------------------------------------------------------------------


@dataclass
class CascadeNode:
    """One agreement in the cascade tree, with its indicators and the agreements below it."""

    agreement_id: int
    unit_id: int
    title: str
    indicators: list[dict]  # {"key", "name", "supports_key", "orphan": bool, "unsupported": bool}
    children: list[CascadeNode]


def cascade(agreements: list[dict], parent_of: dict[int, int | None]) -> tuple[list[CascadeNode], dict]:
    """Hang each agreement from the agreement of the nearest unit above that has one.

    ``agreements``: [{"id", "unit_id", "title", "indicators": [{"key", "name", "supports_key"}]}];
    ``parent_of``: unit id → parent unit id. An indicator is an *orphan* when its agreement hangs from a
    superior's but it supports none of the superior's indicators; a superior indicator is *unsupported*
    when it has agreements below it and none of their indicators supports it.
    """
    by_unit = {a["unit_id"]: a for a in agreements}
    nodes = {a["id"]: CascadeNode(a["id"], a["unit_id"], a["title"],
                                  [dict(i, orphan=False, unsupported=False) for i in a["indicators"]], [])
                 for a in agreements}
    roots: list[CascadeNode] = []
    superior_of: dict[int, int] = {}
    for a in agreements:
        unit = parent_of.get(a["unit_id"])
        while unit is not None and unit not in by_unit:
            unit = parent_of.get(unit)
        if unit is None:
            roots.append(nodes[a["id"]])
        else:
            superior = by_unit[unit]["id"]
            superior_of[a["id"]] = superior
            nodes[superior].children.append(nodes[a["id"]])
    orphans = unsupported = 0
    for agreement_id, node in nodes.items():
        if agreement_id in superior_of:
            keys = {i["key"] for i in nodes[superior_of[agreement_id]].indicators}
            for indicator in node.indicators:
                indicator["orphan"] = indicator["supports_key"] not in keys
                orphans += indicator["orphan"]
        if node.children:
            supported = {i["supports_key"] for child in node.children for i in child.indicators}
            for indicator in node.indicators:
                indicator["unsupported"] = indicator["key"] not in supported
                unsupported += indicator["unsupported"]
    return roots, {"orphans": orphans, "unsupported": unsupported, "agreements": len(agreements)}
