"""Imports: every row previewed with its errors, all or nothing, updates by key, hostile files refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.core.errors import Refused
from app.extensions import db
from app.imports import services
from app.imports.columns import names
from app.imports.models import ImportBatch
from app.org.models import Employee, EmployeeHistory, Position, Unit

PEOPLE = names("people")


def person(**kw):
    row = {"employment_type": "pns", "nip": "19850412 201001 1 003", "nik": "", "front_title": "",
           "name": "Rahmat Hidayat", "back_title": "S.Sos.", "sex": "L", "golongan": "III/b", "unit_code": "A",
           "position": "", "status": "aktif", "email": "", "phone": ""}
    row.update(kw)
    return row


def csv_bytes(rows, columns=PEOPLE, delimiter=",", bom=False) -> bytes:
    lines = [delimiter.join(columns)] + [delimiter.join(str(r.get(c, "")) for c in columns) for r in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def xlsx_bytes(rows, columns=PEOPLE) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for r in rows:
        sheet.append([r.get(c, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def people_count() -> int:
    return db.session.scalar(select(func.count(Employee.id)))


def upload(client, data: bytes, kind="people", name="pegawai.csv"):
    return client.post("/imports", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True), (";", False)])
def test_csv_with_comma_or_semicolon_and_bom_is_read(world, delimiter, bom):
    batch = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([person()], delimiter=delimiter, bom=bom))
    assert batch.error_count == 0 and batch.rows[0]["action"] == "create"
    assert batch.rows[0]["data"]["name"] == "Rahmat Hidayat"
    assert people_count() == 2  # staging writes nothing


def test_preview_then_commit_then_reimport_updates(client, world):
    client.login_as(world.users["hr"])
    response = upload(client, xlsx_bytes([person(), person(nip="19900101 201501 2 004", name="Dewi Lestari",
                                                        sex="P")]), name="pegawai.xlsx")
    assert response.status_code == 303
    batch = db.session.get(ImportBatch, int(response.headers["Location"].rsplit("/", 1)[-1]))
    page = client.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert "Rahmat Hidayat" in page and "Dewi Lestari" in page
    assert people_count() == 2
    assert client.post(f"/imports/{batch.id}/commit").status_code == 303
    assert people_count() == 4 and batch.status == "committed"
    assert client.post(f"/imports/{batch.id}/commit").status_code == 422  # not twice
    # the same NIP again, now in the seksi with another golongan: an update with a history row
    again = services.stage(world.users["hr"], "people", "p2.csv", csv_bytes([person(golongan="III/c")]))
    assert again.rows[0]["action"] == "update" and again.error_count == 0
    services.commit(again, world.users["hr"])
    rahmat = db.session.scalar(select(Employee).where(Employee.name == "Rahmat Hidayat"))
    assert rahmat.golongan == "III/c" and people_count() == 4
    assert db.session.scalar(select(func.count(EmployeeHistory.id)).where(EmployeeHistory.employee_id == rahmat.id)) == 2


def test_one_bad_row_means_nothing_is_written(client, world):
    client.login_as(world.users["hr"])
    rows = [person(), person(nip="19851332 201001 1 005", name="Tanggal Salah")]
    response = upload(client, csv_bytes(rows))
    batch = db.session.get(ImportBatch, int(response.headers["Location"].rsplit("/", 1)[-1]))
    assert batch.error_count == 1
    assert "Angka 1–8" in " ".join(batch.rows[1]["errors"])  # names the wrong part of the NIP
    page = client.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert "Angka 1–8" in page
    assert client.post(f"/imports/{batch.id}/commit").status_code == 422
    assert people_count() == 2


@pytest.mark.parametrize(("row", "message"), [
    (person(name="<script>alert(1)</script>"), "Nama tidak boleh"),  # the digit: a name has none
    (person(unit_code="B"), "di luar unit"),  # OPD B is not this HR's
    (person(unit_code="NOPE"), "bukan kode unit"),
    (person(sex="P"), "angka ke-15"),
    (person(golongan="IX/z"), "Pilih pangkat"),
    (person(employment_type="thl", nip="", nik="123"), "16 angka"),
    (person(name="x" * 10_000), "500"),
    (person(position="Tidak Ada"), "tidak ada di unit"),
])
def test_hostile_and_wrong_values_are_refused_row_by_row(world, row, message):
    batch = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([row]))
    assert batch.error_count == 1
    assert message in " ".join(batch.rows[0]["errors"]), batch.rows[0]["errors"]
    assert db.session.scalar(select(func.count()).select_from(Employee).where(Employee.name.contains("DROP"))) == 0


def test_a_name_that_looks_like_sql_is_staged_as_text(world):
    """The import checks a row with the form's rules: characters are not refused for looking like SQL."""
    name = "Robert'); DROP TABLE employees;--"
    batch = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([person(name=name)]))
    assert batch.error_count == 0, batch.rows[0]["errors"]
    assert batch.rows[0]["data"]["name"] == name


