"""Every form gets wrong, empty, oversized and hostile values: a clear 422 (or 413) and nothing changes.

The forms are listed with a valid submission; each text field in turn gets each hostile value.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import RoleAssignment, User
from app.extensions import db
from app.org.models import Employee, Pemda, Position, Unit

HOSTILE = {
    "empty": "",
    "script": "<script>alert('x')</script>",
    "sql": "'; DROP TABLE units; --",
    "huge": "A" * 10 * 1024 * 1024,
}


def _forms(world):
    return {
        "unit": (f"/units/{world.bidang_a.id}/new", "hr",
                 {"kind": "seksi", "name": "Seksi Uji", "code": "SU", "sort_order": "1", "address": "Jl. Uji 1",
                  "phone": "021-123", "email": "uji@example.go.id", "postal_code": "10110"},
                 ("name", "code", "address", "phone", "email", "postal_code", "sort_order")),
        "position": (f"/units/{world.bidang_a.id}/positions/new", "hr",
                     {"name": "Penyuluh", "type": "fungsional", "eselon": "", "kelas_jabatan": "8"},
                     ("name", "kelas_jabatan", "type")),
        "person": ("/people/new", "hr",
                   {"employment_type": "pns", "nip": "198001152005011777", "name": "Andi", "sex": "L",
                    "golongan": "III/a", "unit_id": str(world.bidang_a.id), "status": "aktif",
                    "valid_from": "2024-01-01"},
                   ("nip", "name", "front_title", "back_title", "email", "phone", "valid_from", "golongan",
                    "employment_type", "status", "sex")),
        "settings": ("/settings", "admin",
                     {"name": "Pemerintah Provinsi DKI Jakarta", "level": "provinsi", "city": "Jakarta",
                      "timezone": "WIB", "paper_size": "A4"},
                     ("name", "city", "level", "timezone", "paper_size")),
        "account": ("/users/new", "admin", {"username": "baru", "password": "sandi-yang-panjang"},
                    ("username", "employee_number", "password")),
    }


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Unit, Position, Employee, User,
                                                                                  RoleAssignment, Pemda))


CASES = [(form, kind) for form in ("unit", "position", "person", "settings", "account") for kind in HOSTILE]


@pytest.mark.parametrize(("form", "kind"), CASES)
def test_hostile_values_change_nothing(client, world, form, kind):
    url, role, valid, fields = _forms(world)[form]
    client.login_as(world.users[role])
    before = _counts()
    if kind == "huge":
        fields = fields[:2]  # 10 MB a request: two fields per form show the cap without a slow suite
    for field in fields:
        if field == "password" and kind in ("script", "sql"):
            continue  # a password may contain any character; it is only ever hashed
        if kind == "empty" and field in ("code", "address", "phone", "email", "postal_code", "front_title",
                                         "back_title", "employee_number", "sort_order"):
            continue  # optional fields may be empty
        data = dict(valid, **{field: HOSTILE[kind]})
        response = client.post(url, data=data, headers={"HX-Request": "true"})
        assert response.status_code in (413, 422), (form, field, kind, response.status_code)
        if response.status_code == 422:
            assert b"<script>alert" not in response.data
            assert b'class="error"' in response.data or b"form-errors" in response.data, (form, field)
        assert _counts() == before, (form, field, kind)
    # and the valid submission does go through, so the refusals above were about the values
    final = client.post(url, data=valid)
    assert final.status_code in (303, 204), final.get_data(as_text=True)[-3000:]


def test_script_in_an_accepted_field_is_shown_as_text(client, world):
    """Free text that passes validation (an SK note) is escaped wherever it is shown."""
    client.login_as(world.users["hr"])
    data = {"employment_type": "pns", "nip": world.person_a.nip, "name": "Siti Aminah", "sex": "P",
            "golongan": "III/b", "unit_id": str(world.bidang_a.id), "position_id": str(world.position_a.id),
            "status": "aktif", "valid_from": "2024-01-01", "history_note": "SK 1/2024 & <b>bold</b>",
            "version": str(world.person_a.version)}
    response = client.post(f"/people/{world.person_a.id}/edit", data=data)
    assert response.status_code == 422  # < and > are refused in free text
    data["history_note"] = "SK 1/2024 & \"quoted\" 'single'"
    assert client.post(f"/people/{world.person_a.id}/edit", data=data).status_code == 303
    page = client.get(f"/people/{world.person_a.id}")
    assert b"SK 1/2024 &amp; &#34;quoted&#34; &#39;single&#39;" in page.data


def test_unknown_ids_in_urls_are_404(client, world):
    client.login_as(world.users["admin"])
    for url in ("/units/999999", "/people/999999", "/positions/999999/edit", "/users/999999"):
        assert client.get(url).status_code == 404
    assert client.get("/units/abc").status_code == 404
    assert client.get("/people?page=-5&type=<x>&golongan=zz").status_code == 200  # junk filters are ignored
    assert client.get("/people?unit=abc").status_code == 404  # an id that is no id names no unit


def test_wtforms_own_messages_follow_the_users_language(client, world):
    """"This field is required." and the like come from WTForms, which ships no Indonesian: the app's
    catalogue translates them (app.core.form_messages)."""
    client.login_as(world.users["hr"])
    page = client.post(f"/awards/opd/{world.opd_a.id}/instruments/new", data={"name": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Isian ini wajib diisi." in text and "This field is required." not in text
    too_long = client.post(f"/awards/opd/{world.opd_a.id}/instruments/new", data={"name": "x" * 201})
    assert "Isian paling banyak 200 karakter." in too_long.get_data(as_text=True)
