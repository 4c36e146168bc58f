"""Dashboard helpers: ranking order, rating colours, and server-drawn SVG trend charts (no script)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from flask_babel import gettext as _

from app.core.formatting import format_number
from app.monitoring import calc
from app.monitoring.labels import not_measurable_reasons, why_not

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 560, 200, 40, 28, 24  # room above the top for a value's label

# Why a unit's (or a subtree's) achievement, the mean over its indicators, is not measurable.
UNIT_NOT_MEASURABLE = ("no_lines", "nothing_reported", "none_measurable")


def unit_reason(stats: list) -> str:
    """Why the mean achievement of ``stats`` (UnitStat rows of one quarter) is not measurable: a key of
    ``UNIT_NOT_MEASURABLE``, or "" when one of them is measurable."""
    if any(s.achievement_pct is not None for s in stats):
        return ""
    if not any(s.lines for s in stats):
        return "no_lines"
    if not any(s.reported for s in stats):
        return "nothing_reported"
    return "none_measurable"


def band(pct: Decimal | None, preset: dict) -> tuple[str, str]:
    """(label, css class) of an achievement under the rating preset; the best band is 'band-0'."""
    if pct is None:
        return _("not measurable"), "band-none"
    label = calc.rating(pct, preset["bands"])
    index = next(i for i, b in enumerate(preset["bands"]) if b.label == label)
    last = len(preset["bands"]) - 1
    return label, f"band-{min(4, round(index * 4 / last)) if last else 0}"


def latest_quarter(stats: list) -> int:
    """The last quarter in which anything was reported (the counts are cumulative), else Tw I."""
    reported = {(s.unit_id, s.quarter): s.reported for s in stats}
    return max((q for (unit_id, q), n in reported.items() if n > reported.get((unit_id, q - 1), 0)), default=1)


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    unit_id: int
    name: str
    stat: object
    label: str
    css: str
    score: Decimal | None = None
    reason: str = ""  # why it is not measurable, in the current language ("" when it is)


def ranking(rows: list[tuple[object, str]], preset: dict, score=None) -> list[Ranked]:
    """Units by achievement to date, highest first; equal achievement by name; unmeasurable ones last.

    ``score(pct)``, when given, adds each unit's score (PermenPANRB 8/2021, ``settings.score``)."""
    ordered = sorted(rows, key=lambda r: (r[0].achievement_pct is None, -(r[0].achievement_pct or 0), r[1]))
    out = []
    for i, (stat, name) in enumerate(ordered, 1):
        label, css = band(stat.achievement_pct, preset)
        reason = unit_reason([stat])
        out.append(Ranked(i if stat.achievement_pct is not None else None, stat.unit_id, name, stat, label, css,
                          score(stat.achievement_pct) if score else None,
                          not_measurable_reasons()[reason] if reason else ""))
    return out


@dataclass(frozen=True)
class Chart:
    """An SVG line chart's geometry: the template draws it (templates/monitoring/_chart.html)."""

    width: int
    height: int
    points: list[tuple[float, float, str, str]]  # x, y, x label, value label (no point when None: y < 0)
    path: str
    grid: list[tuple[float, str]]  # y, label
    baseline: float
    target_y: float
    notes: list[tuple[str, str]] = field(default_factory=list)  # (x label, why it has no point), for the legend


def line_trend(series: list[tuple[str, Decimal | None]], top: Decimal = Decimal(120)) -> Chart:
    """A line over the periods, 0..``top`` %, with a dashed line at 100 %."""
    left = PAD_LEFT + 30  # room for the first value's label beside the axis labels
    inner_w, inner_h = WIDTH - left - 40, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = inner_w / max(1, len(series) - 1) if len(series) > 1 else 0

    def y_of(value: Decimal) -> float:
        return round(PAD_TOP + inner_h - float(min(value, top)) / float(top) * inner_h, 1)

    points, path = [], []
    for i, (label, value) in enumerate(series):
        x = round(left + (i * step if len(series) > 1 else inner_w / 2), 1)
        if value is None:
            points.append((x, -1.0, label, ""))
            continue
        y = y_of(value)
        points.append((x, y, label, f"{format_number(value)} %"))
        path.append(f"{'M' if not path else 'L'}{x},{y}")
    grid = [(y_of(Decimal(v)), f"{v} %") for v in (0, 50, 100)]
    return Chart(WIDTH, HEIGHT, points, " ".join(path), grid, y_of(Decimal(0)), y_of(Decimal(100)))


def trend(stats: list, upto: int) -> Chart:
    """The subtree's achievement by quarter (the mean of its units' achievement to date), up to ``upto``."""
    series, notes = [], []
    for quarter in range(1, 5):
        label = f"Tw {('I', 'II', 'III', 'IV')[quarter - 1]}"
        rows = [s for s, _name, _path in stats if s.quarter == quarter and quarter <= upto]
        series.append((label, calc.mean([s.achievement_pct for s in rows])))
        if quarter <= upto and (reason := unit_reason(rows)):
            notes.append((label, why_not(reason)))
    return replace(line_trend(series), notes=notes)
