import pytest

from api.models import ApiToken


@pytest.fixture
def bearer(world):
    """bearer(user) → the Authorization header of a fresh token of ``user``."""

    def _bearer(user):
        _token, raw = ApiToken.issue(user, "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return _bearer
