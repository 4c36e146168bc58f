"""The demo agency: one command, realistic, valid, and every account can log in."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from app.accounts.models import User
from app.agreements.models import Agreement
from app.core.clock import agency_today
from app.demo import data
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import check_ni_pppk, check_nik, check_nip, sex_from_nip


def _load(app):
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_builds_the_dinas_sosial_dki_jakarta(app):
    output = _load(app)
    assert "Demo loaded" in output
    kinds = Counter(db.session.scalars(select(Unit.kind)))
    assert kinds["opd"] == 1 and kinds["sekretariat"] == 1 and kinds["bidang"] == 3
    assert kinds["suku_dinas"] == len(data.SUKU_DINAS) == 6
    assert kinds["satpel"] == sum(len(k) for k in data.SUKU_DINAS.values())
    assert kinds["upt"] == len(data.PANTI) + len(data.UPT)
    people = list(db.session.scalars(select(Employee)))
    assert 280 <= len(people) <= 320
    names = {p.name for p in people}
    assert {"Masrokhan", "Mariana", "Sumadi"} <= names
    opd = db.session.scalar(select(Unit).where(Unit.kind == "opd"))
    assert opd.working_year == 2018  # the demo's pages open on its year, whatever the server's clock says


def test_every_identity_number_is_valid_and_unique(app):
    _load(app)
    people = list(db.session.scalars(select(Employee)))
    nips = [p.nip for p in people if p.nip]
    assert len(nips) == len(set(nips))
    for p in people:
        if p.employment_type == "pns":
            assert check_nip(p.nip, agency_today()) == [] and sex_from_nip(p.nip) == p.sex, p.nip
        elif p.employment_type == "pppk":
            assert check_ni_pppk(p.nip, agency_today()) == [], p.nip
        else:
            assert p.nik and check_nik(p.nik) == [], p.nik
    assert {p.employment_type for p in people} == {"pns", "pjlp", "thl"}  # no PPPK before 2019


def test_every_demo_account_logs_in_with_the_printed_password(app, client):
    _load(app)
    output = app.test_cli_runner().invoke(args=["demo", "logins"]).output
    for username in data.ACCOUNTS:
        assert username in output and data.DEMO_PASSWORD in output
        client.post("/logout")
        response = client.post("/login", data={"identifier": username, "password": data.DEMO_PASSWORD})
        assert response.status_code in (302, 303), (username, response.status_code)
        assert client.get("/").status_code == 200, username


def test_the_kepala_dinas_agreement_is_in_force_with_its_pdf(app):
    _load(app)
    agreement = db.session.scalar(select(Agreement).join(Unit).where(Unit.kind == "opd"))
    assert agreement.latest.status == "in_force" and agreement.latest.document is not None
    assert agreement.latest.signed_on == date(2018, 3, 5)


def test_loading_twice_changes_nothing(app):
    _load(app)
    counts = (db.session.scalar(select(func.count(Employee.id))), db.session.scalar(select(func.count(User.id))))
    assert "not loaded" in _load(app)
    assert counts == (db.session.scalar(select(func.count(Employee.id))), db.session.scalar(select(func.count(User.id))))
    refused = app.test_cli_runner().invoke(args=["demo", "load"])
    assert refused.exit_code != 0
