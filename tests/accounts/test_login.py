"""Login by NIP or username, lockout, rate limit, logout, passwords, hardened cookies."""

from datetime import timedelta

from sqlalchemy import select

from app.accounts import services
from app.accounts.models import User
from app.core.db import utcnow
from app.extensions import db
from tests.factories import PASSWORD, make_employee, make_user


def _login(client, identifier, password=PASSWORD, **kwargs):
    return client.post("/login", data={"identifier": identifier, "password": password, **kwargs})


def test_login_with_username_then_logout(client, world):
    response = _login(client, "hr")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/people").status_code == 200
    assert client.post("/logout").status_code == 303
    assert client.get("/people").status_code == 303


def test_login_with_nip_typed_with_spaces(client, world):
    nip = world.person_a.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert _login(client, spaced).status_code == 303
    assert client.get(f"/people/{world.person_a.id}").status_code == 200


def test_wrong_password_says_the_same_as_unknown_user(client, world):
    wrong = _login(client, "hr", "salah")
    unknown = _login(client, "nobody", "salah")
    assert wrong.status_code == unknown.status_code == 422
    assert b'NIP/nama pengguna atau kata sandi salah.' in wrong.data and b'NIP/nama pengguna atau kata sandi salah.' in unknown.data


def test_next_only_goes_to_local_pages(client, world):
    assert _login(client, "hr", next="https://evil.example/").headers["Location"] == "/"
    client.post("/logout")
    assert _login(client, "hr", next="/people?q=siti").headers["Location"] == "/people?q=siti"


def test_lockout_after_repeated_failures_is_kept_in_the_database(app, client, world):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        _login(client, "hr", "salah")
    user = db.session.scalar(select(User).where(User.username == "hr"))
    assert user.locked_until is not None and user.locked_until > utcnow()
    locked = _login(client, "hr")  # even the right password; the answer is the one every failure gets
    assert locked.status_code == 422 and b'kata sandi salah. Setelah 5 kali salah, akun harus menunggu 15 menit' in locked.data
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert _login(client, "hr").status_code == 303


def test_disabled_account_cannot_log_in(client, world):
    world.users["hr"].active = False
    assert _login(client, "hr").status_code == 422


def test_rate_limit_per_address(app, client, world):
    statuses = [_login(client, "nobody", "x").status_code for _ in range(25)]
    assert statuses[0] == 422 and statuses[-1] == 429
    other_address = client.post("/login", data={"identifier": "hr", "password": PASSWORD},
                                environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other_address.status_code == 303


def test_session_cookie_is_hardened(client, world):
    response = _login(client, "hr", remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("kinerja_session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_change_password(client, world):
    client.login_as(world.users["hr"])
    short = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "pendek",
                                                   "confirm": "pendek"})
    assert short.status_code == 422 and b'minimal 10' in short.data
    wrong = client.post("/account/password", data={"current_password": "salah", "new_password": "panjang-sekali-1",
                                                   "confirm": "panjang-sekali-1"})
    assert wrong.status_code == 422 and b'sandi saat ini salah' in wrong.data
    ok = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "panjang-sekali-1",
                                                "confirm": "panjang-sekali-1"})
    assert ok.status_code == 303
    assert db.session.get(User, world.users["hr"].id).check_password("panjang-sekali-1")


def test_admin_reset_forces_a_change_at_next_login(client, world):
    client.login_as(world.users["admin"])
    response = client.post(f"/users/{world.users['hr'].id}/reset-password", follow_redirects=True)
    assert b'sekali pakai' in response.data
    user = db.session.get(User, world.users["hr"].id)
    assert user.must_change_password
    client.post("/logout")
    client.login_as(user)
    assert client.get("/people").headers["Location"] == "/account/password"


def test_passwords_are_hashed_with_scrypt(world):
    user = make_user("fresh")
    user.set_password("rahasia-sekali-123")
    assert user.password_hash.startswith("scrypt:") and "rahasia" not in user.password_hash


def test_admin_creates_an_account_linked_to_an_employee_and_grants_a_role(client, world):
    person = make_employee(world.seksi_a, "Siti Rahma", sex="P")
    client.login_as(world.users["admin"])
    taken = client.post("/users/new", data={"username": "lain1", "employee_number": world.person_a.nip,
                                            "password": "sementara-123"})
    assert taken.status_code == 422 and b'sudah memiliki akun' in taken.data
    response = client.post("/users/new", data={"username": "Siti", "employee_number": person.nip,
                                               "password": "sementara-123"})
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.username == "siti"))
    assert user.employee_id == person.id and user.must_change_password
    duplicate = client.post("/users/new", data={"username": "siti", "password": "sementara-123"})
    assert duplicate.status_code == 422 and b'sudah dipakai' in duplicate.data
    bad_role = client.post(f"/users/{user.id}/roles", data={"role": "hr", "unit_id": ""})
    assert bad_role.status_code == 422 and b'Pilih unit' in bad_role.data
    ok = client.post(f"/users/{user.id}/roles", data={"role": "leader", "unit_id": world.bidang_a.id})
    assert ok.status_code == 303
    assert {(r.role, r.unit_path) for r in db.session.get(User, user.id).roles} == {("leader", world.bidang_a.path)}


def test_the_last_admin_cannot_be_removed(world):
    admin = world.users["admin"]
    try:
        services.revoke(admin, admin.roles[0])
    except Exception as refused:  # noqa: BLE001
        assert 'administrator terakhir' in str(refused)
    else:
        raise AssertionError("the last admin was removed")


def test_language_switch(client, world):
    client.login_as(world.users["hr"])
    client.post("/language", data={"locale": "en", "next": "/people"})
    assert db.session.get(User, world.users["hr"].id).locale == "en"
    page = client.get("/people")
    assert b'lang="en"' in page.data
