"""An OPD with its heads (Kepala Dinas, Kepala Bidang, Kepala Seksi), each with an account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from app.agreements import services
from app.extensions import db
from tests.factories import make_employee, make_position, make_user


@dataclass
class Officials:
    world: object
    kadis: object
    kabid: object
    kasi: object
    users: dict


def build_officials(world) -> Officials:
    w = world
    kadis = make_employee(w.opd_a, "Masrokhan", make_position(w.opd_a, "Kepala Dinas Sosial", type="jpt",
                          eselon="II.a", kelas_jabatan=14, is_head=True), golongan="IV/c", front_title="Drs.",
                          back_title="M.Si.", valid_from=date(2016, 1, 1))
    kabid = make_employee(w.bidang_a, "Mariana", make_position(w.bidang_a, "Kepala Bidang Rehabilitasi Sosial",
                          type="administrator", eselon="III.a", kelas_jabatan=11, is_head=True), golongan="IV/a",
                          sex="P", valid_from=date(2016, 1, 1))
    kasi = make_employee(w.seksi_a, "Sumadi", make_position(w.seksi_a, "Kepala Seksi Rehabilitasi Anak",
                         type="pengawas", eselon="IV.a", kelas_jabatan=9, is_head=True), golongan="III/d",
                         valid_from=date(2016, 1, 1))
    users = {
        "kadis": make_user("kadis", [("leader", w.opd_a)], employee=kadis),
        "kabid": make_user("kabid", [("leader", w.bidang_a)], employee=kabid),
        "kasi": make_user("kasi", [("leader", w.seksi_a)], employee=kasi),
    }
    db.session.flush()
    return Officials(w, kadis, kabid, kasi, users)


@pytest.fixture
def officials(world):
    return build_officials(world)


def fill(agreement, user, target="276", quarters=("60", "70", "70", "76"), budget=1_250_000_000):
    """Give the latest version one sasaran, one indicator and one budget line."""
    version = agreement.latest
    sasaran = services.add_sasaran(version, user, "Menurunnya jumlah PMKS jalanan")
    services.save_indicator(sasaran, user, indicator_data(target=target, quarters=quarters))
    services.save_budget_line(version, user, {"level": "program", "name": "Program Rehabilitasi Sosial",
                                              "amount": budget, "note": ""})
    return version


def indicator_data(name="Jumlah titik rawan PMKS yang diawasi", target="276", quarters=("60", "70", "70", "76"),
                   **kw):
    data = {"name": name, "satuan": "titik", "polarity": "higher", "target": Decimal(target),
            "target_min": None, "target_max": None, "aggregation": "sum", "quarter_note": "", "definition": "",
            "data_source": "Laporan Satpel", "supports_key": None}
    data.update({f"tw{i}": (Decimal(q) if q is not None else None) for i, q in enumerate(quarters, 1)})
    data.update(kw)
    return data
