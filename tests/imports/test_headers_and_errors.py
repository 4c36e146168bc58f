"""Import files in the user's words: Indonesian headers (the first templates' English ones still read), the
template's example row recognised and skipped, every error of a row listed at once and each once, the error
column before the data in the preview."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.errors import Refused
from app.extensions import db
from app.imports import services
from app.imports.columns import COLUMNS, headers, key, names
from app.imports.models import ImportBatch
from app.org.models import Employee, Unit
from tests.factories import make_position
from tests.imports.test_imports import PEOPLE, csv_bytes, people_count, person, upload


def _template(client, kind: str):
    response = client.get(f"/imports/template/{kind}.xlsx")
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.data))


def _saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _batch(response) -> ImportBatch:
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    return db.session.get(ImportBatch, int(response.headers["Location"].rsplit("/", 1)[-1]))


def test_the_template_speaks_indonesian(client, world):
    client.login_as(world.users["hr"])
    response, book = _template(client, "people")
    assert "templat-pegawai.xlsx" in response.headers["Content-Disposition"]
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Pegawai"
    assert rows[0] == ("Jenis kepegawaian", "NIP / NI PPPK", "NIK", "Gelar depan", "Nama", "Gelar belakang",
                       "Jenis kelamin", "Golongan", "Kode unit", "Jabatan", "Status", "Surel", "Telepon")
    assert rows[1][6] == "L atau P" and rows[1][4] == "tanpa gelar"
    for kind in COLUMNS:  # no developer names in any header
        assert not [h for h in headers(kind) if "_" in h or h in names(kind)], kind


@pytest.mark.parametrize("kind", ["people", "positions", "units"])
def test_the_unchanged_template_imports_nothing_and_says_why(client, world, kind):
    client.login_as(world.users["admin"])
    _, book = _template(client, kind)
    response = upload(client, _saved(book), kind=kind, name="templat.xlsx")
    assert response.status_code == 422
    assert "hanya penjelasan dan contoh dari templat" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_a_row_written_below_the_example_is_imported_and_the_example_is_not(client, world):
    client.login_as(world.users["hr"])
    _, book = _template(client, "people")
    book.active.append([person()[name] for name in PEOPLE])
    batch = _batch(upload(client, _saved(book), name="pegawai.xlsx"))
    assert [(r["row"], r["action"], r["errors"]) for r in batch.rows] == [(3, "skip", []), (4, "create", [])]
    assert batch.error_count == 0
    page = client.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert "baris 3 adalah contoh dari templat dan tidak diimpor" in page and "Impor semua 1 baris" in page
    assert client.post(f"/imports/{batch.id}/commit").status_code == 303
    assert people_count() == 3  # Rahmat, not the example's Siti Aminah with her NIP
    assert db.session.scalar(select(Employee).where(Employee.nip == "198001152005012001")) is None


@pytest.mark.parametrize("kind", ["people", "positions", "units"])
def test_the_example_row_is_a_valid_model(client, world, kind):
    """The example is skipped, but a row written like it imports: with this world's unit codes it has no errors."""
    client.login_as(world.users["admin"])
    _, book = _template(client, kind)
    cells = next(book.active.iter_rows(min_row=3, max_row=3, values_only=True))
    example = {name: "" if value is None else str(value) for name, value in zip(names(kind), cells, strict=True)}
    if kind == "units":
        example["parent_code"] = "A"
    else:
        example["unit_code"] = "A"
    if kind == "people":
        make_position(world.opd_a, example["position"])
    batch = services.stage(world.users["admin"], kind, "contoh.csv", csv_bytes([example], names(kind)))
    assert [(r["action"], r["errors"]) for r in batch.rows] == [("create", [])]


def test_old_english_and_loosely_written_headers_are_read(world):
    loose = ["EMPLOYMENT_TYPE", "Nip", " nik ", "Front Title", "nama", "Gelar  Belakang", "jenis kelamin",
             "GOLONGAN", "Kode Unit", "position", "status", "E-mail", "telepon"]
    row = person()
    data = "\r\n".join([",".join(loose), ",".join(row[name] for name in PEOPLE)]).encode()
    batch = services.stage(world.users["hr"], "people", "p.csv", data)
    assert batch.error_count == 0, batch.rows
    assert batch.rows[0]["data"] == row
    # the first templates: machine names, then their row of explanations (skipped)
    legacy = [c.legacy for c in COLUMNS["people"]]
    old = "\r\n".join([",".join(PEOPLE), ",".join(f'"{v}"' for v in legacy),
                       ",".join(row[name] for name in PEOPLE)]).encode()
    batch = services.stage(world.users["hr"], "people", "p.csv", old)
    assert [r["row"] for r in batch.rows] == [3] and batch.error_count == 0


