"""In a real browser under the CSP: the administrator reaches 安全审计 from the 更多 menu and sees a failed login
there; a user enrols a TOTP authenticator from the QR code page (the QR image shows without a CSP violation)."""

import pytest

from conftest import PASSWORD

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot, log_in, nav_more

pytestmark = pytest.mark.browser


def test_the_administrator_reads_the_audit_log_and_a_user_enrols_a_second_factor(live_world, live_server, page):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    from units.models import User

    world, base = live_world, live_server.url
    User.objects.create_user(
        "sysadmin", password=PASSWORD, role=User.Role.ADMIN, unit=world.bureau, display_name="系统管理员"
    )
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("filler_a")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    log_in(page, base, User.objects.get(username="sysadmin"))
    nav_more(page, "安全审计")
    expect(page.get_by_role("heading", level=1)).to_have_text("安全审计")
    expect(page.locator("table")).to_contain_text("登录失败")
    expect(page.locator("table")).to_contain_text("filler_a")
    full_page_screenshot(page, ARTIFACTS / "audit-log.png")
    page.get_by_role("button", name="退出").click()

    log_in(page, base, world.filler_a)
    page.goto(f"{base}/accounts/otp/setup/")
    expect(page.get_by_role("img", name="二维码")).to_be_visible()
    assert page.get_by_role("img", name="二维码").evaluate(
        "img => img.complete && img.naturalWidth > 100"
    )  # the QR really decodes
    full_page_screenshot(page, ARTIFACTS / "otp-setup.png")
    device = TOTPDevice.objects.get(user=world.filler_a, confirmed=False)
    page.get_by_label("动态验证码").fill(
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    )
    page.get_by_role("button", name="确认启用").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("恢复码")
    assert page.locator("ul.codes li").count() == 10
    assert violations == []
