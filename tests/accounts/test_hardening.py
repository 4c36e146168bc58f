"""Issue 11: redirects that stay on the site, sessions that really end, one answer to every failed login,
forwarded addresses believed only behind a declared proxy, HSTS in production."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from app.accounts import services
from app.accounts.models import User
from app.extensions import db
from tests.factories import PASSWORD

DOMAIN = "kinerja.test"  # the tests' SERVER_NAME
HOSTILE_NEXT = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", " //evil.example", "\t//evil.example",
    "https://evil.example/", "http:/evil.example", "http:evil.example", "javascript:alert(1)",
    "data:text/html,x", "/%2F/evil.example@", "evil.example", "/\x00/evil.example", "//evil.example%2F..",
    "/\\/evil.example", "\\/evil.example", "/.\\\\evil.example",
]


def _as_a_browser_reads(location: str) -> tuple[str, str]:
    """(scheme, host) of a Location as a browser would follow it: tabs and line breaks dropped, backslashes
    read as slashes."""
    cleaned = "".join(c for c in location if c not in "\t\r\n").replace("\\", "/").strip()
    parts = urlsplit(cleaned)
    return parts.scheme, parts.netloc


def _login(client, identifier="hr", password=PASSWORD, **data):
    return client.post("/login", data={"identifier": identifier, "password": password, **data})


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_sends_the_user_to_another_site(client, world, target):
    response = _login(client, next=target)
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    assert _as_a_browser_reads(location) == ("", "") and not location.startswith("//"), location


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_never_sends_the_user_to_another_site(client, world, target):
    response = client.post("/language", data={"locale": "en", "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert _as_a_browser_reads(location) == ("", "") and not location.startswith("//"), location


@pytest.mark.parametrize("target", ["/people?q=siti", "/agreements?year=2018", "/monitoring/", "/%09x"])
def test_a_path_on_this_site_is_kept(client, world, target):
    assert _login(client, next=target).headers["Location"] == target


def test_a_control_character_in_the_address_is_refused_not_a_500(client, world):
    for url in ("/login?next=/%0a/evil.example", "/login?next=/%09/evil.example"):
        assert client.get(url).status_code == 422
    client.login_as(world.users["hr"])
    response = client.get("/people?q=a%00b")
    assert response.status_code == 422 and "karakter kontrol" in response.get_data(as_text=True)


def _cookies(client) -> dict[str, str]:
    return {name: client.get_cookie(name, domain=DOMAIN).value for name in ("kinerja_session", "remember_token")
            if client.get_cookie(name, domain=DOMAIN) is not None}


def _restore(client, cookies: dict[str, str]) -> None:
    for name in ("kinerja_session", "remember_token"):
        client.delete_cookie(name, domain=DOMAIN)
    for name, value in cookies.items():
        client.set_cookie(name, value, domain=DOMAIN)


def test_after_logout_the_old_session_and_remember_cookies_log_nobody_in(client, world):
    assert _login(client, remember="y").status_code == 303
    old = _cookies(client)
    assert set(old) == {"kinerja_session", "remember_token"}
    assert client.get("/people").status_code == 200
    client.post("/logout")
    _restore(client, old)  # an attacker who copied both cookies before the logout
    assert client.get("/people").status_code == 303
    _restore(client, {"remember_token": old["remember_token"]})
    assert client.get("/people").status_code == 303


def test_the_remember_cookie_changes_after_a_logout(client, world):
    _login(client, remember="y")
    first = client.get_cookie("remember_token", domain=DOMAIN).value
    client.post("/logout")
    _login(client, remember="y")
    assert client.get_cookie("remember_token", domain=DOMAIN).value != first


def test_keep_me_logged_in_keeps_the_user_logged_in(monkeypatch, client, world):
    """The browser was closed (the session cookie is gone); the remember cookie logs in, and keeps doing so,
    under the "strong" session protection the app runs with (the other tests use "basic", see conftest)."""
    from app.extensions import login_manager

    monkeypatch.setattr(login_manager, "session_protection", "strong")
    _login(client, remember="y")
    remember = client.get_cookie("remember_token", domain=DOMAIN).value
    _restore(client, {"remember_token": remember})
    for _ in range(3):
        assert client.get("/people").status_code == 200
    assert client.get_cookie("kinerja_session", domain=DOMAIN) is not None


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, client, world):
    other = app.test_client()
    _login(other)
    assert other.get("/people").status_code == 200
    _login(client)
    changed = client.post("/account/password", data={"current_password": PASSWORD,
                                                     "new_password": "panjang-sekali-1", "confirm": "panjang-sekali-1"})
    assert changed.status_code == 303
    assert client.get("/people").status_code == 200
    assert other.get("/people").status_code == 303


def test_disabling_an_account_ends_its_sessions_even_once_enabled_again(app, client, world):
    _login(client)
    assert client.get("/people").status_code == 200
    admin = app.test_client()
    admin.login_as(world.users["admin"])
    hr = world.users["hr"]
    assert admin.post(f"/users/{hr.id}/active").status_code == 303
    assert admin.post(f"/users/{hr.id}/active").status_code == 303
    assert db.session.get(User, hr.id).active
    assert client.get("/people").status_code == 303


def test_an_admins_password_reset_ends_the_users_sessions(app, client, world):
    _login(client)
    admin = app.test_client()
    admin.login_as(world.users["admin"])
    admin.post(f"/users/{world.users['hr'].id}/reset-password")
    assert client.get("/people").status_code == 303


def test_log_out_everywhere(app, client, world):
    phone = app.test_client()
    _login(phone, remember="y")
    _login(client)
    page = client.get("/account/password").get_data(as_text=True)
    assert "/account/sessions/end" in page
    response = client.post("/account/sessions/end", follow_redirects=True)
    assert "semua komputer" in response.get_data(as_text=True)
    assert client.get("/people").status_code == 303
    assert phone.get("/people").status_code == 303
    phone.delete_cookie("kinerja_session", domain=DOMAIN)
    assert phone.get("/people").status_code == 303  # the remember cookie ended too


def test_a_session_of_the_old_kind_ends(client, world):
    """Sessions written before tokens held the bare user id: they no longer log anyone in."""
    with client.session_transaction() as sess:
        sess["_user_id"] = str(world.users["hr"].id)
        sess["_fresh"] = True
    assert client.get("/people").status_code == 303


def test_every_failed_login_says_the_same_until_the_password_is_right(app, client, world):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        _login(client, "hr", "salah")
    answers = {
        "unknown": _login(client, "tidak-ada", "salah"),
        "wrong": _login(client, "operator", "salah"),
        "locked, wrong password": _login(client, "hr", "salah"),
        "locked, right password": _login(client, "hr"),
    }
    texts = {name: r.get_data(as_text=True) for name, r in answers.items()}
    assert {r.status_code for r in answers.values()} == {422}
    assert all("NIP/nama pengguna atau kata sandi salah" in t for t in texts.values()), texts
    assert not any("terkunci" in t.split("NIP/nama pengguna")[1][:60] for t in texts.values())


def test_a_disabled_account_says_so_only_with_the_right_password(client, world):
    world.users["hr"].active = False
    assert "dinonaktifkan" not in _login(client, "hr", "salah").get_data(as_text=True)
    assert "dinonaktifkan" in _login(client, "hr").get_data(as_text=True)


def test_an_unknown_or_locked_account_spends_a_password_check(monkeypatch, client, world):
    """The time an answer takes must not tell whether the account exists: every refusal hashes once."""
    checks = []
    real = services._spend_a_password_check
    monkeypatch.setattr(services, "_spend_a_password_check", lambda p: checks.append(p) or real(p))
    monkeypatch.setattr(User, "check_password", lambda self, p: checks.append(p) or False)
    _login(client, "tidak-ada", "a")
    _login(client, "hr", "b")
    assert checks == ["a", "b"]


def test_forwarded_addresses_are_believed_only_behind_a_declared_proxy(tmp_path):
    """Behind one proxy every request comes from the proxy: the limit must count the users' own addresses."""
    from app import create_app
    from tests.conftest import TEST_DB_URL

    if TEST_DB_URL:
        pytest.skip("builds its own SQLite app; the proxy setting does not depend on the database")
    statuses = {}
    for proxies in (0, 1):
        (tmp_path / str(proxies)).mkdir()
        application = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / str(proxies)),
                                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p{proxies}.db",
                                  "PROXY_COUNT": proxies, "LOGIN_RATE_LIMIT": "2 per minute",
                                  "WTF_CSRF_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://"})
        with application.app_context():
            db.create_all()
        client = application.test_client()
        for n in range(3):  # three users behind the same proxy
            response = client.post("/login", data={"identifier": "x", "password": "y"},
                                   environ_base={"REMOTE_ADDR": "10.0.0.1"},
                                   headers={"X-Forwarded-For": f"203.0.113.{n}"})
            statuses.setdefault(proxies, []).append(response.status_code)
    assert statuses[0] == [422, 422, 429]  # no proxy declared: the header is not believed
    assert statuses[1] == [422, 422, 422]  # one proxy: each user has their own count


def test_hsts_only_in_production(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["HSTS_MAX_AGE"]  # the setting exists
    from app.core.config import load_config

    assert load_config({"ENV_NAME": "production", "SECRET_KEY": "x"})["HSTS_MAX_AGE"] == 31536000


def test_production_sends_hsts(tmp_path):
    from app import create_app

    application = create_app({"TESTING": True, "SECRET_KEY": "x", "ENV_NAME": "production",
                              "INSTANCE_PATH": str(tmp_path), "HSTS_MAX_AGE": 600,
                              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/h.db"})
    response = application.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=600"
