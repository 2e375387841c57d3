"""Logins lock out per login name at an address, and per address past a higher limit (django-axes), the office unlocks, every lock is logged; passwords
pass the validators wherever they are set; every user can change their own password."""

import datetime
import logging

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from audit.models import Event, Kind
from conftest import PASSWORD
from units.models import User

LOGIN = "/accounts/login/"


def attempt(client, username, password, ip="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


NOON = datetime.datetime(2025, 6, 2, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Shanghai


@time_machine.travel(NOON, tick=False)
def test_wrong_passwords_lock_the_login_name_at_that_address_and_say_when_the_lock_ends(
    world, client, settings, caplog
):
    settings.AXES_FAILURE_LIMIT = 5
    with caplog.at_level(logging.WARNING, logger="duban.security"):
        codes = [attempt(client, "filler_a", f"wrong-{i}", ip="10.0.0.1").status_code for i in range(5)]
    assert codes[:4] == [200] * 4 and codes[4] == 429
    locked = attempt(client, "filler_a", PASSWORD, ip="10.0.0.1")  # even the right password, from there
    page = locked.content.decode()
    assert (
        locked.status_code == 429
        and "已暂时锁定" in page
        and "15 分钟后再试" in page
        and f"锁定将于 {timezone.localtime(NOON + datetime.timedelta(minutes=15)):%Y-%m-%d %H:%M} 解除" in page
    )
    assert SESSION_KEY not in client.session
    assert any("locked out" in r.getMessage() and "filler_a" in r.getMessage() for r in caplog.records)
    english = attempt(client, "filler_a", "wrong", ip="10.0.0.1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "try again in 15 minutes" in english and "已暂时锁定" not in english
    assert Event.objects.filter(kind=Kind.LOCKOUT, username="filler_a", address="10.0.0.1").exists()
    assert Event.objects.filter(kind=Kind.LOGIN_FAILED, username="filler_a").count() >= 5


def test_a_known_login_name_guessed_from_elsewhere_does_not_lock_out_its_owner(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for i in range(8):
        attempt(client, "filler_a", f"wrong-{i}", ip="203.0.113.9")
    assert attempt(client, "filler_a", PASSWORD, ip="10.0.0.7").status_code == 302


def test_six_wrong_passwords_for_one_login_name_from_one_address_do_not_stop_another_user_at_that_address(
    world, client, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    codes = [attempt(client, "filler_a", f"wrong-{i}", ip="10.9.9.9").status_code for i in range(6)]
    assert codes[-1] == 429
    assert (
        attempt(client, "office", PASSWORD, ip="10.9.9.9").status_code == 302
    )  # the whole bureau sits behind 10.9.9.9


def test_an_address_past_its_own_higher_limit_is_locked_for_every_login_name(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.DUBAN_LOGIN_ADDRESS_LIMIT = 8
    for i in range(8):  # eight names, one try each: no pair reaches 5
        attempt(client, f"guess{i}", "wrong-password", ip="10.9.9.9")
    assert attempt(client, "office", PASSWORD, ip="10.9.9.9").status_code == 429
    assert attempt(client, "office", PASSWORD, ip="10.9.9.10").status_code == 302  # another address logs in


def test_office_sees_and_unlocks_a_locked_user_and_the_unlock_is_audited(world, client, login, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    for _i in range(3):
        attempt(client, "filler_b", "wrong", ip="10.1.0.1")
    office = login(world.office)
    page = office.get(reverse("units:users")).content.decode()
    assert "登录已锁定" in page and reverse("units:user_unlock", args=[world.filler_b.pk]) in page
    user_page = office.get(reverse("units:user_edit", args=[world.filler_b.pk])).content.decode()
    assert "登录已锁定" in user_page and reverse("units:user_unlock", args=[world.filler_b.pk]) in user_page
    with caplog.at_level(logging.WARNING, logger="duban.security"):
        office.post(reverse("units:user_unlock", args=[world.filler_b.pk]))
    assert any("unlocked" in r.getMessage() for r in caplog.records)
    assert Event.objects.filter(kind=Kind.UNLOCK, username="office", object_id=str(world.filler_b.pk)).exists()
    assert "登录已锁定" not in office.get(reverse("units:users")).content.decode()
    office.logout()
    assert attempt(client, "filler_b", PASSWORD, ip="10.1.0.1").status_code == 302


def test_unit_users_cannot_unlock(world, login):
    response = login(world.filler_a).post(reverse("units:user_unlock", args=[world.filler_b.pk]))
    assert response.status_code == 403


def test_a_successful_login_clears_the_failures(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attempt(client, "filler_a", "wrong")
    attempt(client, "filler_a", "wrong")
    assert attempt(client, "filler_a", PASSWORD).status_code == 302
    client.logout()
    attempt(client, "filler_a", "wrong")
    attempt(client, "filler_a", "wrong")
    assert attempt(client, "filler_a", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "weak, message", [("duban2025", "密码长度太短"), (" " * 8, "密码长度太短"), ("password123", "这个密码太常见了")]
)
def test_office_user_form_refuses_weak_passwords(world, login, weak, message):
    response = login(world.office).post(
        reverse("units:user_create"),
        {
            "username": "weak",
            "display_name": "弱",
            "unit": world.unit_a.pk,
            "role": "filler",
            "password1": weak,
            "password2": weak,
        },
    )
    assert message in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_every_user_changes_their_own_password_through_the_validators(world, login):
    client = login(world.filler_a)
    assert reverse("password_change") in client.get(reverse("filings:my_rounds")).content.decode()
    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "duban2025", "new_password2": "duban2025"},
    )
    assert weak.status_code == 200 and "密码长度太短" in weak.content.decode()
    good = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Jiaojiang-filler-77", "new_password2": "Jiaojiang-filler-77"},
    )
    assert good.status_code == 302
    world.filler_a.refresh_from_db()
    assert world.filler_a.check_password("Jiaojiang-filler-77")
    assert SESSION_KEY in client.session  # still logged in after the change


def test_admin_password_change_uses_the_validators(world, client):
    admin = User.objects.create_superuser("root", password="Root-admin-pass-9", role=User.Role.ADMIN)
    client.force_login(admin)
    url = reverse(
        "admin:auth_user_password_change", args=[world.filler_a.pk]
    )  # UserAdmin names it so for any user model
    response = client.post(url, {"password1": " " * 8, "password2": " " * 8})
    assert response.status_code == 200 and "密码长度太短" in response.content.decode()
    world.filler_a.refresh_from_db()
    assert world.filler_a.check_password(PASSWORD)


def test_demo_password_passes_the_validators():
    from django.contrib.auth.password_validation import validate_password

    from documents.management.commands.load_demo import DEFAULT_PASSWORD

    validate_password(DEFAULT_PASSWORD)


def test_the_demo_tells_users_to_change_the_demo_password(db):
    import io

    from django.utils import translation

    from units.demo import load_demo

    out = io.StringIO()
    load_demo(out)
    assert "修改演示密码" in out.getvalue() and "/accounts/password/" in out.getvalue()
    with translation.override("en"):
        out = io.StringIO()
        load_demo(out)
    assert "Change the demo password" in out.getvalue() and "修改" not in out.getvalue()


def test_behind_the_proxy_addresses_come_from_its_forwarded_header(world, client, settings):
    settings.DUBAN_LOGIN_ADDRESS_LIMIT = 3
    settings.DUBAN_BEHIND_PROXY = True
    for i in range(3):  # a forged first entry does not change the address counted
        attempt(client, f"someone{i}", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 10.5.5.5")
    assert attempt(client, "office", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.5.5.5").status_code == 429
    assert attempt(client, "office", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.6.6.6").status_code == 302
