"""The agreement cycle through the services: create, fill, submit, return, sign, countersign, revise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.agreements import services
from app.core.errors import Conflict, Refused
from app.extensions import db
from app.org import services as org_services
from tests.agreements.conftest import fill, indicator_data
from tests.factories import make_employee


def test_second_party_defaults_to_the_head_of_the_unit_above(officials):
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    assert agreement.latest.number == 1 and agreement.latest.status == "draft"
    assert agreement.latest.second_party_id == officials.kadis.id


def test_only_the_head_of_the_unit_can_be_pihak_pertama(officials):
    with pytest.raises(Refused) as refused:
        services.create(2018, officials.world.bidang_a, officials.world.person_a)
    assert refused.value.field == "first_party_id"
    with pytest.raises(Refused):
        services.create(2018, officials.world.seksi_a, officials.kabid)  # head of another unit


def test_second_party_must_head_a_unit_above(officials):
    with pytest.raises(Refused) as refused:
        services.create(2018, officials.world.bidang_a, officials.kabid, second_party=officials.kasi)
    assert refused.value.field == "second_party_id"


def test_one_agreement_per_official_unit_and_year(officials):
    services.create(2018, officials.world.bidang_a, officials.kabid)
    with pytest.raises(Refused):
        services.create(2018, officials.world.bidang_a, officials.kabid)
    services.create(2019, officials.world.bidang_a, officials.kabid)


def _in_force(officials, agreement):
    kabid, kadis = officials.users["kabid"], officials.users["kadis"]
    version = agreement.latest
    services.submit(version, kabid)
    services.sign(version, kabid, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    services.countersign(version, kadis)
    return version


def test_the_whole_cycle_freezes_the_parties(officials):
    kabid, kadis, hr = officials.users["kabid"], officials.users["kadis"], officials.world.users["hr"]
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    version = fill(agreement, kabid)
    assert version.budget_total == 1_250_000_000
    services.submit(version, kabid)
    with pytest.raises(Refused, match="PIHAK PERTAMA"):
        services.sign(version, hr, pakta=True, on=date(2018, 3, 5), place="Jakarta")  # nobody signs for her
    with pytest.raises(Refused) as no_pakta:
        services.sign(version, kabid, pakta=False, on=date(2018, 3, 5), place="Jakarta")
    assert no_pakta.value.field == "pakta"
    services.sign(version, kabid, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    with pytest.raises(Refused, match="PIHAK KEDUA"):
        services.countersign(version, officials.users["kasi"])
    services.countersign(version, kadis)
    assert version.status == "in_force"
    assert version.first_party_snapshot["pangkat"] == "Pembina (IV/a)"
    assert version.second_party_snapshot["name"] == "Drs. Masrokhan, M.Si."
    # a later promotion does not change the signed agreement
    org_services.update_employee(officials.kabid, {"golongan": "IV/b"}, None, date(2019, 4, 1), "KP April 2019")
    db.session.refresh(version)
    assert version.first_party_snapshot["pangkat"] == "Pembina (IV/a)"
    # nothing changes in place once in force
    with pytest.raises(Refused):
        services.add_sasaran(version, hr, "Sasaran baru")
    with pytest.raises(Refused):
        services.save_budget_line(version, officials.world.users["admin"], {"level": "program", "name": "X",
                                                                             "amount": 1})


def test_snapshot_uses_what_was_true_on_the_signing_date(officials):
    org_services.update_employee(officials.kabid, {"golongan": "IV/b"}, None, date(2018, 4, 1), "KP April 2018")
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    fill(agreement, officials.users["kabid"])
    version = _in_force(officials, agreement)  # signed on 5 March 2018, before the promotion
    assert version.first_party_snapshot["pangkat"] == "Pembina (IV/a)"


def test_returned_with_a_note_then_corrected_and_resubmitted(officials):
    kabid, kadis = officials.users["kabid"], officials.users["kadis"]
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    version = fill(agreement, kabid)
    services.submit(version, kabid)
    with pytest.raises(Refused) as refused:
        services.return_for_changes(version, kadis, "  ")
    assert refused.value.field == "note"
    with pytest.raises(Refused):
        services.return_for_changes(version, kabid, "self-return")  # the first party cannot return it
    services.return_for_changes(version, kadis, "Target Tw IV terlalu rendah")
    assert version.status == "returned" and version.returned_note == "Target Tw IV terlalu rendah"
    services.add_sasaran(version, kabid, "Meningkatnya keluarga yang kembali")
    services.submit(version, kabid)
    assert version.status == "submitted" and version.returned_note == ""


def test_an_empty_agreement_cannot_be_submitted(officials):
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    with pytest.raises(Refused, match="indikator"):
        services.submit(agreement.latest, officials.users["kabid"])


def test_a_stale_form_gets_a_conflict(officials):
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    version = fill(agreement, officials.users["kabid"])
    opened = version.version
    services.update_header(version, officials.world.users["hr"], {"second_party_id": officials.kadis.id,
                                                                  "place": "Jakarta", "signed_on": None}, opened)
    with pytest.raises(Conflict):
        services.submit(version, officials.users["kabid"], expected=opened)


def test_kepala_dinas_signs_with_the_kepala_daerah_recorded_by_hr(officials):
    hr = officials.world.users["hr"]
    agreement = services.create(2018, officials.world.opd_a, officials.kadis, external_name="Anies Baswedan",
                                external_position="Gubernur Provinsi DKI Jakarta")
    version = fill(agreement, officials.users["kadis"])
    services.submit(version, officials.users["kadis"])
    services.sign(version, officials.users["kadis"], pakta=True, on=date(2018, 3, 5), place="Jakarta")
    with pytest.raises(Refused):
        services.countersign(version, officials.users["kabid"])
    services.countersign(version, hr)
    assert version.status == "in_force"
    assert version.second_party_snapshot == {"name": "Anies Baswedan", "position": "Gubernur Provinsi DKI Jakarta",
                                             "pangkat": "", "nip": "", "nip_display": ""}


def test_revision_copies_the_version_in_force_and_supersedes_it_when_signed(officials):
    kabid = officials.users["kabid"]
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    fill(agreement, kabid)
    first = _in_force(officials, agreement)
    with pytest.raises(Refused) as refused:
        services.revise(agreement, kabid, "programme_changed", "")
    assert refused.value.field == "note"
    with pytest.raises(Refused):
        services.revise(agreement, kabid, "because", "x")
    second = services.revise(agreement, kabid, "programme_changed", "APBD-P 2018 menambah anggaran")
    with pytest.raises(Refused, match="sedang berjalan"):
        services.revise(agreement, kabid, "programme_changed", "again")
    assert second.number == 2 and second.status == "draft" and first.status == "in_force"
    assert [i.key for i in second.indicators] == [i.key for i in first.indicators]
    indicator = second.indicators[0]
    services.save_indicator(indicator.sasaran, kabid, indicator_data(target="300", quarters=("75",) * 4), indicator)
    services.save_budget_line(second, kabid, {"level": "program", "name": "Program Rehabilitasi Sosial",
                                              "amount": 1_500_000_000}, second.budget_lines[0])
    changes = services.diff(first, second)
    assert [(c.what, c.kind) for c in changes] == [("indicator", "changed"), ("budget", "changed")]
    assert ("target", Decimal("276"), Decimal("300")) in changes[0].fields
    _in_force(officials, agreement)
    assert (first.status, second.status) == ("superseded", "in_force")
    assert first.indicators[0].target == Decimal("276")  # the old version stays as it was


def test_quarters_that_contradict_the_target_need_a_reason(officials):
    kabid = officials.users["kabid"]
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    sasaran = services.add_sasaran(agreement.latest, kabid, "Sasaran")
    with pytest.raises(Refused) as refused:
        services.save_indicator(sasaran, kabid, indicator_data(target="276", quarters=("60", "60", "60", "60")))
    assert refused.value.field == "quarter_note" and "240" in str(refused.value.message)
    services.save_indicator(sasaran, kabid, indicator_data(target="276", quarters=("60", "60", "60", "60"),
                                                           quarter_note="Tw IV dihitung ulang"))
    with pytest.raises(Refused) as negative:
        services.save_indicator(sasaran, kabid, indicator_data(target="-1", quarters=(None,) * 4))
    assert negative.value.field == "target"


def test_an_indicator_can_support_only_the_superiors_indicator_of_the_same_year(officials):
    kadis, kabid = officials.users["kadis"], officials.users["kabid"]
    top = services.create(2018, officials.world.opd_a, officials.kadis, external_name="Gubernur",
                          external_position="Gubernur")
    fill(top, kadis)
    key = top.latest.indicators[0].key
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    sasaran = services.add_sasaran(agreement.latest, kabid, "Sasaran")
    with pytest.raises(Refused) as refused:
        services.save_indicator(sasaran, kabid, indicator_data(supports_key="not-a-key"))
    assert refused.value.field == "supports_key"
    indicator = services.save_indicator(sasaran, kabid, indicator_data(supports_key=key))
    assert indicator.supports_key == key


def test_copy_to_next_year_keeps_the_contents_as_a_draft(officials):
    kabid = officials.users["kabid"]
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    fill(agreement, kabid)
    _in_force(officials, agreement)
    following = services.copy_to_year(agreement, 2019)
    assert following.year == 2019 and following.latest.status == "draft"
    assert [i.name for i in following.latest.indicators] == [i.name for i in agreement.latest.indicators]
    assert following.latest.budget_total == agreement.latest.budget_total


def test_an_official_who_left_is_not_the_default_second_party(officials):
    org_services.update_employee(officials.kadis, {"status": "pensiun"}, None, date(2018, 1, 1), "Pensiun")
    acting = make_employee(officials.world.opd_a, "Pelaksana Tugas", officials.kadis.position, golongan="IV/b")
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    assert agreement.latest.second_party_id == acting.id
