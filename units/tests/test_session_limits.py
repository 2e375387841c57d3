"""Sessions end after DUBAN_IDLE_MINUTES without a request, and after DUBAN_SESSION_MAX_HOURS in any case (等保)."""

import datetime

import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from audit.models import Event, Kind
from conftest import PASSWORD

START = datetime.datetime(2025, 6, 2, 0, 30, tzinfo=datetime.UTC)  # 08:30 in Shanghai


def _log_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_idle_session_ends_with_a_notice_on_the_login_page(world, client, settings):
    settings.DUBAN_IDLE_MINUTES = 30
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client, world.filler_a)
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("filings:my_rounds")).status_code == 200  # still active
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("filings:my_rounds"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert SESSION_KEY not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "您已长时间未操作，请重新登录" in page
    event = Event.objects.get(kind=Kind.SESSION_ENDED)
    assert event.action == "session_idle" and event.username == "filler_a"


def test_activity_keeps_a_session_alive_up_to_one_working_day_and_no_longer(world, client, settings):
    settings.DUBAN_IDLE_MINUTES = 30
    settings.DUBAN_SESSION_MAX_HOURS = 10
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client, world.filler_a)
        for _step in range(19):  # a request every 29 minutes: 9 h 11 min
            clock.shift(datetime.timedelta(minutes=29))
            assert client.get(reverse("filings:my_rounds")).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))  # 9 h 40 min
        assert client.get(reverse("filings:my_rounds")).status_code == 200
        clock.shift(datetime.timedelta(minutes=25))  # 10 h 5 min after the login
        response = client.get(reverse("filings:my_rounds"))
        assert response.status_code == 302 and SESSION_KEY not in client.session
        assert "登录已超过 10 小时，请重新登录" in client.get(response["Location"]).content.decode()


def test_an_api_call_on_an_ended_session_gets_401_not_a_page(world, client, settings):
    settings.DUBAN_IDLE_MINUTES = 30
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client, world.filler_a)
        clock.shift(datetime.timedelta(minutes=45))
        response = client.get("/api/plans")
        assert response.status_code == 401 and response.json()["code"] == "session_ended"


def test_the_session_cookie_lasts_no_longer_than_the_working_day(settings):
    assert settings.SESSION_COOKIE_AGE <= settings.DUBAN_SESSION_MAX_HOURS * 3600
