"""双因素认证 (TOTP): enrolment with recovery codes, the code after the password, roles that must use it."""

import datetime

import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Event, Kind, Outcome
from conftest import PASSWORD

NOON = datetime.datetime(2025, 6, 2, 4, 0, tzinfo=datetime.UTC)


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):0{device.digits}d}"


def _log_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def _enrol(client):
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post(reverse("otp_setup"), {"code": _code(device)})
    return device, page


def test_a_user_enrols_with_a_code_and_gets_recovery_codes(world, client):
    with time_machine.travel(NOON, tick=False) as clock:
        _log_in(client, world.filler_a)
        page = client.get(reverse("otp_setup")).content.decode()
        assert "otpauth://totp/" in page and "data:image/svg+xml" in page
        wrong = client.post(reverse("otp_setup"), {"code": "000000"})
        assert "验证码不正确" in wrong.content.decode()
        clock.shift(datetime.timedelta(seconds=5))  # past the throttle a wrong code starts
        device, page = _enrol(client)
        device.refresh_from_db()
        assert device.confirmed and page.status_code == 200 and "no-store" in page["Cache-Control"]
        assert page.content.decode().count("<li><code>") == 10
        assert Event.objects.filter(kind=Kind.SECOND_FACTOR, action="enrol", username="filler_a").exists()


def test_login_asks_for_the_code_when_the_user_has_a_device(world, client):
    with time_machine.travel(NOON, tick=False):
        _log_in(client, world.filler_a)
        device, _page = _enrol(client)
        client.post("/accounts/logout/")
    with time_machine.travel(NOON + datetime.timedelta(minutes=5), tick=False):
        assert _log_in(client, world.filler_a).status_code == 302
        blocked = client.get(reverse("filings:my_rounds"))
        assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("otp_verify"))
        assert client.get("/api/plans").status_code == 401  # the session is not yet good for the API either
        assert "验证码不正确" in client.post(reverse("otp_verify"), {"code": "123456"}).content.decode()
    with time_machine.travel(NOON + datetime.timedelta(minutes=5, seconds=5), tick=False):
        device.refresh_from_db()
        ok = client.post(reverse("otp_verify"), {"code": _code(device), "next": reverse("filings:my_rounds")})
        assert ok.status_code == 302 and ok["Location"] == reverse("filings:my_rounds")
        assert client.get(reverse("filings:my_rounds")).status_code == 200
    outcomes = list(
        Event.objects.filter(kind=Kind.SECOND_FACTOR, action="verify").order_by("pk").values_list("outcome", flat=True)
    )
    assert outcomes == [Outcome.FAILURE, Outcome.SUCCESS]


def test_a_recovery_code_works_once_in_place_of_the_app(world, client):
    with time_machine.travel(NOON, tick=False):
        _log_in(client, world.filler_a)
        _device, page = _enrol(client)
        codes = [line.split("</code>")[0] for line in page.content.decode().split("<li><code>")[1:]]
        client.post("/accounts/logout/")
        _log_in(client, world.filler_a)
        assert client.post(reverse("otp_verify"), {"code": codes[0]}).status_code == 302
        assert client.get(reverse("filings:my_rounds")).status_code == 200
        client.post("/accounts/logout/")
        _log_in(client, world.filler_a)
        assert "验证码不正确或已使用" in client.post(reverse("otp_verify"), {"code": codes[0]}).content.decode()


def test_a_user_with_a_device_cannot_skip_the_code_by_enrolling_again(world, client):
    with time_machine.travel(NOON, tick=False):
        _log_in(client, world.filler_a)
        _enrol(client)
        client.post("/accounts/logout/")
        _log_in(client, world.filler_a)
        response = client.get(reverse("otp_setup"))
        assert response.status_code == 302 and response["Location"] == reverse("otp_verify")


@time_machine.travel(NOON, tick=False)
def test_a_role_that_requires_the_second_factor_must_enrol_first(world, client, settings):
    settings.DUBAN_OTP_REQUIRED_ROLES = ["office", "admin"]
    _log_in(client, world.office)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))
    assert "您的角色须使用双因素认证" in client.get(reverse("otp_setup")).content.decode()
    _enrol(client)
    assert client.get(reverse("plans:list")).status_code == 200
    other = client.__class__()
    _log_in(other, world.filler_a)  # fillers are not required
    assert other.get(reverse("filings:my_rounds")).status_code == 200
