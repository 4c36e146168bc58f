"""The non-ASN services on the database: contracts (draft, sign with the SPK, renew, terminate), warnings and
evaluations, and the monthly honorarium worked out from the stored attendance statuses, closed, reopened.

February 2018 has 20 working days (Monday to Friday, no Holiday rows in the test database): 1–2, 5–9, 12–16,
19–23, 26–28. The monthly amount is Rp3.648.035 (UMP DKI 2018), the daily rate Rp150.000. Services flush and
never commit: each test's transaction is rolled back.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from app.attendance import calendar, compute
from app.attendance.models import AttendanceDay, CheckIn, Holiday, WorkSchedule
from app.core import clock
from app.core.errors import Conflict, Refused
from app.core.formatting import month_bounds
from app.documents.models import IssuedDocument
from app.extensions import db
from app.workers import shipped, spk
from app.workers.models import Contract, Evaluation, HonorLine, RuleVersion, WorkerWarning
from app.workers.services import conduct, contracts, honor, settings
from tests.factories import make_employee, make_unit

UMP = 3_648_035
DAY_RATE = 150_000
FEB = [date(2018, 2, n) for n in range(1, 29) if date(2018, 2, n).weekday() < 5]


def values(**changes) -> dict:
    """A whole-year monthly contract of 2018, as the form hands it over."""
    return {"year": 2018, "number": "", "starts_on": date(2018, 1, 1), "ends_on": date(2018, 12, 31),
            "position": "Petugas P3S", "duties": "Menjaga ketertiban di titik rawan", "pay_basis": "monthly",
            "rate": UMP, "workplace": "Kolong Tol Pluit", "shift": None, **changes}


@contextmanager
def on(day: date, hour: int = 10):
    """The agency's clock at ``hour`` WIB (UTC+7) on ``day``."""
    with clock.set_to(datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=7)):
        yield


def refused(call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    return caught.value


def signed(worker, unit, user, **changes) -> Contract:
    """A contract made active without issuing its SPK (the PDF is tested once, in the signing tests)."""
    contract = contracts.create(worker, unit, values(**changes), user)
    contract.number = contract.number or f"800/{contract.id}/THL/2018"
    contract.state, contract.signed_on = "active", date(2017, 12, 28)
    db.session.flush()
    return contract


def attend(worker, days, **special) -> None:
    """Store the status of ``days`` as the monthly pass would: present on time, except ``special`` keyed
    ``d<day of month>``: a status, or (status, late code, early code)."""
    rows = []
    for day in days:
        found = special.get(f"d{day.day}", "present")
        status, late, early = (found, 0, 0) if isinstance(found, str) else found
        rows.append({"employee_id": worker.id, "day": day, "status": status, "late_code": late,
                     "early_code": early, "missed_roll_call": False})
    db.session.execute(insert(AttendanceDay), rows)


def line_of(lines, contract) -> honor.Line:
    return next(line for line in lines if line.contract_id == contract.id)


def shipped_rules(opd):
    return settings.rules_on(opd, date(2018, 2, 1))


# -- contracts ---------------------------------------------------------------------------------------------------

def test_february_2018_has_20_working_days_in_the_test_calendar(world):
    first, last = month_bounds(2018, 2)
    assert len(FEB) == 20
    assert calendar.working_days(calendar.load(first, last, clock.agency_timezone()), world.bidang_a.path) == FEB


def test_a_valid_draft_is_created(world, thl, hr):
    contract = contracts.create(thl, world.bidang_a, values(number=" 800/12/THL/2018 ", position=" Petugas P3S "),
                                hr)
    assert contract.id is not None
    assert (contract.state, contract.year, contract.employee_id, contract.unit_id) == ("draft", 2018, thl.id,
                                                                                      world.bidang_a.id)
    assert (contract.number, contract.position, contract.rate, contract.pay_basis) == ("800/12/THL/2018",
                                                                                       "Petugas P3S", UMP,
                                                                                       "monthly")
    assert (contract.signed_on, contract.document_id, contract.created_by_id) == (None, None, hr.id)
    assert contract.last_day == date(2018, 12, 31)


def test_a_civil_servant_gets_no_contract(world, hr):
    problem = refused(contracts.create, world.person_a, world.bidang_a, values(), hr)
    assert problem.field == "employee_id"
    assert "Siti Aminah" in str(problem)
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"starts_on": date(2017, 12, 1)}, "starts_on"),  # the first day before the budget year
    ({"starts_on": date(2019, 1, 1), "ends_on": date(2019, 3, 31)}, "starts_on"),  # the first day after it
    ({"ends_on": date(2019, 1, 31)}, "ends_on"),  # the last day in the next year
    ({"starts_on": None}, "starts_on"),
    ({"ends_on": None}, "ends_on"),
    ({"starts_on": date(2018, 6, 1), "ends_on": date(2018, 5, 31)}, "ends_on"),
    ({"pay_basis": "weekly"}, "pay_basis"),
    ({"rate": 0}, "rate"),
    ({"rate": None}, "rate"),
    ({"rate": 1_000_000_001}, "rate"),
], ids=["starts-before-year", "starts-after-year", "ends-next-year", "no-first-day", "no-last-day",
        "ends-before-start", "pay-basis", "rate-0", "rate-missing", "rate-too-large"])
