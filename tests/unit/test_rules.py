"""Identity numbers and display formats (DOMAIN.md §7): hand-worked cases and properties."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.org import rules

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("nip", "parts"),
    [
        ("196608011988031001", []),  # DOMAIN.md §7 example
        ("19660801 198803 1 001", []),  # spaces as people type them
        ("199105252015032001", []),
        ("", ["all"]),
        ("1966080119880310", ["length"]),
        ("19660801198803100A", ["all"]),
        ("196602301988031001", ["birth_date"]),  # 30 February
        ("196608011988131001", ["start_date"]),  # month 13
        ("196608011988001001", ["start_date"]),  # month 00
        ("196608011970031001", ["start_date"]),  # CPNS at age 3
        ("196608011988033001", ["sex"]),
        ("196608011988031000", ["serial"]),
        ("203008011988031001", ["birth_date", "start_date"]),  # born in the future, so CPNS before birth
        ("196613451988133000", ["birth_date", "start_date", "sex", "serial"]),  # every wrong part is named
    ],
)
def test_check_nip(nip, parts):
    assert [p.part for p in rules.check_nip(nip, TODAY)] == parts


@pytest.mark.parametrize(
    ("number", "parts"),
    [
        ("199105252023211031", []),  # DOMAIN.md §7 example
        ("19910525 2023 21 1 031", []),
        ("199105252018211031", ["start_date"]),  # PPPK started in 2019
        ("199105252023213031", ["sex"]),
        ("199113252023211031", ["birth_date"]),
        ("1991052520232110", ["length"]),
    ],
)
def test_check_ni_pppk(number, parts):
    assert [p.part for p in rules.check_ni_pppk(number, TODAY)] == parts


@pytest.mark.parametrize(
    ("nik", "parts"),
    [
        ("3171011501800001", []),  # Jakarta, man born 15-01-80
        ("3171015501800001", []),  # woman: day + 40
        ("3171013201800001", ["birth_date"]),  # day 32
        ("3171017201800001", ["birth_date"]),  # woman's day 72 - 40 = 32
        ("3171011513800001", ["birth_date"]),  # month 13
        ("0171011501800001", ["region"]),
        ("3171011501800000", ["serial"]),
        ("317101150180000", ["length"]),
        ("31710115018000x1", ["all"]),
    ],
)
def test_check_nik(nik, parts):
    assert [p.part for p in rules.check_nik(nik)] == parts


def test_messages_name_the_wrong_part(app):
    with app.test_request_context():
        (problem,) = rules.check_nip("196608011988131001", TODAY)
        assert "13" in str(problem.message)


@pytest.mark.parametrize(
    ("golongan", "text"),
    [("III/b", "Penata Muda Tk. I (III/b)"), ("IV/e", "Pembina Utama (IV/e)"), ("I/a", "Juru Muda (I/a)"),
     ("IX", "Golongan IX"), (None, ""), ("", "")],
)
def test_format_pangkat(golongan, text):
    assert rules.format_pangkat(golongan) == text


def test_the_pangkat_list_is_complete():
    assert len(rules.PANGKAT_PNS) == 17 and len(rules.GOLONGAN_PPPK) == 17


def test_format_numbers():
    assert rules.format_nip("196608011988031001") == "19660801 198803 1 001"
    assert rules.format_ni_pppk("199105252023211031") == "19910525 2023 21 1 031"


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("Masrokhan", "", ""), "Masrokhan"),
        (("Mariana", "Dra.", "M.Si."), "Dra. Mariana, M.Si."),
        (("Sumadi", None, "S.Sos."), "Sumadi, S.Sos."),
        ((" Budi ", " Ir. ", " "), "Ir. Budi"),
    ],
)
def test_full_name(args, text):
    assert rules.full_name(*args) == text


@st.composite
def valid_nips(draw):
    birth = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2004, 12, 31)))
    start_year = draw(st.integers(min_value=birth.year + 18, max_value=2026))
    month = draw(st.integers(min_value=1, max_value=12))
    if (start_year, month) > (2026, 11):
        month = 1
    sex = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    return f"{birth:%Y%m%d}{start_year:04d}{month:02d}{sex}{serial:03d}"


@given(valid_nips())
def test_every_well_formed_nip_passes_and_round_trips_its_display(nip):
    assert rules.check_nip(nip, TODAY) == []
    assert rules.normalise_id(rules.format_nip(nip)) == nip
    assert rules.sex_from_nip(nip) in ("L", "P")


@given(valid_nips(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789"))
def test_a_changed_digit_never_passes_silently_as_another_sex(nip, position, digit):
    changed = nip[:position] + digit + nip[position + 1:]
    if rules.check_nip(changed, TODAY) == [] and position == 14:
        assert changed[14] in "12"
