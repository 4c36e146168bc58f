"""Access tests generated from the URL map: every route, present and future, is covered.

For each endpoint:
* it is public or declares its rule with ``@access`` (deny by default otherwise);
* anonymous → redirected to the login page;
* a POST without a CSRF token → 400;
* an object of another unit (or another user's job/import) → 404;
* a role that the action does not allow → 403, on write routes too: a POST declares the action it really
  performs, never a ``.view`` one;
* an id named in a form field or the query string (``params=`` of ``@access``) of another unit → 404;
* the admin can open every GET page (200 or a redirect).

A new route whose URL takes a value this file cannot fill fails ``test_every_url_value_has_a_sample``:
add a sample below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.accounts.access import ALL_ROLES, PERMISSIONS, SCOPE_PATHS
from app.accounts.models import User
from app.agreements.models import Agreement, AgreementVersion, BudgetLine, Indicator, Sasaran
from app.documents.models import IssuedDocument
from app.extensions import db
from app.imports.models import ImportBatch
from app.jobs.models import Job
from app.monitoring.models import UnitKpi
from app.org.models import Employee, Position, Unit
from tests.factories import build_world, make_employee, make_position, make_user


def _document(unit: Unit, source_id: int) -> IssuedDocument:
    import hashlib

    from app.core import files

    pdf = b"%PDF-1.4 sample " + str(source_id).encode()
    return IssuedDocument(code=f"sample{source_id}", kind="perjanjian_kinerja", title="PK", unit_id=unit.id,
                          sha256=hashlib.sha256(pdf).hexdigest(), file_name=files.store(pdf, "pdf"), size=len(pdf),
                          source_type="sample", source_id=source_id)


def _finished_job(owner: User) -> Job:
    """A done job with its result file, so its download link answers."""
    from app.core.files import files_dir

    job = Job(id="sampleownjob", owner_id=owner.id, kind="export", title="own", status="done", progress=100,
              result_name="own.xlsx", result_path="jobs/sampleownjob/own.xlsx")
    (files_dir() / "jobs" / "sampleownjob").mkdir(parents=True, exist_ok=True)
    (files_dir() / job.result_path).write_bytes(b"PK sample")
    return job


def _agreement(unit: Unit, person: Employee) -> dict:
    """An agreement with one sasaran, indicator and budget line (built directly: samples need no workflow)."""
    agreement = Agreement(year=2018, unit_id=unit.id, first_party_id=person.id)
    version = AgreementVersion(number=1, status="in_force", second_party_name="Gubernur")
    agreement.versions.append(version)
    sasaran = Sasaran(text="Sasaran", position=1)
    version.sasaran.append(sasaran)
    indicator = Indicator(agreement_version=version, name="Indikator", satuan="%", target=100, position=1, key="k")
    sasaran.indicators.append(indicator)
    line = BudgetLine(level="program", name="Program", amount=1, position=1)
    version.budget_lines.append(line)
    db.session.add(agreement)
    return {Agreement: agreement, Sasaran: sasaran, Indicator: indicator, BudgetLine: line}


def _monitoring(unit: Unit, agreement: Agreement, user: User, n: int) -> dict:
    """A unit KPI, a realisation with one evidence file, and a correction request."""
    from app.core import files
    from app.monitoring.models import Evidence, Realisation, RealisationChange

    kpi = UnitKpi(unit_id=unit.id, year=2018, name="KPI", satuan="orang", target=10, key=f"kpi{n}")
    realisation = Realisation(agreement=agreement, indicator_key="k", period_kind="quarter", period=1,
                              unit_id=unit.id, year=2018, value=5, status="accepted")
    pdf = b"%PDF-1.4 evidence " + str(n).encode()
    evidence = Evidence(realisation=realisation, file_name=files.store(pdf, "pdf"), original_name="bukti.pdf",
                        mime="application/pdf", size=len(pdf), uploaded_by_id=user.id)
    change = RealisationChange(realisation=realisation, old_value=5, new_value=6, reason="r", requested_by_id=user.id)
    db.session.add_all([kpi, realisation, evidence, change])
    return {UnitKpi: kpi, Realisation: realisation, Evidence: evidence, RealisationChange: change}


# -- discipline samples (sanctions, monthly attendance recap) ------------------------------------------------

def _discipline(person: Employee) -> dict:
    """A medium sanction of ``person`` and their attendance recap of one month."""
    from datetime import date

    from app.discipline.models import AttendanceMonth, Sanction

    sanction = Sanction(employee=person, level="medium", kind="Pemotongan tunjangan kinerja 25% selama 6 bulan",
                        decision_number="800/SK/1", decision_date=date(2018, 1, 5), starts_on=date(2018, 1, 8),
                        ends_on=date(2018, 7, 7), note="")
    recap = AttendanceMonth(employee=person, year=2018, month=1, absent_days=1)
    db.session.add_all([sanction, recap])
    return {Sanction: sanction, AttendanceMonth: recap}

# -- end of discipline samples --------------------------------------------------------------------------------


# -- award samples (instrument, category, a decided round with a nomination and its certificate) -----------

def _awards(opd: Unit, person: Employee, user: User, n: int) -> dict:
    from datetime import date

    from app.awards.models import Category, Certificate, Criterion, Instrument, Nomination, Round
    from app.core import files

    instrument = Instrument(opd=opd, family=f"fam{n}", number=1, name="Instrumen")
    instrument.criteria.append(Criterion(name="Nilai", weight=100, scale_min=1, scale_max=5, source="assessor"))
    category = Category(opd=opd, name="Teladan", instrument=instrument)
    award_round = Round(category=category, opd=opd, year=2018, month=2, instrument=instrument, rules={
        "nominee_kind": "person", "winners": 1, "quota_per_unit": 1, "own_unit_conflict": True},
        nomination_opens=date(2018, 3, 1), nomination_closes=date(2018, 3, 9), status="decided",
        decision_number="SK", decision_date=date(2018, 3, 5))
    evidence = b"%PDF-1.4 nomination " + str(n).encode()
    nomination = Nomination(round=award_round, employee=person, unit=person.unit, justification="baik",
                            evidence_file=files.store(evidence, "pdf"), evidence_name="bukti.pdf", winner=True, rank=1)
    certificate = Certificate(nomination=nomination, opd_id=opd.id, year=2018, seq=n, number=f"800/{n}/X/III/2018",
                              code=f"cert{n}", issued_on=date(2018, 3, 5), content={})
    db.session.add_all([instrument, category, award_round, nomination, certificate])
    db.session.flush()
    return {Instrument: instrument, Category: category, Round: award_round, Nomination: nomination,
            Certificate: certificate}

# -- end of award samples -------------------------------------------------------------------------------------


WRONG_ROLE_ORDER = ("employee", "assessor", "operator", "leader", "hr")


@dataclass
class Samples:
    own: dict
    other: dict
    extra: dict
    users: dict


def _samples() -> Samples:
    w = build_world()
    position_own = make_position(w.seksi_a, "Penyuluh Sosial")
    person_own = make_employee(w.seksi_a, "Rina Marlina", position_own, sex="P")
    person_other = w.person_b
    user_own = make_user("rina", [("employee", w.seksi_a)], employee=person_own)
    user_other = make_user("joko", [("employee", w.bidang_b)], employee=person_other)
    admin = w.users["admin"]
    own = {
        Unit: w.seksi_a,
        Position: position_own,
        Employee: person_own,
        User: user_own,
        Job: _finished_job(admin),
        ImportBatch: ImportBatch(owner_id=admin.id, kind="people", filename="own.csv", rows=[]),
        IssuedDocument: _document(w.seksi_a, 1),
    }
    other_owner = w.users["hr"]
    other = {
        Unit: w.bidang_b,
        Position: w.position_b,
        Employee: person_other,
        User: user_other,
        Job: Job(owner_id=other_owner.id, kind="export", title="other"),
        ImportBatch: ImportBatch(owner_id=other_owner.id, kind="people", filename="other.csv", rows=[]),
        IssuedDocument: _document(w.bidang_b, 2),
    }
    db.session.add_all([own[Job], own[ImportBatch], own[IssuedDocument], other[Job], other[ImportBatch],
                        other[IssuedDocument]])
    own.update(_agreement(w.seksi_a, person_own))
    other.update(_agreement(w.bidang_b, person_other))
    db.session.flush()
    own.update(_monitoring(w.seksi_a, own[Agreement], admin, 1))
    other.update(_monitoring(w.bidang_b, other[Agreement], admin, 2))
    own.update(_discipline(person_own))  # discipline samples
    other.update(_discipline(person_other))
    own.update(_awards(w.opd_a, person_own, admin, 1))  # award samples
    other.update(_awards(w.opd_b, person_other, admin, 2))
    db.session.flush()
    # A user who holds every role but admin on OPD A: allowed everywhere in A, sees nothing of B.
    all_a = make_user("all_a", [(r, w.opd_a) for r in ("hr", "leader", "operator", "assessor", "employee")])
    db.session.flush()
    extra = {"assignment_id": user_own.roles[0].id, "kind": "people", "code": "sample1", "period": 1, "key": "k",
             "ref": f"kpi:{own[UnitKpi].id}"}
    users = dict(w.users, all_a=all_a, other_owner=other_owner)
    return Samples(own, other, extra, users)


def _rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule)


def _url(app, rule, samples: Samples, side: str) -> str:
    view = app.view_functions[rule.endpoint]
    loaders = getattr(view, "access_loaders", {})
    objects = samples.own if side == "own" else samples.other
    values = {}
    for arg in rule.arguments:
        if arg in loaders:
            values[arg] = objects[loaders[arg]].id
        else:
            values[arg] = samples.extra[arg]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _method(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def _request(client, rule, url, **kwargs):
    return client.open(url, method=_method(rule), **kwargs)


def test_every_endpoint_declares_access(app):
    undeclared = [
        r.endpoint for r in _rules(app)
        if not hasattr(app.view_functions[r.endpoint], "access_action")
        and not getattr(app.view_functions[r.endpoint], "access_public", False)
    ]
    assert undeclared == []


def test_every_action_is_known_and_every_loaded_model_has_a_scope(app):
    for rule in _rules(app):
        view = app.view_functions[rule.endpoint]
        if hasattr(view, "access_action"):
            assert view.access_action in PERMISSIONS, rule.endpoint
            for model in view.access_loaders.values():
                from app.accounts.access import OWNER_RULES

                assert model in SCOPE_PATHS or model in OWNER_RULES, (rule.endpoint, model)


def test_every_url_value_has_a_sample(app):
    samples = _samples()
    for rule in _rules(app):
        loaders = getattr(app.view_functions[rule.endpoint], "access_loaders", {})
        for arg in rule.arguments:
            assert arg in samples.extra or (arg in loaders and loaders[arg] in samples.own), (
                f"{rule.endpoint}: no sample value for <{arg}> in tests/accounts/test_access_generated.py"
            )


def test_anonymous_is_sent_to_login(app, client):
    samples = _samples()
    for rule in _rules(app):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_public", False):
            continue
        response = _request(client, rule, _url(app, rule, samples, "own"))
        assert response.status_code in (302, 303), (rule.endpoint, response.status_code)
        assert "/login" in response.headers["Location"], rule.endpoint


def test_htmx_anonymous_gets_a_client_redirect(app, client):
    response = client.get("/people", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/login")


def test_post_without_csrf_token_is_refused(app, client):
    samples = _samples()
    client.login_as(samples.users["admin"])
    for rule in _rules(app):
        if "POST" not in rule.methods:
            continue
        response = client.post(_url(app, rule, samples, "own"), data={}, csrf=False)
        assert response.status_code == 400, (rule.endpoint, response.status_code)


def test_other_units_records_answer_404(app, client):
    samples = _samples()
    client.login_as(samples.users["all_a"])
    checked = 0
    for rule in _rules(app):
        if not getattr(app.view_functions[rule.endpoint], "access_loaders", None):
            continue
        response = _request(client, rule, _url(app, rule, samples, "other"))
        assert response.status_code == 404, (rule.endpoint, response.status_code)
        checked += 1
    assert checked > 5


def _wrong_role(action: str) -> str | None:
    allowed = PERMISSIONS[action]
    return next((r for r in WRONG_ROLE_ORDER if r not in allowed), None)


def test_a_role_the_action_does_not_allow_answers_403(app, client):
    samples = _samples()
    checked = 0
    for rule in _rules(app):
        view = app.view_functions[rule.endpoint]
        action = getattr(view, "access_action", None)
        if action is None or PERMISSIONS[action] == ALL_ROLES:
            continue
        role = _wrong_role(action)
        user = samples.users[role]
        # Owner-scoped objects (jobs, imports) must belong to the user tried, or the answer is 404.
        for model in (Job, ImportBatch):
            samples.own[model].owner_id = user.id
        client.login_as(user)
        response = _request(client, rule, _url(app, rule, samples, "own"))
        assert response.status_code == 403, (rule.endpoint, role, response.status_code)
        checked += 1
    assert checked > 10


def test_write_routes_declare_what_they_do(app):
    """A POST changes something: its declared action is that change, not the right to look at the page."""
    viewing = [(r.endpoint, app.view_functions[r.endpoint].access_action) for r in _rules(app)
               if "POST" in r.methods and getattr(app.view_functions[r.endpoint], "access_action", "").endswith(".view")]
    assert viewing == []


def _params(app):
    for rule in _rules(app):
        for name, model in getattr(app.view_functions[rule.endpoint], "access_params", {}).items():
            yield rule, name, model


def test_ids_in_forms_and_query_strings_go_through_the_gate(app, client):
    """An id the request names outside the URL path (``?unit=``, a form's ``unit_id``) of another OPD → 404,
    on every method the route takes."""
    samples = _samples()
    client.login_as(samples.users["all_a"])
    checked = 0
    for rule, name, model in _params(app):
        assert model in samples.other, f"{rule.endpoint}: no sample {model.__name__} for the parameter {name!r}"
        url = _url(app, rule, samples, "own")
        other = str(samples.other[model].id)
        for method in ("GET", "POST"):
            if method not in rule.methods:
                continue
            response = client.open(url, method=method, **({"query_string": {name: other}} if method == "GET"
                                                           else {"data": {name: other}}))
            assert response.status_code == 404, (rule.endpoint, name, method, response.status_code)
            checked += 1
        for bad in ("x", "-1", "99999999999999999999"):  # never a 500
            response = client.open(url, method=_method(rule), query_string={name: bad})
            assert response.status_code == 404, (rule.endpoint, name, bad, response.status_code)
    assert checked >= 1


def test_a_parameter_is_one_value_wherever_it_is_sent(app, client):
    """The gate checks the id the view uses: one id in the query string and another in the form (which the
    view's form reads) is refused, so an allowed id cannot stand in for a forbidden one."""
    samples = _samples()
    client.login_as(samples.users["admin"])
    checked = 0
    for rule, name, model in _params(app):
        if "POST" not in rule.methods:
            continue
        own, other = str(samples.own[model].id), str(samples.other[model].id)
        response = client.post(_url(app, rule, samples, "own"), query_string={name: own}, data={name: other})
        assert response.status_code == 400, (rule.endpoint, name, response.status_code)
        checked += 1
    assert checked >= 1


def test_admin_opens_every_page(app, client):
    samples = _samples()
    client.login_as(samples.users["admin"])
    for rule in _rules(app):
        if "GET" not in rule.methods or getattr(app.view_functions[rule.endpoint], "access_public", False):
            continue
        response = client.get(_url(app, rule, samples, "own"))
        assert response.status_code in (200, 302, 303, 409), (rule.endpoint, response.status_code)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_role_reaches_its_start_page(app, client, role):
    samples = _samples()
    user = samples.users[role]
    client.login_as(user)
    assert client.get("/").status_code == 200
