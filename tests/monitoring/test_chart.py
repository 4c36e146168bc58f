"""The server-drawn trend chart's geometry (app/monitoring/chart.py)."""

from __future__ import annotations

from decimal import Decimal as D

from app.monitoring import chart

LABEL_PX = 12  # the value label's font size in templates/monitoring/_chart.html, drawn 8 px above its point


def test_a_value_at_the_top_has_its_label_inside_the_chart():
    drawn = chart.line_trend([("Tw I", D(120)), ("Tw II", D(150)), ("Tw III", D(100)), ("Tw IV", None)])
    tops = [y for _x, y, _label, _value in drawn.points if y >= 0]
    assert min(tops) - 8 - LABEL_PX >= 0  # 120 % and above (capped at the top): the label is not cut off
    assert drawn.points[0][1] == drawn.points[1][1] < drawn.points[2][1]
    assert drawn.points[3][1] < 0  # no value: no point
