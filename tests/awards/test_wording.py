"""Each award category names its award (issue 12, item 6): "Unit Kerja Terbaik" for a unit, "Pegawai Terbaik"
for a person unless the category says otherwise, on the piagam (its PDF text) and the announcement."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from app.awards import document, services
from app.awards.models import Category
from app.extensions import db
from tests.awards.conftest import build_awards, decided


def decided_unit_round(world, **category):
    """A unit category's February 2018 round, decided for the Seksi Rehabilitasi Anak, and its piagam."""
    a = build_awards(world, nominee_kind="unit", name="Petugas P3S", eligible_unit_kinds=["seksi"],
                     exclude_heads=False, **category)
    nomination = services.nominate(a.round, a.users["hr"], justification="Respons cepat", unit=world.seksi_a,
                                   today=date(2018, 3, 5))
    services.close_nominations(a.round, a.round.version)
    seat = next(s for s in a.round.assessors if s.user_id == a.assessor.id)
    services.save_scores(nomination, seat, {c.id: "4" for c in services.assessor_criteria(a.round)})
    services.decide(a.round, a.users["kadis"], "800/SK-PT/017/2018", date(2018, 3, 5), a.round.version)
    return a, services.issue_certificates(a.round)[0]


def piagam_text(app, certificate) -> str:
    with app.test_request_context():
        pdf = document.render_one(certificate.content)
    [page] = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(page.extract_text().split())


def tiles(client, a) -> list[str]:
    """The announcement's tiles, as text, as HR sees them."""
    db.session.commit()
    client.login_as(a.users["hr"])
    page = client.get(f"/awards/rounds/{a.round.id}/announcement").get_data(as_text=True)
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split())
            for t in re.findall(r'<article class="tile">(.*?)</article>', page, re.S)]


def roll_call(client, award_round) -> str:
    page = client.get(f"/awards/rounds/{award_round.id}/roll-call").get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", page.split("<tbody>")[1].split("</tbody>")[0]).split())


def test_a_unit_award_says_unit_kerja_terbaik_on_the_piagam_and_the_announcement(app, client, world):
    a, certificate = decided_unit_round(world)
    assert a.category.award_title == "" and a.category.award == "Unit Kerja Terbaik"
    assert certificate.content["award"] == "Unit Kerja Terbaik"
    assert certificate.content["citation"] == "sebagai Unit Kerja Terbaik Bulan Februari 2018 Kategori Petugas P3S"
    assert certificate.content["title"].startswith("Piagam Penghargaan — Unit Kerja Terbaik Februari 2018")
    text = piagam_text(app, certificate)
    for expected in ("PIAGAM PENGHARGAAN", "diberikan kepada", "Seksi Rehabilitasi Anak", "sebagai",
                     "UNIT KERJA TERBAIK", "Kategori Petugas P3S", "pada bulan Februari 2018"):
        assert expected in text, expected
    assert "pegawai" not in text.lower()
    [tile] = tiles(client, a)
    assert tile.startswith("Unit Kerja Terbaik Kategori Petugas P3S Seksi Rehabilitasi Anak")
    assert "Pegawai" not in tile
    assert "Unit Kerja Terbaik" in roll_call(client, a.round) and "Pegawai" not in roll_call(client, a.round)


def test_a_category_s_own_wording_is_printed_and_not_repeated_as_its_category(app, client, world):
    a, certificate = decided_unit_round(world, award_title="Petugas P3S Terbaik")
    text = piagam_text(app, certificate)
    assert "PETUGAS P3S TERBAIK" in text and "Kategori Petugas P3S" not in text  # the wording names it already
    assert "UNIT KERJA TERBAIK" not in text
    [tile] = tiles(client, a)
    assert tile.startswith("Petugas P3S Terbaik Seksi Rehabilitasi Anak") and "Kategori" not in tile


def test_a_person_award_says_pegawai_terbaik_by_default(app, client, world):
    a = build_awards(world)
    decided(a)
    certificate = services.issue_certificates(a.round)[0]
    assert certificate.content["award"] == "Pegawai Terbaik"
    text = piagam_text(app, certificate)
    assert "PEGAWAI TERBAIK" in text and "Kategori Pelaksana Teladan" in text and "UNIT KERJA" not in text
    [tile] = tiles(client, a)
    assert tile.startswith("Pegawai Terbaik Kategori Pelaksana Teladan")


def test_an_appreciation_piagam_names_the_nomination_for_the_award(app, world):
    a, _ = decided_unit_round(world)
    content = services.certificate_content(a.round.nominations[0], "appreciation", "800/9/A/III/2018", None)
    assert content["award"] == "Nominasi Unit Kerja Terbaik"
    assert content["citation"] == "sebagai Nominasi Unit Kerja Terbaik Bulan Februari 2018 Kategori Petugas P3S"
    with app.test_request_context():
        [page] = PdfReader(io.BytesIO(document.render_one(content))).pages
    assert "NOMINASI UNIT KERJA TERBAIK" in " ".join(page.extract_text().split())


def test_a_round_keeps_the_wording_it_started_with(world):
    a, certificate = decided_unit_round(world)
    a.category.award_title = "Unit Pelayanan Terbaik"
    db.session.flush()
    assert a.category.award == "Unit Pelayanan Terbaik"
    assert a.round.award == "Unit Kerja Terbaik"  # decided rounds print what they were decided as


def test_hr_sets_a_category_s_wording_and_the_empty_default_follows_the_kind(client, world):
    a = build_awards(world)
    client.login_as(a.users["hr"])
    page = client.get(f"/awards/categories/{a.category.id}/edit").get_data(as_text=True)
    assert 'name="award_title"' in page and 'placeholder="Pegawai Terbaik"' in page
    form = {"name": "Panti Sosial", "nominee_kind": "unit", "award_title": "  Panti Sosial Terbaik ", "winners": "1",
            "quota_per_unit": "1", "instrument_id": str(a.instrument.id), "cooldown_months": "3",
            "number_pattern": "800/{seq}/{unit}/{year}", "signer_position_id": "0", "active": "y"}
    assert client.post(f"/awards/opd/{world.opd_a.id}/categories/new", data=form).status_code == 303
    form.update(name="Unit Kerja", award_title="")
    assert client.post(f"/awards/opd/{world.opd_a.id}/categories/new", data=form).status_code == 303
    saved = {c.name: c for c in db.session.query(Category)}
    assert saved["Panti Sosial"].award_title == "Panti Sosial Terbaik"
    assert saved["Unit Kerja"].award_title == "" and saved["Unit Kerja"].award == "Unit Kerja Terbaik"
    setup = client.get(f"/awards/opd/{world.opd_a.id}/setup").get_data(as_text=True)
    assert "Panti Sosial Terbaik" in setup and "Unit Kerja Terbaik" in setup and "Pegawai Terbaik" in setup
