"""The test setup itself: data written inside one test's transaction (even through a request that commits) is
gone in the next; the suite does not depend on the order of its tests."""

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from tests.conftest import rolled_back
from tests.factories import make_user


@pytest.mark.own_transaction
def test_what_a_request_commits_is_gone_after_the_test(app):
    with rolled_back(app):
        user = make_user("leaky", [("admin", None)])
        client = app.test_client()
        client.login_as(user)
        assert client.get("/").status_code == 200
        assert db.session.scalar(select(func.count(User.id)).where(User.username == "leaky")) == 1
    with rolled_back(app):
        assert db.session.scalar(select(func.count(User.id))) == 0