def test_bad_contract_values_are_refused_naming_the_field(world, thl, hr, changes, field):
    assert refused(contracts.create, thl, world.bidang_a, values(**changes), hr).field == field
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 0


def test_no_worker_or_no_unit_is_refused(world, thl, hr):
    assert refused(contracts.create, None, world.bidang_a, values(), hr).field == "employee_id"
    assert refused(contracts.create, thl, None, values(), hr).field == "unit_id"


def test_contracts_of_one_worker_may_not_overlap(world, thl, hr):
    contracts.create(thl, world.bidang_a, values(ends_on=date(2018, 6, 30)), hr)
    problem = refused(contracts.create, thl, world.bidang_a, values(starts_on=date(2018, 6, 30)), hr)
    assert problem.field == "starts_on"
    inside = values(starts_on=date(2018, 3, 1), ends_on=date(2018, 3, 31))
    assert refused(contracts.create, thl, world.bidang_a, inside, hr).field == "starts_on"
    # the day after is fine; so is another worker on the same days
    assert contracts.create(thl, world.bidang_a, values(starts_on=date(2018, 7, 1)), hr).state == "draft"
    other = make_employee(world.bidang_a, "Budi Hartono", employment_type="pjlp")
    assert contracts.create(other, world.bidang_a, values(), hr).state == "draft"


def test_a_new_contract_may_start_after_a_termination(world, thl, hr):
    first = signed(thl, world.bidang_a, hr)
    contracts.terminate(first, date(2018, 3, 31), "Mengundurkan diri", first.version, hr)
    assert contracts.create(thl, world.bidang_a, values(starts_on=date(2018, 4, 1)), hr).state == "draft"
    assert refused(contracts.create, thl, world.bidang_a, values(starts_on=date(2018, 3, 31)), hr).field == (
        "starts_on")


def test_an_overlap_is_found_behind_a_terminated_contract(world, thl, hr):
    first = signed(thl, world.bidang_a, hr)
    contracts.terminate(first, date(2018, 3, 31), "Dipindahkan", first.version, hr)
    contracts.create(thl, world.bidang_a, values(starts_on=date(2018, 4, 1)), hr)  # April to December
    # May to December overlaps the April draft
    assert refused(contracts.create, thl, world.bidang_a, values(starts_on=date(2018, 5, 1)), hr).field == (
        "starts_on")


def test_a_contract_number_is_unique_in_its_budget_year(world, thl, hr):
    contracts.create(thl, world.bidang_a, values(number="800/1/THL/2018"), hr)
    other = make_employee(world.bidang_a, "Budi Hartono", employment_type="thl")
    assert refused(contracts.create, other, world.bidang_a, values(number="800/1/THL/2018"), hr).field == "number"
    # The refused INSERT was made inside the savepoint: the session goes on (the first contract is still there).
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1


def test_drafts_without_a_number_do_not_clash(world, thl, hr):
    other = make_employee(world.bidang_a, "Budi Hartono", employment_type="thl")
    assert contracts.create(thl, world.bidang_a, values(), hr).number == ""
    assert contracts.create(other, world.bidang_a, values(), hr).number == ""
    assert contracts.create(other, world.bidang_a, values(year=2019, starts_on=date(2019, 1, 1),
                                                          ends_on=date(2019, 12, 31), number="800/1/THL/2018"),
                            hr).year == 2019  # the same number in another budget year


def test_signing_needs_a_number_then_issues_the_spk_once(world, thl, hr):
    contract = contracts.create(thl, world.bidang_a, values(), hr)
    with on(date(2017, 12, 28)):
        problem = refused(contracts.sign, contract, contract.version, hr)
        assert (problem.field, contract.state, contract.document_id) == ("number", "draft", None)
        contract.number = "800/7/THL/2018"
        contracts.sign(contract, contract.version, hr)
    assert (contract.state, contract.signed_on) == ("active", date(2017, 12, 28))  # today by default
    document = db.session.get(IssuedDocument, contract.document_id)
    assert (document.kind, document.number, document.source_type, document.source_id) == (
        "worker_contract", "800/7/THL/2018", spk.SOURCE, contract.id)
    assert document.status == "in_force" and document.size > 0
    assert [party["role"] for party in document.parties] == ["Pihak Kesatu", "Pihak Kedua"]
    # the public verification page shows the parties: never the worker's NIK
    assert document.parties[1]["name"] == "Andi Wijaya" and document.parties[1]["nip"] == ""
    # signed: it no longer changes and is not signed again
    assert refused(contracts.sign, contract, contract.version, hr).field is None
    assert refused(contracts.edit, contract, world.bidang_a, values(rate=1), contract.version).field is None
    assert db.session.scalar(select(func.count()).select_from(IssuedDocument).where(
        IssuedDocument.kind == "worker_contract")) == 1


def test_the_signing_day_is_neither_in_the_future_nor_after_the_last_day(world, thl, hr):
    contract = contracts.create(thl, world.bidang_a, values(number="800/7/THL/2018", ends_on=date(2018, 6, 30)),
                                hr)
    with on(date(2018, 1, 3)):
        assert refused(contracts.sign, contract, contract.version, hr, date(2018, 1, 4)).field == "signed_on"
    with on(date(2018, 7, 2)):
        assert refused(contracts.sign, contract, contract.version, hr).field == "signed_on"  # today: too late
        assert refused(contracts.sign, contract, contract.version, hr, date(2018, 7, 1)).field == "signed_on"
        assert contract.state == "draft"
        contracts.sign(contract, contract.version, hr, date(2017, 12, 29))  # entered afterwards
    assert (contract.state, contract.signed_on) == ("active", date(2017, 12, 29))


