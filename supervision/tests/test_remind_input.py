"""一键催办 validates its input through a form: a malformed or foreign unit is a clear 400, and nothing is sent."""

import pytest
from django.urls import reverse

from supervision.models import Reminder
from units.models import Unit


@pytest.mark.parametrize("unit", ["abc", "-1", str(10**20), "1.5"])
def test_remind_with_a_malformed_unit_is_a_clear_400(world, login, unit):
    response = login(world.office).post(reverse("supervision:remind", args=[world.round.pk]), {"unit": unit})
    assert response.status_code == 400 and "没有待报送的材料" in response.content.decode()
    assert not Reminder.objects.exists()


def test_remind_a_unit_that_owes_nothing_is_a_clear_400_in_english(world, login):
    stranger = Unit.objects.create(name="无关单位", parent=world.bureau)
    response = login(world.office).post(reverse("supervision:remind", args=[world.round.pk]), {"unit": stranger.pk}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400 and "owes nothing in this round" in page and "没有待报送" not in page


def test_remind_one_owing_unit_still_works(world, login):
    response = login(world.office).post(reverse("supervision:remind", args=[world.round.pk]), {"unit": world.unit_a.pk})
    assert response.status_code == 302
