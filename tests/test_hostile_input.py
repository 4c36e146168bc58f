"""Issue 11 findings, one by one: ids beyond the database, out-of-range query values, NUL and invisible
characters in forms and in imports, evidence file names. ``test_hostile_generated.py`` then sweeps the app."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.monitoring import services as monitoring
from app.monitoring.models import Evidence
from app.org.models import Employee
from tests.agreements.conftest import indicator_data, officials  # noqa: F401  (fixture)
from tests.imports.test_imports import csv_bytes, person
from tests.monitoring.test_realisation import TODAY, in_force  # noqa: F401  (fixture)

HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [f"/people/{HUGE}", f"/documents/{HUGE}/pdf", f"/awards/rounds/{HUGE}",
                                 f"/monitoring/evidence/{HUGE}", f"/imports/{HUGE}", f"/agreements/{HUGE}",
                                 f"/people/{2**63}", f"/people/{2**31}", "/people/0"])
def test_an_id_beyond_the_database_is_not_found(client, world, url):
    client.login_as(world.users["admin"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["page=" + "9" * 30, "year=" + "9" * 30, "year=99999", "year=-1", "page=0",
                                   "month=13"])
@pytest.mark.parametrize("path", ["/agreements", "/people", "/discipline", "/users", "/monitoring/reminders"])
def test_a_number_out_of_range_in_the_query_is_refused(client, world, path, query):
    client.login_as(world.users["admin"])
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422, response.status_code
    assert "di luar rentang" in response.get_data(as_text=True)


def test_a_nul_byte_on_the_anonymous_login_is_a_clear_refusal(client, world):
    response = client.post("/login", data={"identifier": "adm\x00in", "password": "x"})
    assert response.status_code == 422 and "karakter kontrol (U+0000)" in response.get_data(as_text=True)


@pytest.mark.parametrize(("value", "code"), [("Andi\u202eawaS", "U+202E"), ("An\u200bdi", "U+200B"),
                                             ("Andi\x07", "U+0007"), ("An\u2066di", "U+2066")])
def test_invisible_characters_in_a_name_are_refused(client, world, value, code):
    client.login_as(world.users["hr"])
    before = db.session.scalar(select(func.count(Employee.id)))
    response = client.post("/people/new", data={
        "employment_type": "pns", "nip": "198001152005011777", "name": value, "sex": "L", "golongan": "III/a",
        "unit_id": str(world.bidang_a.id), "status": "aktif", "valid_from": "2024-01-01"})
    assert response.status_code == 422 and code in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Employee.id))) == before


def test_a_line_break_is_kept_in_multi_line_text_only(client, world):
    client.login_as(world.users["hr"])
    response = client.post("/people/new", data={
        "employment_type": "pns", "nip": "198001152005011777", "name": "Andi\nBudi", "sex": "L",
        "golongan": "III/a", "unit_id": str(world.bidang_a.id), "status": "aktif", "valid_from": "2024-01-01"})
    assert response.status_code == 422 and "satu baris" in response.get_data(as_text=True)


def test_an_import_is_checked_to_its_last_byte(world):
    """A NUL after the first 4 KB was not seen; neither were invisible characters in any cell."""
    from app.core.errors import Refused
    from app.imports import services as imports

    rows = [person(nip="", nik=f"3171{n:012d}", employment_type="thl", name=f"Pegawai {n}") for n in range(200)]
    data = csv_bytes(rows)
    assert len(data) > 4096
    with pytest.raises(Refused, match="bukan lembar kerja"):
        imports.stage(world.users["hr"], "people", "p.csv", data + b"x\x00y\r\n")
    rows[150]["name"] = "Pegawai\u202e 150"
    with pytest.raises(Refused, match="Baris 152, kolom E .*U\\+202E"):
        imports.stage(world.users["hr"], "people", "p.csv", csv_bytes(rows))


def test_evidence_file_names_are_cleaned_and_sent_per_rfc_6266(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = monitoring.enter(agreement, key, 1, 1, "", operator, TODAY)
    evidence = monitoring.add_evidence(realisation, operator, "C:\\Users\\x\\laporan\u202efdp.exe\x00 triwulan ı.pdf",
                                       b"%PDF-1.4 bukti")
    assert evidence.original_name == "laporanfdp.exe triwulan ı.pdf"
    db.session.commit()
    client.login_as(operator)
    served = client.get(f"/monitoring/evidence/{evidence.id}")
    disposition = served.headers["Content-Disposition"]
    assert "filename*=UTF-8''laporanfdp.exe%20triwulan%20%C4%B1.pdf" in disposition
    assert "\u202e" not in disposition and db.session.get(Evidence, evidence.id).original_name.isprintable()


def test_a_lazy_message_carrying_user_data_is_escaped(app):
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context():
        page = render_template_string("{{ m }}", m=lazy_gettext("%(name)s has no head", name="<b>x</b>"))
    assert page == "&lt;b&gt;x&lt;/b&gt; has no head"


def test_a_database_that_stays_locked_is_a_busy_page_not_a_500(app, client, world, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.org import services as org

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE units", {}, Exception("database is locked"))

    monkeypatch.setattr(org, "update_unit", locked)
    client.login_as(world.users["hr"])
    app.config["PROPAGATE_TEST_ERRORS"] = False
    try:
        response = client.post(f"/units/{world.bidang_a.id}/edit", data={
            "kind": "bidang", "name": "Bidang Baru", "version": world.bidang_a.version})
    finally:
        app.config.pop("PROPAGATE_TEST_ERRORS")
    assert response.status_code == 503 and "coba lagi" in response.get_data(as_text=True)


def test_evidence_counts_are_plural_aware_in_english(app):
    from flask import render_template_string
    from flask_babel import force_locale

    template = '{{ ngettext("%(num)s file", "%(num)s files", n) }}'
    with app.test_request_context():
        with force_locale("en"):
            assert [render_template_string(template, n=n) for n in (1, 2)] == ["1 file", "2 files"]
        with force_locale("id"):
            assert render_template_string(template, n=1) == "1 berkas"