def test_signing_a_stale_form_is_a_conflict(world, thl, hr):
    contract = contracts.create(thl, world.bidang_a, values(number="800/8/THL/2018"), hr)
    with pytest.raises(Conflict):
        contracts.sign(contract, contract.version + 1, hr)


def test_the_spk_states_the_worker_the_pay_and_the_rules(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, pay_basis="daily", rate=DAY_RATE)
    data = spk.build(contract, shipped_rules(world.opd_a))
    assert (data["number"], data["second"]["nik"], data["year"], data["daily"]) == (contract.number, thl.nik, 2018,
                                                                                  True)
    assert data["subtitle"] == "Tenaga Harian Lepas (THL)" and data["basis"] == "per hari kerja"
    assert data["first"]["office"] == world.opd_a.name
    assert data["evaluation"] == "setiap triwulan"


def test_renewal_drafts_next_years_copy_once(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, starts_on=date(2018, 2, 1))
    copy = contracts.renew(contract, hr)
    assert (copy.state, copy.year, copy.number, copy.starts_on, copy.ends_on) == (
        "draft", 2019, "", date(2019, 2, 1), date(2019, 12, 31))
    assert (copy.employee_id, copy.unit_id, copy.rate, copy.pay_basis, copy.position, copy.renewed_from_id) == (
        thl.id, world.bidang_a.id, UMP, "monthly", "Petugas P3S", contract.id)
    assert (contract.renewal, contract.renewal_by_id) == ("renew", hr.id)
    assert refused(contracts.renew, contract, hr).field is None  # a second renewal
    assert db.session.scalar(select(func.count()).select_from(Contract).where(Contract.year == 2019)) == 1


def test_a_draft_or_a_contract_decided_to_end_is_not_renewed(world, thl, hr):
    draft = contracts.create(thl, world.bidang_a, values(), hr)
    refused(contracts.renew, draft, hr)
    draft.number, draft.state = "800/9/THL/2018", "active"
    contracts.decide(draft, "end", "Kinerja kurang", draft.version, hr)
    refused(contracts.renew, draft, hr)
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1


def test_renewing_a_contract_from_29_february(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, year=2020, number="800/1/THL/2020", starts_on=date(2020, 2, 29),
                      ends_on=date(2020, 12, 31))
    copy = contracts.renew(contract, hr)
    assert (copy.year, copy.starts_on, copy.ends_on) == (2021, date(2021, 2, 28), date(2021, 12, 31))


def test_termination_needs_a_day_inside_the_contract_and_a_reason(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, starts_on=date(2018, 2, 1), ends_on=date(2018, 11, 30))
    assert refused(contracts.terminate, contract, None, "Melanggar", contract.version, hr).field == "terminated_on"
    assert refused(contracts.terminate, contract, date(2018, 1, 31), "Melanggar", contract.version,
                   hr).field == "terminated_on"
    assert refused(contracts.terminate, contract, date(2018, 12, 1), "Melanggar", contract.version,
                   hr).field == "terminated_on"
    assert refused(contracts.terminate, contract, date(2018, 5, 15), "   ", contract.version, hr).field == "reason"
    assert (contract.state, contract.terminated_on) == ("active", None)
    contracts.terminate(contract, date(2018, 5, 15), " Mendapat SP3 ", contract.version, hr)
    assert (contract.state, contract.terminated_on, contract.termination_reason) == (
        "terminated", date(2018, 5, 15), "Mendapat SP3")
    assert (contract.last_day, contract.ends_on, contract.renewal) == (date(2018, 5, 15), date(2018, 11, 30), "end")
    refused(contracts.terminate, contract, date(2018, 5, 20), "Lagi", contract.version, hr)  # terminated already


def test_a_draft_is_not_terminated(world, thl, hr):
    draft = contracts.create(thl, world.bidang_a, values(), hr)
    refused(contracts.terminate, draft, date(2018, 5, 15), "Melanggar", draft.version, hr)


