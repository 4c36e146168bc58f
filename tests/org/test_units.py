"""Units and positions: create, edit, move, delete, with the refusals the issue asks for."""

import pytest
from sqlalchemy import select

from app.core.errors import Conflict, Refused
from app.extensions import db
from app.org import services
from app.org.models import Position, Unit
from tests.factories import make_employee, make_opd, make_position, make_unit


def test_paths_follow_the_tree():
    opd = make_opd()
    bidang = make_unit(opd, "Bidang")
    seksi = make_unit(bidang, "Seksi", kind="seksi")
    assert opd.path == f"/{opd.id}/" and seksi.path == f"/{opd.id}/{bidang.id}/{seksi.id}/"
    assert seksi.depth == 2 and seksi.opd_id == opd.id and seksi.ancestor_ids == [opd.id, bidang.id]


def test_only_roots_are_opd():
    opd = make_opd()
    with pytest.raises(Refused):
        services.create_unit(opd, {"kind": "opd", "name": "Nested"})
    with pytest.raises(Refused):
        services.create_unit(None, {"kind": "bidang", "name": "Orphan"})


def test_moving_an_empty_unit_rewrites_the_subtree():
    opd = make_opd()
    a, b = make_unit(opd, "A"), make_unit(opd, "B")
    child = make_unit(a, "A1", kind="seksi")
    grandchild = make_unit(child, "A1x", kind="other")
    services.move_unit(child, b, child.version)
    db.session.expire_all()
    moved, deep = db.session.get(Unit, child.id), db.session.get(Unit, grandchild.id)
    assert moved.parent_id == b.id
    assert moved.path == f"{b.path}{child.id}/" and deep.path == f"{b.path}{child.id}/{grandchild.id}/"
    assert deep.depth == 3


def test_moving_a_unit_with_people_or_positions_is_refused():
    opd = make_opd()
    a, b = make_unit(opd, "A"), make_unit(opd, "B")
    child = make_unit(a, "A1", kind="seksi")
    make_position(make_unit(child, "deep", kind="other"), "Staf")
    with pytest.raises(Refused, match='masih memiliki jabatan, pegawai'):
        services.move_unit(child, b, None)


def test_moving_under_itself_is_refused():
    opd = make_opd()
    a = make_unit(opd, "A")
    child = make_unit(a, "A1", kind="seksi")
    with pytest.raises(Refused, match='ke bawah dirinya sendiri'):
        services.move_unit(a, child, None)


def test_delete_refusals_and_success():
    opd = make_opd()
    bidang = make_unit(opd, "Bidang")
    make_unit(bidang, "Seksi", kind="seksi")
    with pytest.raises(Refused, match='masih memiliki unit di bawahnya'):
        services.delete_unit(bidang, None)
    lonely = make_unit(opd, "Kosong")
    make_employee(lonely, "Andi")
    with pytest.raises(Refused, match='jabatan, pegawai'):
        services.delete_unit(lonely, None)
    empty = make_unit(opd, "Empty")
    services.delete_unit(empty, None)
    assert db.session.get(Unit, empty.id) is None


def test_stale_version_is_a_conflict():
    unit = make_unit(make_opd(), "A")
    with pytest.raises(Conflict):
        services.update_unit(unit, {"name": "B", "kind": "bidang"}, unit.version - 1 if unit.version > 1 else 99)


def test_position_held_cannot_be_deleted():
    unit = make_unit(make_opd(), "A")
    position = make_position(unit, "Kepala")
    make_employee(unit, "Andi", position)
    with pytest.raises(Refused):
        services.delete_position(position, None)
    free = make_position(unit, "Staf")
    services.delete_position(free, None)
    assert db.session.scalar(select(Position).where(Position.id == free.id)) is None


