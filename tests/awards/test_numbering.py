"""Certificate numbers (DOMAIN.md §6, "Nomor: 800/…/…/yyyy"): patterns, padding, Roman months, bad patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.awards.models import DEFAULT_NUMBER_PATTERN
from app.awards.numbering import format_number, roman, validate_pattern


@pytest.mark.parametrize(("month", "numeral"), [
    (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (7, "VII"), (8, "VIII"), (9, "IX"),
    (10, "X"), (11, "XI"), (12, "XII"),
])
def test_roman_months(month, numeral):
    assert roman(month) == numeral


@pytest.mark.parametrize(("number", "numeral"), [(14, "XIV"), (49, "XLIX"), (1994, "MCMXCIV"), (3999, "MMMCMXCIX")])
def test_roman_beyond_months(number, numeral):
    assert roman(number) == numeral


@pytest.mark.parametrize("number", [0, -1, 4000])
def test_roman_out_of_range(number):
    with pytest.raises(ValueError):
        roman(number)


@pytest.mark.parametrize(("pattern", "seq", "month", "expected"), [
    (DEFAULT_NUMBER_PATTERN, 7, 2, "800/7/DINSOS/II/2018"),  # the shipped pattern
    ("800/{seq}/{unit}/{month_roman}/{year}", 123, 12, "800/123/DINSOS/XII/2018"),
    ("800/{seq:3}/{unit}/{month_roman}/{year}", 7, 2, "800/007/DINSOS/II/2018"),  # padded
    ("800/{seq:3}/{unit}/{month_roman}/{year}", 45, 9, "800/045/DINSOS/IX/2018"),
    ("800/{seq:3}/{unit}/{month_roman}/{year}", 1234, 9, "800/1234/DINSOS/IX/2018"),  # never cut
    ("800/{seq:03}/{year}", 7, 2, "800/007/2018"),  # a leading zero in the width is fine
    ("{seq:1}/{year}", 7, 2, "7/2018"),
    ("{seq:}/{year}", 7, 2, "7/2018"),  # an empty spec is no padding
    ("{unit}-{year}{month}-{seq:4}", 7, 9, "DINSOS-201809-0007"),  # 2-digit month
    ("{unit}-{year}{month}-{seq:4}", 7, 11, "DINSOS-201811-0007"),
    ("PP.{seq}.{year}", 7, 2, "PP.7.2018"),  # literal text only
    ("{{{seq}}}/{year}", 7, 2, "{7}/2018"),  # doubled braces are literal braces
    ("{seq}/{seq}/{year}", 7, 2, "7/7/2018"),  # a placeholder may repeat
    ("{year}-{seq}", 1, 1, "2018-1"),
])
def test_format_number(pattern, seq, month, expected):
    assert validate_pattern(pattern) is None
    assert format_number(pattern, seq=seq, unit="DINSOS", month=month, year=2018) == expected


def test_unit_code_may_be_empty_when_the_pattern_does_not_use_it():
    assert format_number("800/{seq}/{year}", seq=1, unit="", month=2, year=2018) == "800/1/2018"
    with pytest.raises(ValueError, match="no code"):
        format_number("800/{seq}/{unit}/{year}", seq=1, unit="", month=2, year=2018)


@pytest.mark.parametrize(("pattern", "error"), [
    ("", "missing_seq"),
    ("800/{seq}/{unit}", "missing_year"),  # the running number starts again each year
    ("800/{seq}/" + "x" * 80 + "/{year}", "too_long"),
    ("800/{unit}/{month_roman}/{year}", "missing_seq"),  # numbers would repeat
    ("800/seq/{year}", "missing_seq"),  # "seq" without braces is text
    ("800/{{seq}}/{year}", "missing_seq"),  # doubled braces are text too
    ("800/{nomor}/{seq}", "unknown_placeholder:nomor"),
    ("800/{seq}/{Year}", "unknown_placeholder:Year"),  # names are case-sensitive
    ("800/{ seq }", "unknown_placeholder: seq "),
    ("800/{}/{seq}", "unknown_placeholder:"),  # positional fields
    ("800/{0}/{seq}", "unknown_placeholder:0"),
    ("800/{seq.real}", "unknown_placeholder:seq.real"),  # attribute access
    ("800/{seq}/{unit[0]}", "unknown_placeholder:unit[0]"),  # index access
    ("800/{seq}/{unit.__class__}", "unknown_placeholder:unit.__class__"),
    ("800/{seq", "syntax"),
    ("800/seq}", "syntax"),
    ("800/{seq}/{", "syntax"),
    ("800/{seq!}", "syntax"),
    ("800/{seq:x}", "bad_spec:seq"),
    ("800/{seq:0}", "bad_spec:seq"),  # a width of 1–10
    ("800/{seq:11}", "bad_spec:seq"),
    ("800/{seq:>3}", "bad_spec:seq"),  # only a plain width
    ("800/{seq:-3}", "bad_spec:seq"),
    ("800/{seq:\u0663}", "bad_spec:seq"),  # ARABIC-INDIC DIGIT THREE: a digit, not an ASCII one
    ("800/{seq:{year}}", "bad_spec:seq"),  # nested fields
    ("800/{seq!r}", "bad_spec:seq"),  # conversions
    ("800/{seq}/{unit!s}", "bad_spec:unit"),
    ("800/{seq}/{year:4}", "bad_spec:year"),  # only seq takes a width
    ("800/{seq}/{month:02}", "bad_spec:month"),
])
def test_invalid_patterns(pattern, error):
    assert validate_pattern(pattern) == error
    with pytest.raises(ValueError, match=re.escape(error)):
        format_number(pattern, seq=1, unit="DINSOS", month=2, year=2018)


@pytest.mark.parametrize(("seq", "month", "message"), [(0, 2, "seq"), (-3, 2, "seq"), (1, 0, "month"),
                                                       (1, 13, "month")])
def test_format_number_refuses_bad_values(seq, month, message):
    with pytest.raises(ValueError, match=message):
        format_number(DEFAULT_NUMBER_PATTERN, seq=seq, unit="DINSOS", month=month, year=2018)


VALID = st.sampled_from([DEFAULT_NUMBER_PATTERN, "800/{seq:3}/{unit}/{month_roman}/{year}",
                         "{unit}-{year}{month}-{seq:4}", "{seq}/{year}"])


@given(VALID, st.integers(1, 10**6), st.integers(1, 10**6), st.integers(1, 12), st.integers(2000, 2100))
def test_different_seqs_give_different_numbers(pattern, a, b, month, year):
    def number(seq):
        return format_number(pattern, seq=seq, unit="DINSOS", month=month, year=year)
    assert (number(a) == number(b)) == (a == b)


@given(st.integers(1, 10**7), st.integers(1, 10))
def test_padding_keeps_the_value(seq, width):
    text = format_number(f"{{seq:{width}}}/{{year}}", seq=seq, unit="", month=1, year=2018).removesuffix("/2018")
    assert int(text) == seq and len(text) == max(width, len(str(seq)))


@given(st.text(max_size=40))
def test_validation_never_crashes(pattern):
    error = validate_pattern(pattern)
    assert error is None or error in ("syntax", "missing_seq", "missing_year", "too_long") or error.startswith(("unknown_placeholder:",
                                                                                     "bad_spec:"))
    if error is None:
        assert format_number(pattern, seq=1, unit="U", month=1, year=2018)  # a valid pattern always formats
