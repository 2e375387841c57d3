"""API tokens expire DUBAN_TOKEN_DAYS after they are made; the profile shows the date and the last use."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken

MADE = datetime.datetime(2025, 6, 2, 4, 0, tzinfo=datetime.UTC)


def _local(moment):
    """A moment as the site's zone prints it (12:00 in Shanghai; the tests run in any zone)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_a_token_expires_after_the_configured_days_with_a_clear_401(world, client, settings):
    settings.DUBAN_TOKEN_DAYS = 180
    with time_machine.travel(MADE, tick=False):
        token, raw = ApiToken.issue(world.office, "钉钉")
    assert token.expires_at == MADE + datetime.timedelta(days=180)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    with time_machine.travel(MADE + datetime.timedelta(days=179), tick=False):
        assert client.get("/api/plans", **headers).status_code == 200
    with time_machine.travel(MADE + datetime.timedelta(days=181), tick=False):
        response = client.get("/api/plans", **headers)
    assert response.status_code == 401
    body = response.json()
    assert (
        body["code"] == "token_expired"
        and f"已于 {_local(MADE + datetime.timedelta(days=180))} 过期" in body["message"]
        and "个人设置" in body["message"]
    )


def test_a_revoked_or_unknown_token_still_gets_the_plain_401(world, client):
    token, raw = ApiToken.issue(world.office, "钉钉")
    token.revoke()
    assert client.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["code"] == "unauthorized"
    assert client.get("/api/plans", HTTP_AUTHORIZATION="Bearer dbn_nothing").json()["code"] == "unauthorized"


def test_the_profile_shows_each_tokens_expiry_and_last_use(world, client, login, settings):
    settings.DUBAN_TOKEN_DAYS = 30
    with time_machine.travel(MADE, tick=False):
        _token, raw = ApiToken.issue(world.office, "钉钉")
        client.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {raw}")
        page = login(world.office).get(reverse("profile:page")).content.decode()
    day = timezone.localdate(MADE + datetime.timedelta(days=30)).isoformat()
    assert "有效期至" in page and day in page and "从未使用" not in page and "令牌 30 天后过期" in page
    with time_machine.travel(MADE + datetime.timedelta(days=31), tick=False):
        page = login(world.office).get(reverse("profile:page")).content.decode()
    assert "已过期" in page
