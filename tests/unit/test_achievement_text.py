"""The achievement's working and the reason it is not measurable, as the pages write them (app/monitoring/labels.py):
Indonesian words and numbers (decimal comma, thousands dot) in Indonesian, English words in English."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from flask_babel import force_locale

from app.monitoring import chart
from app.monitoring.calc import NOT_MEASURABLE, achievement, for_period
from app.monitoring.labels import not_measurable_reasons, why_not, workings

BLANK = (None,) * 4

CASES = [  # (the achievement, Indonesian, English)
    (achievement("lower", D(8), D(12)),
     "(2 × 12 − 8) / 12 × 100 = 133,33 %; dibatasi 120 %",
     "(2 × 12 − 8) / 12 × 100 = 133,33 %; capped at 120 %"),
    (achievement("higher", D(1500), D(1000), cap=D(110)),
     "1.500 / 1.000 × 100 = 150 %; dibatasi 110 %",
     "1.500 / 1.000 × 100 = 150 %; capped at 110 %"),
    (achievement("higher", D("310"), D(300)),
     "310 / 300 × 100 = 103,33 %",
     "310 / 300 × 100 = 103,33 %"),
    (achievement("lower", D(3), D(1)),
     "(2 × 1 − 3) / 1 × 100 = -100 %; hasil di bawah 0 dihitung 0 %",
     "(2 × 1 − 3) / 1 × 100 = -100 %; a result below 0 counts as 0 %"),
    (achievement("range", D("80.5"), None, D(75), D(90)),
     "75 ≤ 80,5 ≤ 90 → 100 %",
     "75 ≤ 80,5 ≤ 90 → 100 %"),
    (for_period("higher", [D(70), D("72.5")], BLANK, D("75.5"), "last", 2),
     "72,5 / 75,5 × 100 = 96,03 %; periode ini tidak punya target sendiri: dibandingkan dengan target tahunan",
     "72,5 / 75,5 × 100 = 96,03 %; the period has no target of its own: compared with the annual target"),
    (for_period("lower", [D(8)], BLANK, D(12), "average", 1),
     "(2 × 12 − 8) / 12 × 100 = 133,33 %; dibatasi 120 %; periode ini tidak punya target sendiri: dibandingkan "
     "dengan target tahunan",
     "(2 × 12 − 8) / 12 × 100 = 133,33 %; capped at 120 %; the period has no target of its own: compared with the "
     "annual target"),
    (for_period("higher", [D(400), D(380)], BLANK, D(1500), "sum", 2),
     "400 + 380 = 780; 780 / 1.500 × 100 = 52 %; periode ini tidak punya target sendiri: realisasi sejak awal tahun "
     "dijumlahkan, dibandingkan dengan target tahunan (kemajuan, sampai tahun berakhir)",
     "400 + 380 = 780; 780 / 1.500 × 100 = 52 %; the period has no target of its own: the values so far added up, "
     "against the annual target (progress until the year is over)"),
]


@pytest.mark.parametrize(("result", "indonesian", "english"), CASES)
def test_the_working_in_each_language(app, result, indonesian, english):
    with app.test_request_context():
        with force_locale("id"):
            assert workings(result) == indonesian
            assert not re.search(r"\d\.\d{1,2}\b", workings(result))  # no decimal point (1.500 is a thousand)
        with force_locale("en"):
            assert workings(result) == english


@pytest.mark.parametrize(("reason", "indonesian", "english"), [
    ("no_realisation", "tidak dapat diukur: realisasi belum dilaporkan", "not measurable: no realisation reported yet"),
    ("no_target", "tidak dapat diukur: belum ada target, baik untuk periode ini maupun untuk setahun",
     "not measurable: no target: neither for the period nor for the year"),
    ("no_target_range", "tidak dapat diukur: batas bawah atau batas atas rentang target belum ditetapkan",
     "not measurable: the target range lacks its lower or upper bound"),
    ("zero_target", "tidak dapat diukur: targetnya 0: persentase tidak dapat dihitung",
     "not measurable: the target is 0: a percentage cannot be computed"),
    ("nothing_reported", "tidak dapat diukur: belum ada nilai yang diajukan", "not measurable: nothing submitted yet"),
])
def test_not_measurable_says_why_in_each_language(app, reason, indonesian, english):
    with app.test_request_context():
        with force_locale("id"):
            assert why_not(reason) == indonesian
        with force_locale("en"):
            assert why_not(reason) == english


def test_every_reason_has_words_in_both_languages(app):
    keys = set(NOT_MEASURABLE) | set(chart.UNIT_NOT_MEASURABLE)
    with app.test_request_context():
        with force_locale("en"):
            english = not_measurable_reasons()
        with force_locale("id"):
            indonesian = not_measurable_reasons()
    assert set(english) == set(indonesian) == keys
    assert all(english[key] != indonesian[key] for key in keys)  # translated, not the English left as it is


def test_nothing_measurable_has_no_working(app):
    with app.test_request_context():
        assert workings(achievement("higher", None, D(10))) == ""