def test_the_state_a_list_shows(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    assert contracts.state_of(contract, date(2018, 12, 31)) == "active"
    assert contracts.state_of(contract, date(2019, 1, 1)) == "ended"


# -- warnings and evaluations ------------------------------------------------------------------------------------

def warning(level, day, reason="Tidak masuk tanpa keterangan"):
    return {"level": level, "given_on": day, "reason": reason, "letter_number": ""}


def test_warnings_escalate(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    expected = ["lisan", "tertulis", "sp1", "sp2", "sp3"]
    for n, level in enumerate(expected):
        assert conduct.suggested(contract) == level
        conduct.warn(contract, warning(level, date(2018, 3, 1 + n)), None, hr)
    assert conduct.suggested(contract) is None  # after SP3: termination
    stored = conduct.warnings_of(contract)
    assert [w.level for w in stored] == expected
    assert (stored[0].employee_id, stored[0].created_by_id, stored[0].attachment) == (thl.id, hr.id, None)


def test_a_serious_breach_skips_steps_and_the_next_is_one_above(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    conduct.warn(contract, warning("sp1", date(2018, 3, 5), "Berkelahi di tempat kerja"), None, hr)
    assert conduct.suggested(contract) == "sp2"


def test_a_warning_day_in_the_future_or_outside_the_contract_is_refused(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, starts_on=date(2018, 2, 1), ends_on=date(2018, 11, 30))
    with on(date(2018, 3, 10)):
        assert refused(conduct.warn, contract, warning("lisan", date(2018, 3, 12)), None, hr).field == "given_on"
        assert refused(conduct.warn, contract, warning("lisan", date(2018, 1, 31)), None, hr).field == "given_on"
        assert conduct.warn(contract, warning("lisan", date(2018, 3, 10)), None, hr).given_on == date(2018, 3, 10)
    assert refused(conduct.warn, contract, warning("lisan", date(2018, 12, 1)), None, hr).field == "given_on"
    assert refused(conduct.warn, contract, warning("sp4", date(2018, 3, 5)), None, hr).field == "level"
    assert refused(conduct.warn, contract, warning("lisan", None), None, hr).field == "given_on"
    assert refused(conduct.warn, contract, warning("lisan", date(2018, 3, 5), " "), None, hr).field == "reason"
    contracts.terminate(contract, date(2018, 4, 30), "Mengundurkan diri", contract.version, hr)
    assert refused(conduct.warn, contract, warning("lisan", date(2018, 5, 2)), None, hr).field == "given_on"
    assert len(conduct.warnings_of(contract)) == 1


def test_a_draft_gets_no_warning_and_no_evaluation(world, thl, hr):
    draft = contracts.create(thl, world.bidang_a, values(), hr)
    refused(conduct.warn, draft, warning("lisan", date(2018, 3, 5)), None, hr)
    refused(conduct.evaluate, draft, 1, dict.fromkeys(shipped_rules(world.opd_a).evaluation.criteria, 4), "",
            None, hr)
    assert db.session.scalar(select(func.count()).select_from(WorkerWarning)) == 0


def test_an_evaluation_stores_the_score_and_result(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    criteria = shipped_rules(world.opd_a).evaluation.criteria
    # 5 + 4 + 4 + 3 + 4 = 20 of 25: 80,00 % → baik
    points = dict(zip(criteria, (5, 4, 4, 3, 4), strict=True))
    with on(date(2018, 4, 2)):
        found = conduct.evaluate(contract, 1, points | {"Kerapian": 2}, " Rajin ", None, hr)
    db.session.expire(found)
    found = db.session.get(Evaluation, found.id)
    assert (found.period, found.scale, str(found.score), found.result, found.note) == (1, 5, "80.00", "baik", "Rajin")
    assert found.points == points  # only the form's criteria are kept
    assert (found.evaluated_on, found.evaluated_by_id, found.employee_id) == (date(2018, 4, 2), hr.id, thl.id)
    # corrected on the version shown; a stale one is a conflict
    better = dict.fromkeys(criteria, 5)
    with pytest.raises(Conflict):
        conduct.evaluate(contract, 1, better, "", None, hr)  # shown without a record: someone saved since
    conduct.evaluate(contract, 1, better, "", found.version, hr)
    assert (str(found.score), found.result) == ("100.00", "sangat_baik")
    assert len(conduct.evaluations_of(contract)) == 1


def test_an_evaluation_needs_every_criterion_and_a_started_period(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    criteria = shipped_rules(world.opd_a).evaluation.criteria
    missing = dict.fromkeys(criteria[:-1], 4)
    problem = refused(conduct.evaluate, contract, 1, missing, "", None, hr)
    assert problem.field == "points" and criteria[-1] in str(problem)
    assert refused(conduct.evaluate, contract, 1, dict.fromkeys(criteria, 6), "", None, hr).field == "points"
    full = dict.fromkeys(criteria, 4)
    assert refused(conduct.evaluate, contract, 0, full, "", None, hr).field == "period"  # quarterly rules
    assert refused(conduct.evaluate, contract, 5, full, "", None, hr).field == "period"
    with on(date(2018, 3, 15)):
        assert refused(conduct.evaluate, contract, 2, full, "", None, hr).field == "period"
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 0


def test_a_quarter_after_the_termination_is_not_evaluated(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    contracts.terminate(contract, date(2018, 3, 31), "Mengundurkan diri", contract.version, hr)
    full = dict.fromkeys(shipped_rules(world.opd_a).evaluation.criteria, 4)
    assert refused(conduct.evaluate, contract, 2, full, "", None, hr).field == "period"
    assert conduct.evaluate(contract, 1, full, "", None, hr).result == "baik"  # 20 of 25: 80 %


def test_a_quarter_before_the_contract_is_not_evaluated(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, starts_on=date(2018, 7, 1))
    full = dict.fromkeys(shipped_rules(world.opd_a).evaluation.criteria, 4)
    assert refused(conduct.evaluate, contract, 1, full, "", None, hr).field == "period"


def test_yearly_rules_evaluate_the_whole_year(world, thl, hr):
    yearly = {**settings.in_force(world.opd_a, date(2018, 1, 1)).rules}
    yearly["evaluation"] = {**yearly["evaluation"], "every": "year"}
    settings.add(world.opd_a, yearly, date(2018, 1, 1), "Perbup 1/2018", hr)
    contract = signed(thl, world.bidang_a, hr)
    full = dict.fromkeys(shipped_rules(world.opd_a).evaluation.criteria, 4)
    assert refused(conduct.evaluate, contract, 1, full, "", None, hr).field == "period"
    assert conduct.evaluate(contract, 0, full, "", None, hr).period == 0


# -- the honorarium ----------------------------------------------------------------------------------------------

def test_a_monthly_worker_with_two_tk_days_and_one_late_arrival(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    attend(thl, FEB, d6="absent", d7="absent", d12=("present", 2, 0))
    line = line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)), contract)
    # 20 working days, 18 paid, 2 TK, 1 TL:
    # pay 3.648.035 × 18 / 20 = 3.283.231,5 → 3.283.232; penalty 2 × 2 % + 0,5 % = 4,5 % of 3.648.035
    # = 164.161,575 → 164.162; received 3.283.232 − 164.162 = 3.119.070
    m = line.month
    assert (m.basis, m.rate, m.working, m.contract, m.paid, m.absent, m.late, m.early) == (
        "monthly", UMP, 20, 20, 18, 2, 1, 0)
    assert (line.pay.gross, line.pay.penalty, line.pay.net, line.unknown) == (3_283_232, 164_162, 3_119_070, 0)
    assert (line.name, line.nik, line.number, line.position) == ("Andi Wijaya", thl.nik, contract.number,
                                                                 "Petugas P3S")


def test_a_missing_check_in_is_late_and_a_missing_check_out_early(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    attend(thl, FEB, d5=("no_in", 4, 0), d6=("no_out", 0, 4), d7=("present", 1, 1))
    line = line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)), contract)
    # both days paid; TL on the 5th and 7th, PSW on the 6th and 7th: 4 × 0,5 % = 2 % of 3.648.035 = 72.960,7
    # → 72.961; received 3.648.035 − 72.961 = 3.575.074
    assert (line.month.paid, line.month.late, line.month.early) == (20, 2, 2)
    assert (line.pay.gross, line.pay.penalty, line.pay.net) == (UMP, 72_961, 3_575_074)


def test_a_daily_worker_starting_mid_month(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, pay_basis="daily", rate=DAY_RATE, starts_on=date(2018, 2, 12))
    # statuses before the contract (another engagement) do not count
    attend(thl, FEB, d1="absent", d2="absent", d14="leave_sick", d20=("present", 0, 1))
    line = line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)), contract)
    # 13 working days from the 12th (12–16, 19–23, 26–28); 12 paid (sick is not), 1 PSW:
    # 12 × 150.000 = 1.800.000; 0,5 % of the day's 150.000 = 750; received 1.799.250
    m = line.month
    assert (m.working, m.contract, m.paid, m.absent, m.late, m.early) == (20, 13, 12, 0, 0, 1)
    assert (line.pay.gross, line.pay.penalty, line.pay.net, line.unknown) == (1_800_000, 750, 1_799_250, 0)


