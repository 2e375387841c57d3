import pytest

from filings.models import Submission


@pytest.fixture
def sub_a(world):
    """Unit A's package of the world's round, opened as its filler opens it."""
    return Submission.objects.open_for(world.round, world.unit_a)