def test_every_spelling_of_a_header_names_one_column():
    from app.imports.columns import _in_every_language

    for kind, columns in COLUMNS.items():
        seen: dict[str, str] = {}
        for c in columns:
            for spelling in {key(c.name), key(c.legacy)} | _in_every_language(c.header):
                assert seen.setdefault(spelling, c.name) == c.name, (kind, spelling)


def test_header_problems_are_named_in_the_users_words(world):
    with pytest.raises(Refused) as refused:
        services.stage(world.users["hr"], "people", "p.csv", b"Nama,nama,Warna\nBudi,Budi,biru\n")
    message = str(refused.value.message)
    assert "Jenis kepegawaian" in message and "warna" in message and "dua kali: Nama" in message


def _errors_by_column(row: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in row["errors"]:
        found.setdefault(message.split(":")[0], []).append(message)
    return found


def test_every_error_of_a_person_row_is_listed_at_once_and_once(world):
    bad = person(nip="19851332 201001 1 005", sex="X", golongan="IX/z", status="libur", email="bukan-surel",
                 name="x" * 600, position="Tidak Ada")
    row = services.stage(world.users["hr"], "people", "p.csv", csv_bytes([bad])).rows[0]
    assert set(row["columns"]) == {"name", "nip", "position", "sex", "golongan", "status", "email"}, row["errors"]
    assert len(row["errors"]) == len(set(row["errors"]))
    by_column = _errors_by_column(row)
    assert by_column["Nama"] == ["Nama: Paling banyak 500 karakter."]  # not also the form's 150
    assert by_column["Jenis kelamin"] == ["Jenis kelamin: Pilih laki-laki atau perempuan."]  # not also "not a choice"
    assert len(by_column["Status"]) == 1


def test_every_error_of_a_position_and_a_unit_row_is_listed(world):
    position = {"unit_code": "NOPE", "name": "", "type": "bos", "kelas_jabatan": "99", "is_head": "mungkin"}
    row = services.stage(world.users["admin"], "positions", "p.csv", csv_bytes([position], names("positions"))).rows[0]
    assert set(row["columns"]) == {"unit_code", "name", "type", "kelas_jabatan", "is_head"}, row["errors"]
    unit = {"code": "", "parent_code": "NOPE", "kind": "istana", "name": "", "postal_code": "12"}
    row = services.stage(world.users["admin"], "units", "u.csv", csv_bytes([unit], names("units"))).rows[0]
    assert set(row["columns"]) == {"code", "parent_code", "kind", "name", "postal_code"}, row["errors"]
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.kind == "istana")) == 0


def test_the_preview_puts_the_errors_first_and_marks_the_cells(client, world):
    client.login_as(world.users["hr"])
    batch = _batch(upload(client, csv_bytes([person(), person(nip="19900101 201501 2 004", sex="X", name="Dewi")])))
    page = client.get(f"/imports/{batch.id}").get_data(as_text=True)
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert head.index("Kesalahan") < head.index("Jenis kepegawaian") < head.index("Kode unit")
    assert "employment_type" not in page and "unit_code" not in page
    assert page.count('class="cell-error"') == 1
    assert "Kolom yang kosong di semua baris tidak ditampilkan: NIK, Gelar depan, Jabatan, Surel, Telepon." in page
    client.post(f"/imports/{batch.id}/discard")
    index = client.get("/imports").get_data(as_text=True)
    assert "Dibatalkan" in index and "discarded" not in index


@pytest.mark.parametrize("kind", ["people", "positions", "units"])
def test_an_export_reads_back_as_updates(world, kind):
    from app.imports.export import workbook

    admin = world.users["admin"]
    world.bidang_a.code, world.seksi_a.code = "A1", "A11"  # a unit is keyed by its code (optional on screen)
    db.session.flush()
    batch = services.stage(admin, kind, "ekspor.xlsx", workbook(kind, admin, world.opd_a))
    assert batch.error_count == 0, [r["errors"] for r in batch.rows if r["errors"]]
    assert {r["action"] for r in batch.rows} == {"update"}