def test_a_contract_terminated_mid_month(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    contracts.terminate(contract, date(2018, 2, 14), "Mengundurkan diri", contract.version, hr)
    # statuses after the last day (the pass still ran for the person) do not count
    attend(thl, FEB, d13="absent", d21="absent", d22="absent")
    line = line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)), contract)
    # 10 contract days (1–2, 5–9, 12–14), 9 paid, 1 TK:
    # 3.648.035 × 9 / 20 = 1.641.615,75 → 1.641.616; 2 % of 3.648.035 = 72.960,7 → 72.961;
    # received 1.641.616 − 72.961 = 1.568.655
    m = line.month
    assert (m.working, m.contract, m.paid, m.absent) == (20, 10, 9, 1)
    assert (line.pay.gross, line.pay.penalty, line.pay.net) == (1_641_616, 72_961, 1_568_655)
    # a contract terminated before the month is not in it
    assert honor.work_out(world.opd_a, 2018, 3, shipped_rules(world.opd_a)) == []


def test_a_holiday_and_a_six_day_week_change_the_working_days(world, thl, hr):
    db.session.add(Holiday(day=date(2018, 2, 16), kind="national", name="Tahun Baru Imlek 2569"))
    six = make_unit(world.opd_a, "UPT Pusat Santunan Keluarga", kind="upt")
    db.session.add(WorkSchedule(unit_id=six.id, days_per_week=6))
    db.session.flush()
    five_days = signed(thl, world.bidang_a, hr)
    other = make_employee(six, "Dewi Lestari", employment_type="pjlp", sex="P")
    six_days = signed(other, six, hr)
    attend(thl, [d for d in FEB if d.day != 16])
    attend(other, [d for d in FEB if d.day != 16] + [date(2018, 2, n) for n in (3, 10, 17, 24)])
    lines = honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a))
    # 20 − Imlek = 19 working days; Monday to Saturday: 24 − Imlek = 23. Each full month pays the amount.
    assert [(line_of(lines, c).month.working, line_of(lines, c).pay.net) for c in (five_days, six_days)] == [
        (19, UMP), (23, UMP)]


