"""Real names with < > ; -- & quotes and backslashes are saved as typed and shown as text (issue 11, item 4).

Nothing is refused for its characters: safety comes from escaping the output. A page shows each value escaped
once (``&lt;``, never a raw ``<`` and never ``&amp;lt;``); the PDF and the workbook hold the exact text.
"""

from __future__ import annotations

import io

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.agreements.models import Agreement, Indicator
from app.discipline.models import Sanction
from app.extensions import db
from app.org.models import Employee, Unit
from tests.agreements.conftest import build_officials

INDICATOR_NAMES = (
    "Persentase PMKS dengan waktu tunggu < 3 hari",
    "Jumlah anak jalanan; gelandangan dan pengemis yang dijangkau",
    "Indeks kepuasan layanan -- survei tahunan",
    'Rasio "A" & B \\ C',
    "<script>alert(1)</script>",  # refused before, now text like any other (tests/agreements/test_routes.py)
)


SASARAN = "Meningkatnya layanan < 3 hari; tanpa <b>antrean</b> -- sasaran"  # a tag-like text, too


def _shown_once(html: str, value: str) -> None:
    """``value`` is on the page escaped exactly once: not raw (when escaping changes it), not escaped twice."""
    escaped = str(escape(value))
    assert escaped in html, (value, escaped)
    if escaped != value:
        assert value not in html, value
        assert str(escape(escaped)) not in html, value


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _indicator_form(name: str, **kw) -> dict:
    data = {"name": name, "satuan": "%", "polarity": "higher", "target": "80", "tw1": "", "tw2": "", "tw3": "",
            "tw4": "", "aggregation": "last", "quarter_note": "", "definition": "", "data_source": "", "supports_key": ""}
    data.update(kw)
    return data


@pytest.fixture
def draft(client, world):
    """A draft agreement with one sasaran and the indicators above, entered through the forms."""
    officials = build_officials(world)
    client.login_as(officials.world.users["hr"])
    response = client.post("/agreements/new", data={"year": 2018, "unit_id": officials.world.bidang_a.id,
                                                     "second_party_id": ""})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    agreement = db.session.scalar(select(Agreement).where(Agreement.year == 2018,
                                                          Agreement.unit_id == officials.world.bidang_a.id))
    assert client.post(f"/agreements/{agreement.id}/sasaran",
                       data={"text": SASARAN}).status_code == 303
    sasaran = agreement.latest.sasaran[0]
    for name in INDICATOR_NAMES:
        response = client.post(f"/agreements/sasaran/{sasaran.id}/indicators/new",
                               data=_indicator_form(name, definition=f"Definisi: {name}", data_source=name),
                               headers={"HX-Request": "true"})
        assert response.status_code == 204, (name, response.get_data(as_text=True)[-2000:])
    return agreement


def test_indicator_names_are_saved_exactly(draft):
    saved = db.session.scalars(select(Indicator).where(Indicator.sasaran_id == draft.latest.sasaran[0].id)
                               .order_by(Indicator.id)).all()
    assert [i.name for i in saved] == list(INDICATOR_NAMES)
    assert [i.data_source for i in saved] == list(INDICATOR_NAMES)
    assert [i.definition for i in saved] == [f"Definisi: {name}" for name in INDICATOR_NAMES]
    assert draft.latest.sasaran[0].text == SASARAN