def test_duplicate_nip_within_the_file(world):
    batch = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([person(), person(name="Kembar")]))
    assert batch.error_count == 1 and "dua kali" in batch.rows[1]["errors"][0]


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"", "kosong"),
    (b"PK\x03\x04 not really a zip", "rusak"),
    (_zip({"hello.txt": b"hi"}), "bukan buku kerja Excel"),
])
def test_files_that_are_not_spreadsheets_are_refused_by_content(world, data, message):
    with pytest.raises(Refused) as refused:
        services.stage(world.users["hr"], "people", "pegawai.xlsx", data)  # the extension lies
    assert message in str(refused.value.message)


def test_billion_laughs_xlsx_is_refused(world):
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([person()])))
    files = {name: good.read(name) for name in good.namelist()}
    files["xl/worksheets/sheet1.xml"] = BILLION_LAUGHS
    with pytest.raises(Refused) as refused:
        services.stage(world.users["hr"], "people", "bom.xlsx", _zip(files))
    assert "tidak dapat dibaca dengan aman" in str(refused.value.message)


def test_size_row_and_header_caps(app, world):
    app.config["IMPORT_MAX_ROWS"], app.config["IMPORT_MAX_BYTES"] = 3, 2000
    try:
        with pytest.raises(Refused, match="lebih dari 3 baris"):
            services.stage(world.users["hr"], "people", "p.csv",
                           csv_bytes([person(nip=f"1985041220100110{n:02d}") for n in range(1, 8)]))
        with pytest.raises(Refused, match="lebih besar"):
            services.stage(world.users["hr"], "people", "p.csv", b"a" * 2001)
    finally:
        app.config["IMPORT_MAX_ROWS"], app.config["IMPORT_MAX_BYTES"] = 20000, 5 * 1024 * 1024
    with pytest.raises(Refused, match="kolom yang hilang|missing"):
        services.stage(world.users["hr"], "people", "p.csv", b"nama,nip\nBudi,1\n")


def test_units_and_positions_round_trip_through_the_export_columns(world):
    admin = world.users["admin"]
    units = [{"code": "C", "parent_code": "", "kind": "opd", "name": "Dinas Sosial C"},
             {"code": "C1", "parent_code": "C", "kind": "bidang", "name": "Bidang Satu"}]
    batch = services.stage(admin, "units", "u.csv", csv_bytes(units, names("units")))
    assert batch.error_count == 0
    services.commit(batch, admin)
    child = db.session.scalar(select(Unit).where(Unit.code == "C1"))
    assert child.parent.code == "C"
    positions = [{"unit_code": "C1", "name": "Kepala Bidang Satu", "type": "administrator", "eselon": "III.a",
                  "kelas_jabatan": "11", "is_head": "ya"}]
    batch = services.stage(admin, "positions", "p.csv", csv_bytes(positions, names("positions")))
    assert batch.error_count == 0, batch.rows
    services.commit(batch, admin)
    assert db.session.scalar(select(Position).where(Position.name == "Kepala Bidang Satu")).is_head
    # an HR of OPD A cannot create an OPD
    hr_batch = services.stage(world.users["hr"], "units", "u.csv",
                              csv_bytes([{"code": "D", "kind": "opd", "name": "Dinas D"}], names("units")))
    assert hr_batch.error_count == 1


def test_another_users_batch_is_not_found(client, world):
    batch = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([person()]))
    db.session.flush()
    client.login_as(world.outsider)
    assert client.get(f"/imports/{batch.id}").status_code == 404


def test_preview_query_count_does_not_grow_with_rows(client, world, count_queries):
    client.login_as(world.users["hr"])
    small = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([person()]))
    big = services.stage(world.users["hr"], "people", "p.csv", csv_bytes(
        [person(nip=f"19850412201001100{n}", name=f"Orang {n}") for n in range(1, 9)]))
    small_url, big_url = f"/imports/{small.id}", f"/imports/{big.id}"
    with count_queries() as one:
        client.get(small_url)
    with count_queries() as many:
        client.get(big_url)
    assert one.n == many.n
