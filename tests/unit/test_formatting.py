"""Indonesian dates, rupiah and amounts in words (DOMAIN.md §7)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.formatting import rupiah, tanggal, terbilang


@pytest.mark.parametrize(
    ("value", "text"),
    [(date(2018, 3, 5), "5 Maret 2018"), (date(2026, 12, 31), "31 Desember 2026"), (date(2018, 2, 1), "1 Februari 2018")],
)
def test_tanggal(value, text):
    assert tanggal(value) == text


def test_tanggal_with_weekday():
    assert tanggal(date(2018, 3, 5), with_weekday=True) == "Senin, 5 Maret 2018"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1500000, "Rp1.500.000,00"),
        (0, "Rp0,00"),
        (999, "Rp999,00"),
        (1000, "Rp1.000,00"),
        (Decimal("1234567.891"), "Rp1.234.567,89"),
        (Decimal("0.005"), "Rp0,01"),  # ROUND_HALF_UP
        (-2500, "-Rp2.500,00"),
    ],
)
def test_rupiah(amount, text):
    assert rupiah(amount) == text


def test_rupiah_refuses_float():
    with pytest.raises(TypeError):
        rupiah(1.5)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1500000, "satu juta lima ratus ribu rupiah"),
        (0, "nol rupiah"),
        (11, "sebelas rupiah"),
        (17, "tujuh belas rupiah"),
        (100, "seratus rupiah"),
        (1000, "seribu rupiah"),
        (1100, "seribu seratus rupiah"),
        (21000, "dua puluh satu ribu rupiah"),
        (115000, "seratus lima belas ribu rupiah"),
        (2_000_000_000, "dua miliar rupiah"),
        (1_000_000, "satu juta rupiah"),
    ],
)
def test_terbilang(amount, words):
    assert terbilang(amount) == words


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_terbilang_is_wellformed(amount):
    words = terbilang(amount)
    assert words.endswith("rupiah") and "  " not in words and not words.startswith(" ")
    assert "satu ratus" not in words and "satu ribu rupiah" not in words.replace("puluh satu ribu", "")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_rupiah_digits_round_trip(amount):
    text = rupiah(amount)
    digits = text.replace("Rp", "").replace(".", "").replace(",00", "")
    assert int(digits) == amount


@given(st.decimals(min_value=-10**12, max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_format_number_writes_what_babel_writes_in_indonesian(value):
    from babel.numbers import format_decimal

    from app.core.formatting import format_number

    number = value.normalize()
    places = max(-number.as_tuple().exponent, 0)
    expected = format_decimal(number, format="#,##0" + ("." + "#" * places if places else ""), locale="id",
                              decimal_quantization=False)
    assert format_number(value) == expected
