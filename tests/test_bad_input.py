"""Every form gets wrong, empty, oversized and hostile values: a clear 422 (or 413) and nothing changes, or, for
free text, the value is saved as typed and shown as text.

The forms are listed with a valid submission; each field in turn gets each hostile value. Script and SQL in a
field of free text (a name, an address) are not refused for their characters: they are saved exactly and every
page shows them escaped once. In a field with a format (a NIP, an e-mail, a choice, a number) they are refused.
"""

from __future__ import annotations

import pytest
from markupsafe import escape
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


# The fields of free text: any character may be typed there (issue 11: legitimate text is not refused).
FREE_TEXT = {"unit": ("name", "code", "address", "phone"), "position": ("name",),
             "person": ("name", "front_title", "back_title", "phone"), "settings": ("name", "city")}

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
        if field in FREE_TEXT.get(form, ()) and kind in ("script", "sql"):
            continue  # accepted as text: test_script_and_sql_in_free_text_are_saved_as_typed_and_shown_escaped
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


def _saved(world, form):
    """The record the valid submission of ``form`` wrote, and the pages that show it (its edit form last)."""
    if form == "unit":
        unit = db.session.scalar(select(Unit).where(Unit.parent_id == world.bidang_a.id).order_by(Unit.id.desc()))
        return unit, (f"/units/{unit.id}", f"/units/{world.bidang_a.id}", f"/units/{unit.id}/edit")
    if form == "position":
        position = db.session.scalar(select(Position).where(Position.unit_id == world.bidang_a.id)
                                     .order_by(Position.id.desc()))
        return position, (f"/units/{world.bidang_a.id}", f"/positions/{position.id}/edit")
    if form == "person":
        person = db.session.scalar(select(Employee).where(Employee.nip == "198001152005011777"))
        return person, (f"/people/{person.id}", f"/people?q={person.nip}", f"/people/{person.id}/edit")
    return db.session.scalar(select(Pemda)), (f"/units/{world.opd_a.id}", "/settings")  # the unit's letterhead


def _shown_escaped_once(html: str, value: str, where: str) -> None:
    escaped = str(escape(value))
    assert "<script>alert" not in html and value not in html, where
    assert str(escape(escaped)) not in html, where  # not escaped twice
    assert escaped in html, where


ACCEPTED = [(form, kind, field) for form, fields in FREE_TEXT.items() for kind in ("script", "sql") for field in fields]


@pytest.mark.parametrize(("form", "kind", "field"), ACCEPTED)
def test_script_and_sql_in_free_text_are_saved_as_typed_and_shown_escaped(client, world, form, kind, field):
    """What is typed in free text is kept exactly and shown as text: the page, the list and the edit form
    (where the value is typed again) hold it escaped once, never as markup."""
    url, role, valid, _fields = _forms(world)[form]
    client.login_as(world.users[role])
    value = HOSTILE[kind]
    response = client.post(url, data=dict(valid, **{field: value}))
    assert response.status_code == 303, (form, field, kind, response.get_data(as_text=True)[-3000:])
    record, pages = _saved(world, form)
    assert getattr(record, field) == value
    for page in pages:
        answer = client.get(page)
        assert answer.status_code == 200, page
        html = answer.get_data(as_text=True)
        if page == pages[-1] or field == "name":  # a name is on every page; the edit form has every field
            _shown_escaped_once(html, value, page)
        else:
            assert "<script>alert" not in html, page


def test_markup_in_a_note_is_shown_as_text(client, world):
    """Free text with markup, quotes and an ampersand (an SK note) is saved and escaped wherever it is shown."""
    client.login_as(world.users["hr"])
    note = "SK 1/2024 & <b>bold</b> \"quoted\" 'single' -- ok; \\ done"
    data = {"employment_type": "pns", "nip": world.person_a.nip, "name": "Siti Aminah", "sex": "P",
            "golongan": "III/b", "unit_id": str(world.bidang_a.id), "position_id": str(world.position_a.id),
            "status": "aktif", "valid_from": "2024-01-01", "history_note": note,
            "version": str(world.person_a.version)}
    assert client.post(f"/people/{world.person_a.id}/edit", data=data).status_code == 303
    page = client.get(f"/people/{world.person_a.id}").get_data(as_text=True)
    assert ("SK 1/2024 &amp; &lt;b&gt;bold&lt;/b&gt; &#34;quoted&#34; &#39;single&#39; -- ok; \\ done" in page)
    assert "<b>bold</b>" not in page and "&amp;lt;" not in page


def test_unknown_ids_in_urls_are_404(client, world):
    client.login_as(world.users["admin"])
    for url in ("/units/999999", "/people/999999", "/positions/999999/edit", "/users/999999"):
        assert client.get(url).status_code == 404
    assert client.get("/units/abc").status_code == 404
    assert client.get("/people?page=2&type=<x>&golongan=zz").status_code == 200  # junk filters are ignored
    assert client.get("/people?page=-5").status_code == 422  # a page number out of range is said so
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