def test_unit_pages_and_forms(client, world):
    client.login_as(world.users["hr"])
    page = client.get(f"/units/{world.bidang_a.id}")
    assert page.status_code == 200 and b"Analis Rehabilitasi" in page.data
    bad = client.post(f"/units/{world.bidang_a.id}/new", data={"kind": "seksi", "name": ""},
                      headers={"HX-Request": "true"})
    assert bad.status_code == 422 and b"<html" not in bad.data and b'aria-invalid="true"' in bad.data
    good = client.post(f"/units/{world.bidang_a.id}/new", data={"kind": "seksi", "name": "Seksi Baru", "sort_order": "2"})
    assert good.status_code == 303
    assert db.session.scalar(select(Unit).where(Unit.name == "Seksi Baru")).parent_id == world.bidang_a.id


def test_unit_move_page_refuses_with_a_message(client, world):
    client.login_as(world.users["hr"])
    response = client.post(f"/units/{world.bidang_a.id}/move",
                           data={"parent_id": world.opd_a.id, "version": world.bidang_a.version})
    assert response.status_code == 422 and b'masih memiliki jabatan' in response.data


def test_tree_expands_lazily(client, world):
    client.login_as(world.users["leader"])
    tree = client.get("/org")
    assert b"Dinas Sosial A" in tree.data and b"Dinas Sosial B" not in tree.data
    children = client.get(f"/units/{world.opd_a.id}/children", headers={"HX-Request": "true"})
    assert b"Bidang Rehabilitasi Sosial" in children.data and b"<html" not in children.data


def test_tree_query_count_does_not_grow(client, world, count_queries):
    client.login_as(world.users["admin"])
    with count_queries() as small:
        client.get(f"/units/{world.opd_a.id}/children")
    for i in range(30):
        make_unit(world.opd_a, f"Extra {i}")
    with count_queries() as large:
        client.get(f"/units/{world.opd_a.id}/children")
    assert large.n == small.n


def test_edit_conflict_is_reported(client, world):
    client.login_as(world.users["hr"])
    data = {"kind": "bidang", "name": "Nama Baru", "version": world.bidang_a.version, "sort_order": "0"}
    assert client.post(f"/units/{world.bidang_a.id}/edit", data=data).status_code == 303
    again = client.post(f"/units/{world.bidang_a.id}/edit", data=dict(data, name="Nama Lain"))
    assert again.status_code == 409 and b'Orang lain menyimpan' in again.data
    assert db.session.get(Unit, world.bidang_a.id).name == "Nama Baru"


def test_position_form_validates_job_class(client, world):
    client.login_as(world.users["hr"])
    response = client.post(f"/units/{world.bidang_a.id}/positions/new",
                           data={"name": "Kepala", "type": "pengawas", "eselon": "IV.a", "kelas_jabatan": "18"})
    assert response.status_code == 422 and b'1 sampai 17' in response.data
    ok = client.post(f"/units/{world.bidang_a.id}/positions/new",
                     data={"name": "Kepala Bidang", "type": "administrator", "eselon": "III.b", "kelas_jabatan": "11",
                           "is_head": "y"})
    assert ok.status_code == 303


PNG_1PX = bytes.fromhex(  # a whole PNG: the emblem check decodes it and verifies its checksums
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def test_settings_with_logo_upload(client, world):
    import io

    client.login_as(world.users["admin"])
    base = {"name": "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta", "level": "provinsi", "city": "Jakarta",
            "timezone": "WIB", "paper_size": "F4"}
    fake = client.post("/settings", data=dict(base, logo=(io.BytesIO(b"MZ\x90\x00 not an image"), "logo.png")),
                       content_type="multipart/form-data")
    assert fake.status_code == 422 and b'PNG atau JPEG' in fake.data
    assert client.get("/logo").status_code == 404
    ok = client.post("/settings", data=dict(base, logo=(io.BytesIO(PNG_1PX), "lambang.png")),
                     content_type="multipart/form-data")
    assert ok.status_code == 303
    with client.get("/logo") as logo:
        assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == PNG_1PX
    client.post("/logout")
    with client.get("/logo") as public_logo:
        assert public_logo.status_code == 200  # public: printed on every document
    from app.org.services import get_pemda

    assert get_pemda().paper_size == "F4" and get_pemda().timezone == "WIB"