def test_indicator_names_are_shown_escaped_once_on_the_agreement_page(client, draft):
    page = client.get(f"/agreements/{draft.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "&lt; 3 hari" in html and "&amp;lt;" not in html
    for name in INDICATOR_NAMES:
        _shown_once(html, name)
    _shown_once(html, SASARAN)


def test_indicator_names_are_in_the_agreement_pdf_as_typed(client, draft):
    response = client.get(f"/agreements/{draft.id}/pdf")  # a draft: rendered by app.agreements.document
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    for name in (*INDICATOR_NAMES, SASARAN):
        assert name in text, (name, text)
    assert "&lt;" not in text and "&amp;" not in text and "&#34;" not in text


def test_indicator_names_round_trip_through_the_workbook(client, draft):
    response = client.get(f"/agreements/{draft.id}/xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Indikator"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["indikator"] for r in rows] == list(INDICATOR_NAMES)
    assert [r["sumber_data"] for r in rows] == list(INDICATOR_NAMES)
    assert {r["sasaran"] for r in rows} == {SASARAN}


def test_a_value_starting_with_a_formula_sign_is_still_escaped_in_the_workbook(client, draft):
    """Leading = + - @ stay escaped against formula injection; "--" inside a value is left alone."""
    sasaran = draft.latest.sasaran[0]
    assert client.post(f"/agreements/sasaran/{sasaran.id}/indicators/new",
                       data=_indicator_form("-- survei tahunan", data_source="=1+1")).status_code == 303
    sheet = load_workbook(io.BytesIO(client.get(f"/agreements/{draft.id}/xlsx").data))["Indikator"]
    header = [c.value for c in sheet[1]]
    last = dict(zip(header, (c.value for c in sheet[sheet.max_row]), strict=True))
    assert last["indikator"] == "'-- survei tahunan" and last["sumber_data"] == "'=1+1"


UNIT_NAME = "Bidang Rehabilitasi Sosial; Anak -- Lansia"
ADDRESS = 'Jl. "Anggrek" No. 5 <belakang pasar> & gang \\ 2'


def test_a_unit_name_with_semicolon_and_dashes_is_saved_and_shown(client, world):
    client.login_as(world.users["hr"])
    response = client.post(f"/units/{world.opd_a.id}/new",
                           data={"kind": "bidang", "name": UNIT_NAME, "code": "RS;AL", "sort_order": "3",
                                 "address": ADDRESS, "kop_name": UNIT_NAME})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    unit = db.session.scalar(select(Unit).where(Unit.name == UNIT_NAME))
    assert unit is not None and unit.address == ADDRESS and unit.code == "RS;AL" and unit.kop_name == UNIT_NAME
    html = client.get(f"/units/{unit.id}").get_data(as_text=True)
    _shown_once(html, UNIT_NAME)


PERSON_NAME = "O'Neil; <Andi>"


def test_a_person_name_with_apostrophe_semicolon_and_brackets_is_saved_and_shown(client, world):
    client.login_as(world.users["hr"])
    data = {"employment_type": "pns", "nip": "19800115 200501 1 777", "nik": "", "front_title": "Dr.;",
            "name": PERSON_NAME, "back_title": "S.Sos. -- M.Si.", "sex": "L", "golongan": "III/b",
            "unit_id": world.bidang_a.id, "position_id": world.position_a.id, "status": "aktif", "email": "",
            "phone": "021-123; 0812 <kantor>", "valid_from": "2024-01-02", "history_note": "SK 1/2024 -- pindah; <b>"}
    response = client.post("/people/new", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    person = db.session.scalar(select(Employee).where(Employee.nip == "198001152005011777"))
    assert person.name == PERSON_NAME and person.back_title == "S.Sos. -- M.Si."
    assert person.phone == "021-123; 0812 <kantor>"
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    _shown_once(html, PERSON_NAME)
    _shown_once(html, "021-123; 0812 <kantor>")


def test_a_name_still_may_not_contain_digits(client, world):
    """Digits in a name are a mistake (a NIP typed in the wrong field), not a matter of markup."""
    client.login_as(world.users["hr"])
    data = {"employment_type": "pns", "nip": "19800115 200501 1 777", "name": "Andi 198001152005011777",
            "sex": "L", "golongan": "III/b", "unit_id": world.bidang_a.id, "status": "aktif",
            "valid_from": "2024-01-02"}
    assert client.post("/people/new", data=data).status_code == 422


def test_a_sanction_with_markup_and_dashes_is_saved_and_shown(client, world):
    client.login_as(world.users["hr"])
    values = {"level": "light", "kind": "Teguran tertulis; -- lisan sebelumnya", "decision_number": "800/12/BKD; <script>",
              "decision_date": "2018-02-01", "starts_on": "", "ends_on": "", "note": 'Catatan "A" & <b>B</b> \\ C'}
    response = client.post(f"/discipline/people/{world.person_a.id}/sanctions/new", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    sanction = db.session.scalar(select(Sanction).where(Sanction.employee_id == world.person_a.id))
    assert (sanction.kind, sanction.decision_number, sanction.note) == (values["kind"], values["decision_number"],
                                                                        values["note"])
    html = client.get(f"/discipline/people/{world.person_a.id}").get_data(as_text=True)
    _shown_once(html, values["decision_number"])
    _shown_once(html, values["kind"])
    edit = client.get(f"/discipline/sanctions/{sanction.id}/edit").get_data(as_text=True)
    _shown_once(edit, values["note"])
