"""Excel round-trip of a unit's period: export, fill in, preview old → new, apply all or nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.monitoring import services
from app.monitoring.models import Realisation
from tests.agreements.conftest import officials  # noqa: F401  (fixture)
from tests.agreements.test_pdf import _signed
from tests.factories import make_user
from tests.monitoring.test_realisation import in_force  # noqa: F401  (fixture)

TODAY = date(2018, 4, 5)
Q1 = "year=2018&kind=quarter&period=1"


def _url(agreement, suffix: str = "", query: str = Q1) -> str:
    return f"/monitoring/unit/{agreement.unit_id}/excel{suffix}?{query}"


def _workbook(client, agreement, query: str = Q1):
    response = client.get(_url(agreement, query=query))
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, agreement, data: bytes, query: str = Q1):
    return client.post(_url(agreement, query=query), data={"file": (io.BytesIO(data), "realisasi.xlsx")},
                       content_type="multipart/form-data")


def _token(page: str) -> str:
    return page.split('name="token" value="')[1].split('"')[0]


def _apply(client, agreement, token: str, query: str = Q1):
    return client.post(_url(agreement, "/apply", query), data={"token": token})


def test_round_trip_previews_old_and_new_then_writes(client, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(30), "", operator, TODAY)
    client.login_as(operator)
    book = _workbook(client, agreement)
    sheet = book["Realisasi"]
    assert [c.value for c in sheet[1]] == ["ref", "indikator", "satuan", "pejabat", "target", "realisasi", "catatan",
                                           "status"]
    assert sheet["A2"].value == f"pk:{agreement.id}:{key}" and sheet["E2"].value == 60 and sheet["F2"].value == 30
    sheet["F2"], sheet["G2"] = "40,5", "Laporan Satpel"  # typed the Indonesian way, as text

    response = _upload(client, agreement, _bytes(book))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Jumlah titik rawan PMKS yang diawasi" in page and ">30<" in page and ">40,5<" in page
    assert "row-error" not in page and 'name="token"' in page
    assert realisation.value == D(30)  # nothing written yet

    response = _apply(client, agreement, _token(page))
    assert response.status_code == 303
    assert "/monitoring/unit/" in response.headers["Location"] and "period=1" in response.headers["Location"]
    db.session.refresh(realisation)
    assert (realisation.value, realisation.note, realisation.status) == (D("40.5"), "Laporan Satpel", "draft")
    # the same token again: the value's version has moved on, so it is a conflict and nothing changes
    assert _apply(client, agreement, _token(page)).status_code == 409


def test_a_new_value_and_an_unchanged_file(client, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    book = _workbook(client, agreement)
    unchanged = _upload(client, agreement, _bytes(book))
    assert unchanged.status_code == 200 and 'name="token"' not in unchanged.get_data(as_text=True)
    book["Realisasi"]["F2"] = 61
    page = _upload(client, agreement, _bytes(book)).get_data(as_text=True)
    assert _apply(client, agreement, _token(page)).status_code == 303
    assert db.session.query(Realisation).one().value == D(61)


def test_wrong_rows_block_everything(client, in_force, officials, app):  # noqa: F811
    agreement, key, operator = in_force
    services.enter(agreement, key, 1, D(30), "", operator, TODAY)
    client.login_as(operator)
    book = _workbook(client, agreement)
    sheet = book["Realisasi"]
    sheet["F2"] = "banyak"
    sheet.append(["pk:999:nope", "Indikator lain", "%", "", None, 5, "", ""])
    response = _upload(client, agreement, _bytes(book))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'name="token"' not in page
    assert page.count('class="row-error"') == 2
    assert db.session.query(Realisation).one().value == D(30)

    sheet["F2"], sheet["A3"] = -4, None  # a negative number; the unknown row is now without a ref
    response = _upload(client, agreement, _bytes(book))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and page.count('class="row-error"') == 2 and "negatif" in page


def test_a_frozen_value_cannot_change_but_may_stay(client, in_force, officials):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(60), "", operator, TODAY)
    services.submit(realisation, operator)
    services.verify(realisation, officials.users["kadis"], accept=True)
    client.login_as(operator)
    book = _workbook(client, agreement)
    assert _upload(client, agreement, _bytes(book)).status_code == 200  # unchanged: no error
    book["Realisasi"]["F2"] = 65
    response = _upload(client, agreement, _bytes(book))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'class="row-error"' in page and 'name="token"' not in page
    assert realisation.value == D(60)


def test_who_may_not_enter_sees_it_per_row(client, in_force, officials):  # noqa: F811
    agreement, key, operator = in_force
    leader = make_user("pimpinan_bidang", [("leader", officials.world.bidang_a)])
    client.login_as(leader)
    book = _workbook(client, agreement)
    book["Realisasi"]["F2"] = 10
    response = _upload(client, agreement, _bytes(book))
    assert response.status_code == 422 and 'class="row-error"' in response.get_data(as_text=True)
    assert db.session.query(Realisation).count() == 0


def test_a_tampered_or_misplaced_token_is_refused(client, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    assert _apply(client, agreement, "eyJ1bml0IjoxfQ.forged").status_code == 422
    book = _workbook(client, agreement)
    book["Realisasi"]["F2"] = 61
    token = _token(_upload(client, agreement, _bytes(book)).get_data(as_text=True))
    assert _apply(client, agreement, token, "year=2018&kind=quarter&period=2").status_code == 422
    assert db.session.query(Realisation).count() == 0


def test_a_value_changed_after_the_preview_refuses_all_changes(client, officials, app):  # noqa: F811
    version = _signed(officials, app, n_indicators=2)
    agreement = version.agreement
    first, second = (i.key for i in version.indicators)
    operator = make_user("op_bidang", [("operator", officials.world.bidang_a)])
    services.enter(agreement, second, 1, D(1), "", operator, TODAY)
    client.login_as(operator)
    book = _workbook(client, agreement)
    sheet = book["Realisasi"]
    assert sheet["A2"].value.endswith(first) and sheet["A3"].value.endswith(second)
    sheet["F2"], sheet["F3"] = 10, 20
    page = _upload(client, agreement, _bytes(book)).get_data(as_text=True)
    services.enter(agreement, second, 1, D(2), "", officials.users["kabid"], TODAY)  # meanwhile, the official
    response = _apply(client, agreement, _token(page))
    assert response.status_code == 409 and "row-error" not in response.get_data(as_text=True)
    values = {r.indicator_key: r.value for r in db.session.query(Realisation)}
    assert values == {second: D(2)}  # the first row was not written either


def test_formula_like_notes_are_escaped_and_read_back_unchanged(client, in_force):  # noqa: F811
    agreement, key, operator = in_force
    services.enter(agreement, key, 1, D(5), "=HYPERLINK(\"http://x\")", operator, TODAY)
    client.login_as(operator)
    book = _workbook(client, agreement)
    assert book["Realisasi"]["G2"].value == "'=HYPERLINK(\"http://x\")"
    response = _upload(client, agreement, _bytes(book))
    assert response.status_code == 200 and 'name="token"' not in response.get_data(as_text=True)


def test_not_a_workbook_or_another_period(client, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    response = _upload(client, agreement, b"%PDF-1.4 laporan")
    assert response.status_code == 422 and "PDF" in response.get_data(as_text=True)
    assert _upload(client, agreement, b"ref;realisasi\nx;1\n").status_code == 422
    q1 = _bytes(_workbook(client, agreement))
    response = _upload(client, agreement, q1, "year=2018&kind=quarter&period=2")
    assert response.status_code == 422 and 'name="token"' not in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["year=2018&kind=week&period=1", "year=2018&kind=quarter&period=5",
                                   "year=abc&kind=quarter&period=1", "year=2018&kind=month&period=0"])
def test_a_wrong_period_is_not_found(client, in_force, query):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    assert client.get(_url(agreement, query=query)).status_code == 404
