"""The whole filing cycle in a real browser: fill → submit → sign → approve → roll-up.

The same cycle as filings/tests/test_cycle.py::test_full_cycle_submit_sign_approve, but through the
rendered pages, the login form, the header's logout button and duban.js (the 字数 counter).
"""

import re

import pytest

from conftest import PASSWORD

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

TEXT_1 = "新增托位400个"  # 8 characters → the counter shows "8 / 300"
assert len(TEXT_1) == 8
TEXT_2 = "县域内就诊率达到91.2%"


def full_page_screenshot(page, path):
    """A full-page screenshot that leaves the page clickable.

    Playwright captures a page taller than the viewport with CDP's ``captureBeyondViewport``; with
    Debian's chromium (156, older than the 159 this Playwright is built for) that leaves the browser's
    hit-testing stale — the next click lands on the parent <form> instead of the button and silently
    does nothing. So the viewport is grown to the whole page (no capture beyond it is needed) and then
    put back, which also resets the metrics should the capture still go beyond.
    """
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)


def log_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="退出")).to_be_visible()


def log_out(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="退出")).to_have_count(0)


def fill_task(page, task_text, completion, actual=None, screenshot=None):
    """From the submission page: open one task (填写), fill it, 保存并返回."""
    from playwright.sync_api import expect

    page.locator("tbody tr", has_text=task_text).get_by_role("link", name="填写").click()
    expect(page.locator(".card", has_text="目标任务")).to_contain_text(task_text)
    area = page.get_by_label("完成情况（300字以内）")
    area.fill(completion)
    # duban.js renders the live counter right after every textarea[data-maxchars].
    expect(page.locator("textarea[name=completion] + .counter")).to_have_text(f"{len(completion)} / 300")
    page.get_by_label("是否完成").select_option(label="已完成")
    page.get_by_label("完成情况自评").select_option(label="正常")
    if actual is not None:
        page.get_by_label(re.compile(r"^新增托位1900个，完成值")).fill(actual)
    if screenshot:
        full_page_screenshot(page, screenshot)
    page.get_by_role("button", name="保存并返回").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    row = page.locator("tbody tr", has_text=task_text)
    expect(row).to_contain_text(completion)
    expect(row).to_contain_text("正常")


def test_fill_submit_sign_approve_and_roll_up_in_the_browser(live_world, live_server, page):
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 填报人: 我的填报 → 填报 → each task → 提交
    log_in(page, base, world.filler_a)
    page.goto(f"{base}/my/rounds/")
    expect(page.get_by_role("heading", name="我的填报")).to_be_visible()
    page.locator("tbody tr", has_text=world.round.name).get_by_role("link", name="填报", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.unit_a.name)
    expect(page.locator(".state")).to_have_text("草稿")
    fill_task(page, world.tasks[0].text, TEXT_1, actual="400", screenshot=ARTIFACTS / "filing_form.png")
    fill_task(page, world.tasks[1].text, TEXT_2)
    expect(page.get_by_text("提交前还需完成")).to_have_count(0)
    page.get_by_label("填报人").fill("王婧")
    page.get_by_label("联系方式").fill("0576-89025399")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".state")).to_have_text("已提交")
    submission_url = page.url
    log_out(page)

    # 签发人
    log_in(page, base, world.signer_a)
    page.goto(submission_url)
    page.get_by_role("button", name="签发").click()
    expect(page.locator(".state")).to_have_text("已签发")
    log_out(page)

    # 督办员: round → 查看 → 审核通过 → 汇总表
    log_in(page, base, world.office)
    page.goto(f"{base}/rounds/{world.round.pk}/")
    unit_row = page.locator("tbody tr", has_text=world.unit_a.name)
    expect(unit_row).to_contain_text("已签发")
    unit_row.get_by_role("link", name="查看").click()
    expect(page).to_have_url(submission_url)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".state")).to_have_text("已审核")
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)

    page.goto(f"{base}/rounds/{world.round.pk}/rollup/")
    table = page.locator(".rollup table")
    expect(table).to_contain_text("截止4月15日")
    for task, text in ((world.tasks[0], TEXT_1), (world.tasks[1], TEXT_2)):
        row = table.locator("tbody tr", has_text=task.text)
        expect(row.locator("td").nth(2)).to_have_text(text)
        expect(row.locator("td").nth(4)).to_have_text("正常")
        expect(row).to_contain_text(world.unit_a.name)
    full_page_screenshot(page, ARTIFACTS / "rollup.png")

    page.get_by_role("link", name="返回轮次").click()
    expect(page.locator("tbody tr", has_text=world.unit_a.name).locator(".state")).to_have_text("已审核")
    expect(page.locator("tbody tr", has_text=world.unit_a.name)).to_contain_text("王婧")
    assert page.js_errors == []
    assert page.static_failures == []

    from filings.models import Submission

    submission = Submission.objects.get(round=world.round, unit=world.unit_a)
    assert submission.state == Submission.State.APPROVED and submission.signer == world.signer_a
    assert submission.filings.get(task=world.tasks[0]).actuals.get().value == 400
