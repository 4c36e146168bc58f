"""The test setup itself: data written by one test (even through a request that commits) is gone in the next."""

from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from tests.factories import make_user


def test_a_request_commits_inside_the_test_transaction(client):
    user = make_user("leaky", [("admin", None)])
    client.login_as(user)
    assert client.get("/").status_code == 200


def test_the_next_test_starts_empty():
    assert db.session.scalar(select(func.count(User.id))) == 0