def test_the_working_days_are_those_the_attendance_pass_recorded(world, hr):
    six = make_unit(world.opd_a, "UPT Pusat Santunan Keluarga", kind="upt")
    db.session.add(WorkSchedule(unit_id=six.id, days_per_week=6))
    worker = make_employee(world.bidang_a, "Andi Wijaya", employment_type="thl",  # the bidang: 5 days a week
                           valid_from=date(2017, 1, 1))
    contract = signed(worker, six, hr)  # the work is done at the UPT, Monday to Saturday
    for n in range(1, 29):
        if date(2018, 2, n).weekday() < 6:  # in at 07:20 and out at 16:35 WIB, Monday to Saturday
            db.session.add(CheckIn(employee_id=worker.id, at=datetime(2018, 2, n, 0, 20, tzinfo=UTC), direction="in"))
            db.session.add(CheckIn(employee_id=worker.id, at=datetime(2018, 2, n, 9, 35, tzinfo=UTC),
                                   direction="out"))
    db.session.flush()
    compute.recompute(2018, 2, now=datetime(2018, 3, 5, tzinfo=UTC))
    line = line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)), contract)
    # today: working 24 (the UPT's week), 20 statuses stored (the bidang's): 4 days "unknown", 20 of 24 paid
    assert (line.unknown, line.month.paid, line.pay.net) == (0, line.month.contract, UMP)


def test_the_attendance_pass_records_a_workers_contract_days_only(world, hr):
    """A worker hired on 15 February and one whose contract ended on 13 February, both never checking in: TK on
    their contract's working days, nothing on the others (no TK after a termination, none before the first day),
    and the recap counts the same; a worker between contracts has no recap; civil servants every day."""
    from app.discipline.models import AttendanceMonth

    hired = make_employee(world.bidang_a, "Andi Wijaya", employment_type="thl")
    signed(hired, world.bidang_a, hr, starts_on=date(2018, 2, 15))
    gone = make_employee(world.bidang_a, "Budi Ramadhan", employment_type="thl")
    signed(gone, world.bidang_a, hr, ends_on=date(2018, 2, 13))
    later = make_employee(world.bidang_a, "Citra Lestari", employment_type="thl", sex="P")
    signed(later, world.bidang_a, hr, starts_on=date(2018, 4, 2))
    db.session.add(CheckIn(employee_id=world.person_a.id, at=datetime(2018, 2, 1, 0, 20, tzinfo=UTC)))
    db.session.flush()
    compute.recompute(2018, 2, now=datetime(2018, 3, 5, tzinfo=UTC))

    def days(worker) -> list[date]:
        return list(db.session.scalars(select(AttendanceDay.day).where(AttendanceDay.employee_id == worker.id,
                                                                       AttendanceDay.status == "absent")
                                        .order_by(AttendanceDay.day)))

    def absent(worker) -> int | None:
        return db.session.scalar(select(AttendanceMonth.absent_days).where(
            AttendanceMonth.employee_id == worker.id, AttendanceMonth.year == 2018, AttendanceMonth.month == 2))

    working = FEB  # no holiday in this installation
    assert days(hired) == [day for day in working if day >= date(2018, 2, 15)] and absent(hired) == 10
    assert days(gone) == [day for day in working if day <= date(2018, 2, 13)] and absent(gone) == 9
    assert days(later) == [] and absent(later) is None
    assert days(world.person_a) == working[1:]  # a civil servant: every working day (in on the 1st only)


def test_only_signed_contracts_of_the_opds_subtree_are_worked_out(world, thl, hr):
    signed(thl, world.bidang_a, hr)
    below = make_employee(world.seksi_a, "Eka Putri", employment_type="honorer", sex="P")
    signed(below, world.seksi_a, hr)
    draft = make_employee(world.bidang_a, "Fajar Nugroho", employment_type="thl")
    contracts.create(draft, world.bidang_a, values(), hr)
    elsewhere = make_employee(world.bidang_b, "Gita Savitri", employment_type="thl", sex="P")
    signed(elsewhere, world.bidang_b, hr)
    names = [line.name for line in honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a))]
    assert names == ["Andi Wijaya", "Eka Putri"]  # unit order: the bidang, then its seksi
    assert [line.name for line in honor.work_out(world.seksi_a, 2018, 2, shipped_rules(world.opd_a))] == [
        "Eka Putri"]


def test_closing_stores_frozen_lines_with_the_rules_in_force(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    attend(thl, FEB, d6="absent", d7="absent", d12=("present", 2, 0))
    with on(date(2018, 3, 1)):
        found = honor.close(world.opd_a, 2018, 2, None, hr)
    assert (found.state, found.people, found.total, found.closed_by_id) == ("closed", 1, 3_119_070, hr.id)
    assert found.closed_at is not None
    assert found.rules_id == settings.in_force(world.opd_a, date(2018, 2, 1)).id
    line = db.session.scalars(honor.stored(found, world.opd_a)).one()
    assert (line.contract_id, line.employee_id, line.unit_id, line.pay_basis, line.rate) == (
        contract.id, thl.id, world.bidang_a.id, "monthly", UMP)
    assert (line.working, line.contract_days, line.paid, line.absent, line.late, line.early) == (20, 20, 18, 2, 1, 0)
    assert (line.gross, line.penalty, line.net) == (3_283_232, 164_162, 3_119_070)
    assert line.detail == {"name": "Andi Wijaya", "nik": thl.nik, "number": contract.number,
                           "position": "Petugas P3S", "unit": world.bidang_a.name, "penalty_pct": "4.5"}
    # the attendance changes afterwards: the open recap follows it, the closed lines do not
    db.session.execute(AttendanceDay.__table__.update().where(AttendanceDay.employee_id == thl.id,
                                                              AttendanceDay.day == date(2018, 2, 8))
                       .values(status="absent"))
    assert line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)), contract).month.absent == 3
    db.session.expire_all()
    assert db.session.scalars(honor.stored(found, world.opd_a)).one().net == 3_119_070


