"""Under the Content-Security-Policy, in a real browser: the behaviour moved out of inline handlers still works
(language switch, import preview's round choice) without a single CSP violation, and wrong passwords lock the
login with the wait time shown."""

import re

import pytest

from conftest import PASSWORD

from .test_cycle_browser import log_in

pytestmark = pytest.mark.browser


def test_no_inline_script_needed_and_logins_lock_out(live_world, live_server, page, settings):
    from playwright.sync_api import expect

    from documents.models import PendingImport

    world, base = live_world, live_server.url
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))

    log_in(page, base, world.office)
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("select[name=language]").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    pending = PendingImport.objects.create(
        uploaded_by=world.office,
        filename="yuhuan.txt",
        parsed={
            "kind": "status_table",
            "title": "2025年第一季度重点工作完成情况表",
            "sections": [],
            "indicators": [],
            "text": "",
            "metadata": {},
        },
    )
    page.goto(f"{base}/documents/import/{pending.pk}/")
    page.locator("select[data-reload-param=round]").select_option(str(world.round.pk))
    expect(page).to_have_url(re.compile(rf"\?round={world.round.pk}$"))
    page.get_by_role("button", name="退出").click()

    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("用户名").fill(world.filler_a.username)
        page.get_by_label("密码").fill("not-the-password")
        page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录已暂时锁定")
    expect(page.locator("main")).to_contain_text("15 分钟后再试")
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(world.filler_a.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录已暂时锁定")
    assert violations == []
