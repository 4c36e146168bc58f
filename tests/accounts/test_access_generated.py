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

The sample records and the URL filling live in ``tests/samples.py`` (shared with the hostile-input suite); a
new route whose URL takes a value they cannot fill fails ``test_every_url_value_has_a_sample``: add a sample
there.
"""

from __future__ import annotations

import pytest

from app.accounts.access import ALL_ROLES, PERMISSIONS, SCOPE_PATHS, SHARED_DOWN
from app.imports.models import ImportBatch
from app.jobs.models import Job
from tests.samples import rules as _rules
from tests.samples import samples as _samples
from tests.samples import url as _url

WRONG_ROLE_ORDER = ("employee", "assessor", "operator", "leader", "hr")


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
                f"{rule.endpoint}: no sample value for <{arg}> in tests/samples.py"
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
        view = app.view_functions[rule.endpoint]
        if _pemda_wide(view, samples):  # visible: read where shared for the action, else refused
            shared = all(view.access_action in SHARED_DOWN[m] for m in view.access_loaders.values())
            assert (response.status_code < 400) if shared else (response.status_code == 403), (
                rule.endpoint, response.status_code)
            continue
        assert response.status_code == 404, (rule.endpoint, response.status_code)
        checked += 1
    assert checked > 5


def _pemda_wide_model(model, samples) -> bool:
    """Records of the whole pemda that every unit shares for viewing (the TPP presets): no OPD owns them, so
    there is no other OPD's record to hide."""
    return model in SCOPE_PATHS and SCOPE_PATHS[model](samples.other[model]) == "" and bool(SHARED_DOWN.get(model))


def _pemda_wide(view, samples) -> bool:
    return all(_pemda_wide_model(m, samples) for m in view.access_loaders.values())


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
        shared = _pemda_wide_model(model, samples)  # the pemda's records: every unit names them
        for method in ("GET", "POST"):
            if method not in rule.methods:
                continue
            response = client.open(url, method=method, **({"query_string": {name: other}} if method == "GET"
                                                           else {"data": {name: other}}))
            assert (response.status_code != 404) if shared else (response.status_code == 404), (
                rule.endpoint, name, method, response.status_code)
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