def test_a_month_closes_with_the_version_in_force_on_its_first_day(world, thl, hr):
    signed(thl, world.bidang_a, hr)
    attend(thl, FEB, d6="absent")
    stricter = {**settings.in_force(world.opd_a, date(2018, 1, 1)).rules}
    stricter["honor"] = {**stricter["honor"], "absent_pct": "5"}
    version = settings.add(world.opd_a, stricter, date(2018, 2, 1), "Keputusan Kepala Dinas 12/2018", hr)
    found = honor.close(world.opd_a, 2018, 2, None, hr)
    # 19 of 20 days: 3.648.035 × 19 / 20 = 3.465.633,25 → 3.465.633; 5 % = 182.401,75 → 182.402;
    # received 3.283.231
    assert (found.rules_id, found.total) == (version.id, 3_283_231)
    # a version that would fall over the closed month is refused; one from March is not
    assert refused(settings.add, world.opd_a, stricter, date(2018, 1, 15), "", hr).field == "valid_from"
    assert refused(settings.add, world.opd_a, stricter, date(2018, 2, 1), "", hr).field == "valid_from"
    assert settings.add(world.opd_a, stricter, date(2018, 3, 1), "", hr).valid_from == date(2018, 3, 1)


def test_closing_waits_for_every_working_days_status(world, thl, hr):
    signed(thl, world.bidang_a, hr)
    attend(thl, FEB[:17])  # the 26th, 27th and 28th have no status yet
    problem = refused(honor.close, world.opd_a, 2018, 2, None, hr)
    assert re.search(r"(?<![\d.])3(?![\d.])", str(problem)) and "Andi Wijaya" in str(problem)
    assert honor.month_of(world.opd_a, 2018, 2) is None
    assert line_of(honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a)),
                   db.session.scalars(select(Contract)).one()).unknown == 3


def test_closing_waits_for_the_end_of_the_month_on_the_agency_clock(world, thl, hr):
    signed(thl, world.bidang_a, hr)
    attend(thl, FEB)
    # 16:30 UTC on 28 February is 23:30 WIB: still February
    with clock.set_to(datetime(2018, 2, 28, 16, 30, tzinfo=UTC)):
        refused(honor.close, world.opd_a, 2018, 2, None, hr)
    with on(date(2018, 2, 15)):
        refused(honor.close, world.opd_a, 2018, 2, None, hr)
    assert honor.month_of(world.opd_a, 2018, 2) is None
    # 17:30 UTC on 28 February is 00:30 WIB on 1 March
    with clock.set_to(datetime(2018, 2, 28, 17, 30, tzinfo=UTC)):
        assert honor.close(world.opd_a, 2018, 2, None, hr).state == "closed"


def test_nothing_to_close_without_a_signed_contract(world, thl, hr):
    contracts.create(thl, world.bidang_a, values(), hr)  # a draft
    refused(honor.close, world.opd_a, 2018, 2, None, hr)
    assert honor.month_of(world.opd_a, 2018, 2) is None


def test_closing_twice_is_refused(world, thl, hr):
    signed(thl, world.bidang_a, hr)
    attend(thl, FEB)
    found = honor.close(world.opd_a, 2018, 2, None, hr)
    refused(honor.close, world.opd_a, 2018, 2, found.version, hr)
    with pytest.raises(Conflict):  # closed by someone else since the page showed no month
        honor.close(world.opd_a, 2018, 2, None, hr)
    assert db.session.scalar(select(func.count()).select_from(HonorLine)) == 1


def test_reopening_needs_a_reason_then_the_month_closes_again(world, thl, hr):
    contract = signed(thl, world.bidang_a, hr)
    attend(thl, FEB)
    found = honor.close(world.opd_a, 2018, 2, None, hr)
    assert found.total == UMP
    assert refused(honor.reopen, found, "  ", found.version, hr).field == "reason"
    assert found.state == "closed"
    with pytest.raises(Conflict):
        honor.reopen(found, "Koreksi absensi", found.version - 1, hr)
    honor.reopen(found, " Koreksi absensi 8 Februari ", found.version, hr)
    assert (found.state, found.reopen_reason, found.closed_at, found.closed_by_id) == (
        "open", "Koreksi absensi 8 Februari", None, None)
    refused(honor.reopen, found, "Lagi", found.version, hr)  # not closed
    assert db.session.scalar(select(func.count()).select_from(HonorLine)) == 1  # the lines stay until closed again
    db.session.execute(AttendanceDay.__table__.update().where(AttendanceDay.employee_id == thl.id,
                                                              AttendanceDay.day == date(2018, 2, 8))
                       .values(status="absent"))
    honor.close(world.opd_a, 2018, 2, found.version, hr)
    # 19 of 20: 3.465.633,25 → 3.465.633; 2 % = 72.960,7 → 72.961; received 3.392.672
    line = db.session.scalars(select(HonorLine).where(HonorLine.contract_id == contract.id)).one()
    assert (found.state, found.total, line.absent, line.net) == ("closed", 3_392_672, 1, 3_392_672)


# -- queries -----------------------------------------------------------------------------------------------------

