"""Excel round-trip: export the contents, change them in the workbook, preview, apply to the draft."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from app.agreements.models import Indicator
from app.extensions import db
from tests.agreements.conftest import fill
from tests.agreements.test_routes import _create


def _upload(client, agreement, data: bytes):
    return client.post(f"/agreements/{agreement.id}/xlsx/import",
                       data={"file": (io.BytesIO(data), "pk.xlsx")}, content_type="multipart/form-data")


def _edited(client, agreement, change) -> bytes:
    book = load_workbook(io.BytesIO(client.get(f"/agreements/{agreement.id}/xlsx").data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_round_trip_previews_then_applies_changes(client, officials):
    agreement = _create(client, officials)
    fill(agreement, officials.users["kabid"])
    key = agreement.latest.indicators[0].key
    client.login_as(officials.users["kabid"])

    def change(book):
        sheet = book["Indikator"]
        sheet["F2"], sheet["L2"] = 300, 100  # target 276 → 300, Tw IV 76 → 100
        sheet.append(["", "Sasaran baru", "Indikator baru", "%", "higher", 80, None, None, None, None, None, None,
                      "sum", "", "", ""])
        book["Anggaran"]["C2"] = 1_500_000_000

    preview = _upload(client, agreement, _edited(client, agreement, change))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, [line for line in page.splitlines() if "error" in line]
    assert "Indikator baru" in page and "300" in page and 'name="token"' in page
    assert agreement.latest.indicators[0].target == 276  # nothing written yet
    token = page.split('name="token" value="')[1].split('"')[0]
    assert client.post(f"/agreements/{agreement.id}/xlsx/apply", data={"token": token}).status_code == 303
    version = agreement.latest
    assert [i.name for i in version.indicators] == ["Jumlah titik rawan PMKS yang diawasi", "Indikator baru"]
    assert version.indicators[0].key == key and version.indicators[0].target == 300
    assert version.budget_total == 1_500_000_000
    # the token cannot be used twice: the draft's version counter has moved on
    again = client.post(f"/agreements/{agreement.id}/xlsx/apply", data={"token": token})
    assert again.status_code == 409


def test_wrong_rows_are_listed_and_nothing_can_be_applied(client, officials):
    agreement = _create(client, officials)
    fill(agreement, officials.users["kabid"])
    client.login_as(officials.users["kabid"])

    def change(book):
        book["Indikator"]["F2"] = -5
        book["Indikator"]["E2"] = "sideways"
        book["Anggaran"]["C2"] = "banyak"

    response = _upload(client, agreement, _edited(client, agreement, change))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'name="token"' not in page
    assert "Indikator, baris 2" in page and "Anggaran, baris 2" in page


def test_a_tampered_token_and_a_non_workbook_are_refused(client, officials):
    agreement = _create(client, officials)
    fill(agreement, officials.users["kabid"])
    client.login_as(officials.users["kabid"])
    response = client.post(f"/agreements/{agreement.id}/xlsx/apply", data={"token": "eyJ2ZXJzaW9uX2lkIjoxfQ.forged"})
    assert response.status_code == 303 and db.session.query(Indicator).count() == 1
    assert _upload(client, agreement, b"nama;nip\nBudi;1\n").status_code == 422


def test_an_agreement_in_force_cannot_be_replaced_from_excel(client, officials, app):
    from tests.agreements.test_pdf import _signed

    version = _signed(officials, app)
    client.login_as(officials.users["kabid"])
    data = client.get(f"/agreements/{version.agreement_id}/xlsx").data
    response = _upload(client, version.agreement, data)
    assert response.status_code == 422 and 'name="token"' not in response.get_data(as_text=True)


def test_every_problem_of_a_row_is_listed_at_once_in_indonesian(client, officials):
    agreement = _create(client, officials)
    fill(agreement, officials.users["kabid"])
    client.login_as(officials.users["kabid"])

    def change(book):
        sheet = book["Indikator"]
        sheet["D2"], sheet["E2"], sheet["J2"], sheet["M2"] = None, "sideways", "banyak", "xyz"
        budget = book["Anggaran"]
        budget["A2"], budget["B2"], budget["C2"] = "proyek", None, "banyak"

    page = _upload(client, agreement, _edited(client, agreement, change)).get_data(as_text=True)
    for problem in ("tw2: Tulis angka", "satuan: Wajib diisi.", "polaritas: Tulis higher, lower atau range.",
                    "agregasi: Tulis sum, average atau last."):
        assert page.count(f"Lembar Indikator, baris 2, {problem}") == 1, problem
    for problem in ("level: Tulis program", "nama: Wajib diisi.", "anggaran: Tulis anggaran"):
        assert page.count(f"Lembar Anggaran, baris 2, {problem}") == 1, problem
