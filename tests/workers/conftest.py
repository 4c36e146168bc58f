"""The non-ASN tests' shared fixtures: HR of OPD A and a THL worker of its bidang."""

import pytest

from tests.factories import make_employee


@pytest.fixture
def hr(world):
    return world.users["hr"]


@pytest.fixture
def thl(world):
    return make_employee(world.bidang_a, "Andi Wijaya", employment_type="thl")