def _workers(unit, n: int, first: int = 0) -> None:
    rows = []
    for i in range(first, first + n):
        worker = make_employee(unit, f"Pekerja {i:02d}", employment_type="thl")
        contract = Contract(employee_id=worker.id, unit_id=unit.id, year=2018, number=f"800/{unit.id}/{i}/2018",
                            starts_on=date(2018, 1, 1), ends_on=date(2018, 12, 31), pay_basis="monthly", rate=UMP,
                            state="active", signed_on=date(2017, 12, 28))
        db.session.add(contract)
        rows += [{"employee_id": worker.id, "day": day, "status": "absent" if day.day == 6 else "present",
                  "late_code": 0, "early_code": 0, "missed_roll_call": False} for day in FEB]
    db.session.flush()
    db.session.execute(insert(AttendanceDay), rows)


def test_working_out_a_month_takes_the_same_few_queries_for_1_or_30_workers(world, count_queries):
    rules = shipped_rules(world.opd_a)
    _workers(world.bidang_a, 1)
    honor.work_out(world.opd_a, 2018, 2, rules)  # the pemda's time zone is read once per request
    with count_queries() as few:
        assert len(honor.work_out(world.opd_a, 2018, 2, rules)) == 1
    _workers(world.bidang_a, 29, first=1)
    with count_queries() as many:
        lines = honor.work_out(world.opd_a, 2018, 2, rules)
    assert len(lines) == 30 and {line.pay.net for line in lines} == {3_392_672}
    # the contracts, the attendance counts (one GROUP BY), the holidays, the schedules, the roll calls
    assert many.n == few.n <= 6, many.statements


def test_closing_a_month_takes_the_same_queries_for_1_or_30_workers(world, hr, count_queries):
    _workers(world.bidang_a, 1)
    _workers(world.bidang_b, 30, first=1)
    for opd in (world.opd_a, world.opd_b):  # the shipped rules stored before (the first closing stores them)
        settings.stored(settings.in_force(opd, date(2018, 2, 1)), hr)
    honor.work_out(world.opd_a, 2018, 2, shipped_rules(world.opd_a))  # the pemda's time zone is read once
    with count_queries() as few:
        honor.close(world.opd_a, 2018, 2, None, hr)
    with count_queries() as many:
        found = honor.close(world.opd_b, 2018, 2, None, hr)
    assert (found.people, found.total) == (30, 30 * 3_392_672)
    # 14 today: the month, the rules, the work-out's 5, the month written and audited, the units' names, the
    # lines deleted and inserted in one statement, the month updated and audited
    assert many.n == few.n <= 16, many.statements
    assert sum(statement.lstrip().startswith("INSERT INTO honor_lines") for statement in many.statements) == 1
    assert db.session.scalar(select(func.count()).select_from(HonorLine).where(HonorLine.month_id == found.id)) == 30


def test_the_shipped_rules_are_stored_when_a_month_is_closed_with_them(world, thl, hr):
    # reading writes nothing: the shipped rules are the OPD's first version, not stored yet
    first = settings.in_force(world.opd_a, date(2018, 2, 1))
    assert (first.id, first.valid_from, first.rules, first.notes) == (None, settings.SHIPPED_FROM, shipped.DEFAULT,
                                                                      shipped.NOTES)
    assert [v.id for v in settings.versions(world.opd_a)] == [None]
    assert db.session.scalar(select(func.count()).select_from(RuleVersion)) == 0
    signed(thl, world.bidang_a, hr)
    attend(thl, FEB)
    attend(thl, [date(2018, 3, n) for n in range(1, 32) if date(2018, 3, n).weekday() < 5])
    february = honor.close(world.opd_a, 2018, 2, None, hr)
    march = honor.close(world.opd_a, 2018, 3, None, hr)
    stored = db.session.scalars(select(RuleVersion)).one()  # stored once, by the first closing
    assert (february.rules_id, march.rules_id) == (stored.id, stored.id)
    assert (stored.opd_id, stored.valid_from, stored.rules, stored.created_by_id) == (
        world.opd_a.id, settings.SHIPPED_FROM, shipped.DEFAULT, hr.id)
    assert settings.in_force(world.opd_a, date(2018, 4, 1)).id == stored.id
    assert settings.in_force(world.opd_b, date(2018, 4, 1)).id is None  # another OPD: still not stored


def test_ending_a_contract_after_its_month_was_counted_takes_back_the_days_after(world, hr):
    """A contract terminated on 5 March with 13 February as its last day: February, counted already (TK every
    day: no check-in), loses the days after the 13th at once."""
    worker = make_employee(world.bidang_a, "Budi Ramadhan", employment_type="thl")
    contract = signed(worker, world.bidang_a, hr)
    db.session.add(CheckIn(employee_id=world.person_a.id, at=datetime(2018, 2, 1, 0, 20, tzinfo=UTC)))
    db.session.flush()
    compute.recompute(2018, 2, now=datetime(2018, 3, 5, tzinfo=UTC))

    def absent() -> int:
        return db.session.scalar(select(func.count()).select_from(AttendanceDay).where(
            AttendanceDay.employee_id == worker.id, AttendanceDay.status == "absent"))

    assert absent() == len(FEB)
    with on(date(2018, 3, 5)):
        contracts.terminate(contract, date(2018, 2, 13), "Tidak masuk tanpa keterangan", contract.version, hr)
    assert absent() == len([day for day in FEB if day <= date(2018, 2, 13)])
