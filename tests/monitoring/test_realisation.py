"""Reporting realisation: entry rules, windows, evidence by content, verification, frozen values, corrections."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from app.core.errors import Conflict, Refused
from app.monitoring import services
from app.monitoring.models import ReportingWindow
from tests.agreements.conftest import officials  # noqa: F401  (fixture)
from tests.agreements.test_pdf import _signed
from tests.factories import make_user

TODAY = date(2018, 4, 5)


@pytest.fixture
def in_force(officials, app):  # noqa: F811
    version = _signed(officials, app)
    operator = make_user("op_bidang", [("operator", officials.world.bidang_a)])
    return version.agreement, version.indicators[0].key, operator


def test_enter_submit_accept_freezes_the_value(officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(60), "Laporan Tw I", operator, TODAY)
    assert realisation.status == "draft" and not realisation.late
    services.enter(agreement, key, 1, D(62), "Dikoreksi", operator, TODAY)  # a draft can still change
    services.submit(realisation, operator)
    with pytest.raises(Refused):
        services.enter(agreement, key, 1, D(70), "", operator, TODAY)  # submitted: no change in place
    with pytest.raises(Refused):
        services.verify(realisation, operator, accept=True)  # the one who entered never verifies
    services.verify(realisation, officials.users["kadis"], accept=True)  # PIHAK KEDUA verifies
    assert realisation.status == "accepted" and realisation.value == D(62)
    with pytest.raises(Refused):
        services.add_evidence(realisation, operator, "late.pdf", b"%PDF-1.4 later")


def test_returned_with_a_required_note_then_fixed(officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 2, D(65), "", operator, TODAY)
    services.submit(realisation, operator)
    with pytest.raises(Refused) as refused:
        services.verify(realisation, officials.world.users["hr"], accept=False, note=" ")
    assert refused.value.field == "note"
    services.verify(realisation, officials.world.users["hr"], accept=False, note="Bukti belum lengkap")
    assert realisation.status == "returned"
    services.enter(agreement, key, 2, D(70), "Ditambah bukti", operator, TODAY)
    services.submit(realisation, operator)
    assert realisation.status == "submitted" and realisation.returned_note == ""


def test_correction_of_an_accepted_value_keeps_both_values(officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(60), "", operator, TODAY)
    services.submit(realisation, operator)
    services.verify(realisation, officials.users["kadis"], accept=True)
    with pytest.raises(Refused):
        services.request_correction(realisation, operator, D(61), "")
    change = services.request_correction(realisation, operator, D(61), "Salah ketik")
    assert realisation.value == D(60)  # nothing changes until it is approved
    with pytest.raises(Refused):
        services.decide_correction(change, operator, approve=True)
    services.decide_correction(change, officials.users["kadis"], approve=True)
    assert (realisation.value, change.old_value, change.new_value) == (D(61), D(60), D(61))
    with pytest.raises(Refused):
        services.decide_correction(change, officials.users["kadis"], approve=False)


@pytest.mark.parametrize(("key_ok", "period", "value", "message"), [
    (False, 1, D(1), "tidak ada dalam perjanjian"),
    (True, 5, D(1), "periode"),
    (True, 1, D(-1), "negatif"),
])
def test_bad_entries_are_refused(officials, in_force, key_ok, period, value, message):  # noqa: F811
    agreement, key, operator = in_force
    with pytest.raises(Refused, match=message):
        services.enter(agreement, key if key_ok else "nope", period, value, "", operator, TODAY)


def test_someone_outside_the_unit_cannot_enter(officials, in_force):  # noqa: F811
    agreement, key, _ = in_force
    with pytest.raises(Refused):
        services.enter(agreement, key, 1, D(1), "", officials.world.outsider, TODAY)


def test_window_closed_only_hr_enters_and_it_is_marked_late(officials, in_force):  # noqa: F811
    from app.extensions import db

    agreement, key, operator = in_force
    db.session.add(ReportingWindow(opd_id=agreement.unit.opd_id, year=2018, period_kind="quarter", period=1,
                                   opens_on=date(2018, 4, 1), closes_on=date(2018, 4, 10)))
    db.session.flush()
    with pytest.raises(Refused, match="dibuka"):
        services.enter(agreement, key, 1, D(1), "", operator, date(2018, 3, 30))
    with pytest.raises(Refused, match="ditutup"):
        services.enter(agreement, key, 1, D(1), "", operator, date(2018, 4, 11))
    late = services.enter(agreement, key, 1, D(1), "", officials.world.users["hr"], date(2018, 4, 11))
    assert late.late


def test_stale_edit_is_a_conflict(officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 3, D(1), "", operator, TODAY)
    opened = realisation.version
    services.enter(agreement, key, 3, D(2), "", operator, TODAY, expected=opened)
    with pytest.raises(Conflict):
        services.enter(agreement, key, 3, D(3), "", operator, TODAY, expected=opened)


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(("data", "ext"), [
    (b"%PDF-1.7 report", "pdf"), (b"\x89PNG\r\n\x1a\n...", "png"), (b"\xff\xd8\xff\xe0 jpeg", "jpg"), (None, "xlsx"),
    (b"MZ\x90\x00 an exe named bukti.pdf", None), (b"<script>alert(1)</script>", None),
    (b"PK\x03\x04 broken zip", None), (b"GIF89a", None),
])
def test_evidence_type_is_judged_by_content(officials, in_force, data, ext):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(1), "", operator, TODAY)
    data = data if data is not None else _xlsx()
    if ext:
        evidence = services.add_evidence(realisation, operator, "bukti.pdf", data)  # the name says pdf for all
        assert evidence.size == len(data) and evidence.file_name.endswith("." + ext)
    else:
        with pytest.raises(Refused) as refused:
            services.add_evidence(realisation, operator, "bukti.pdf", data)
        assert refused.value.field == "file"


def test_oversized_evidence_is_refused(officials, in_force, app):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(1), "", operator, TODAY)
    app.config["EVIDENCE_MAX_BYTES"] = 100
    try:
        with pytest.raises(Refused, match="lebih besar"):
            services.add_evidence(realisation, operator, "big.pdf", b"%PDF-" + b"x" * 200)
    finally:
        app.config.pop("EVIDENCE_MAX_BYTES")
