"""一键催办 validates its input through a form: a malformed or foreign unit is refused with a clear message on the
dashboard (post/redirect/get: reloading re-posts nothing), and nothing is sent."""

import pytest
from django.urls import reverse

from supervision.models import Reminder
from units.models import Unit


@pytest.mark.parametrize("unit", ["abc", "-1", str(10**20), "1.5"])
def test_remind_with_a_malformed_unit_is_refused_with_a_message_and_a_redirect(world, login, unit):
    response = login(world.office).post(
        reverse("supervision:remind", args=[world.round.pk]), {"unit": unit}, follow=True
    )
    assert response.redirect_chain == [(reverse("supervision:round", args=[world.round.pk]), 302)]
    assert "没有待报送的材料" in response.content.decode()
    assert not Reminder.objects.exists()


def test_remind_a_unit_that_owes_nothing_is_refused_in_english(world, login):
    stranger = Unit.objects.create(name="无关单位", parent=world.bureau)
    response = login(world.office).post(
        reverse("supervision:remind", args=[world.round.pk]),
        {"unit": stranger.pk},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[0][1] == 302
    assert "owes nothing in this round" in page and "没有待报送" not in page


def test_remind_one_owing_unit_still_works(world, login):
    response = login(world.office).post(reverse("supervision:remind", args=[world.round.pk]), {"unit": world.unit_a.pk})
    assert response.status_code == 302
