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


def nav_more(page, name):
    """Follow one of the office's less-used pages from the bar's 更多 menu (上报汇总, 公开发布, 单位, 用户)."""
    page.locator("header nav details.nav-more > summary").click()
    page.locator("header nav details.nav-more").get_by_role("link", name=name).click()


def log_out(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="退出")).to_have_count(0)


def fill_row(page, task_text, completion, actual=None):
    """On the sheet: fill one task's row and save it in place (HTMX), without leaving the page."""
    from playwright.sync_api import expect

    row = page.locator(".sheet-row", has_text=task_text)
    area = row.get_by_label("完成情况（300字以内）")
    area.fill(completion)
    # duban.js renders the live counter right after every textarea[data-maxchars].
    expect(row.locator("textarea[name$=completion] + .counter")).to_have_text(f"{len(completion)} / 300")
    expect(row).to_have_attribute("data-state", "dirty")  # a typed, unsaved row is marked
    row.get_by_label("是否完成").select_option(label="已完成")
    row.get_by_label("完成情况自评").select_option(label="正常")
    if actual is not None:
        row.get_by_label(re.compile(r"^新增托位1900个，完成值")).fill(actual)
    url = page.url
    row.get_by_role("button", name="保存此行").click()
    row = page.locator(".sheet-row", has_text=task_text)
    expect(row).to_have_attribute("data-state", "saved")
    expect(row.locator(".st-saved")).to_have_text("已保存")
    assert page.url == url  # saved in place


def test_sheet_fill_return_fix_sign_approve_and_official_roll_up_in_the_browser(live_world, live_server, page):
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    from conftest import fill_ready
    from filings.models import Submission

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Another unit's draft: it must never reach the official table.
    other = Submission.objects.open_for(world.round, world.unit_b)
    fill_ready(other.filings.get(), world.filler_b, completion="B单位的草稿内容")

    # 填报人: 待办 → the round → every task on one sheet, row by row → 提交
    log_in(page, base, world.filler_a)
    expect(page.get_by_role("heading", level=1)).to_contain_text("待办")
    page.get_by_role("link", name=re.compile(world.round.name)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.unit_a.name)
    expect(page.locator(".sheet-meta .state")).to_have_text("草稿")
    expect(page.locator(".sheet-row")).to_have_count(2)
    page.get_by_role("button", name="未填写").click()
    page.get_by_role("button", name="下一未填").click()
    expect(
        page.locator(".sheet-row", has_text=world.tasks[0].text).get_by_label("完成情况（300字以内）")
    ).to_be_focused()
    fill_row(page, world.tasks[0].text, TEXT_1, actual="400")
    fill_row(page, world.tasks[1].text, "县域内就诊率待统计")
    page.reload()
    page.get_by_label("填报人").fill("王婧")
    page.get_by_label("联系方式").fill("0576-89025399")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".sheet-meta .state")).to_have_text("已提交")
    submission_url = page.url
    log_out(page)

    # 签发人: 退回 with a comment
    log_in(page, base, world.signer_a)
    page.get_by_role("link", name=re.compile(world.round.name)).first.click()
    expect(page).to_have_url(submission_url)
    expect(page.locator(".sheet-row", has_text=world.tasks[1].text)).to_contain_text("县域内就诊率待统计")
    page.get_by_label("退回意见").fill("第2项请填写就诊率数据")
    page.get_by_role("button", name="退回").click()
    expect(page.locator(".sheet-meta .state")).to_have_text("已退回")
    log_out(page)

    # 填报人: sees the comment, fixes row 2, resubmits
    log_in(page, base, world.filler_a)
    expect(page.locator(".todo").first).to_contain_text("第2项请填写就诊率数据")
    page.goto(submission_url)
    fill_row(page, world.tasks[1].text, TEXT_2)
    page.reload()
    page.get_by_label("填报人").fill("王婧")
    page.get_by_label("联系方式").fill("0576-89025399")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".sheet-meta .state")).to_have_text("已提交")
    log_out(page)

    # 签发人: 签发
    log_in(page, base, world.signer_a)
    page.goto(submission_url)
    page.get_by_role("button", name="签发").click()
    expect(page.locator(".sheet-meta .state")).to_have_text("已签发")
    log_out(page)

    # 督办员: 待办 → 审核通过 → the official roll-up
    log_in(page, base, world.office)
    expect(page.locator(".todo").first).to_contain_text(world.unit_a.name)
    page.goto(submission_url)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".sheet-meta .state")).to_have_text("已审核")
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)

    page.goto(f"{base}/documents/rounds/{world.round.pk}/rollup/")
    table = page.locator(".rollup table")
    expect(table).to_contain_text("截止4月15日")
    for task, text in ((world.tasks[0], TEXT_1), (world.tasks[1], TEXT_2)):
        row = table.locator("tbody tr", has_text=task.text)
        expect(row.locator("td").nth(2)).to_have_text(text)
        expect(row.locator("td").nth(4)).to_have_text("正常")
    expect(table).not_to_contain_text("B单位的草稿内容")
    expect(table.locator("tbody tr", has_text=world.tasks[2].text)).to_contain_text("未报送")
    full_page_screenshot(page, ARTIFACTS / "rollup.png")
    assert page.js_errors == []
    assert page.static_failures == []
    assert len(page.dialogs) == 5  # 提交, 退回, 提交, 签发, 审核通过 each asked first

    from filings.models import Submission

    submission = Submission.objects.get(round=world.round, unit=world.unit_a)
    assert submission.state == Submission.State.APPROVED and submission.signer == world.signer_a
    assert submission.filings.get(task=world.tasks[0]).actuals.get().value == 400
    assert list(submission.reviews.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "sign",
        "approve",
    ]


def test_sheet_to_do_and_submission_fit_a_phone(live_world, live_server, browser):
    """390 px wide: no sideways scrolling of the page; rows fold into cards. Screenshots are kept."""
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        log_in(page, base, world.filler_a)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "phone-todo-390.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_role("link", name=re.compile(world.round.name)).first.click()
        row = page.locator(".sheet-row").first
        expect(row).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = row.bounding_box()
        assert box["width"] <= 390
        # One column: the fields sit below the task text, not beside it.
        task_box = row.locator(".c-task").bounding_box()
        fields_box = row.locator(".c-fields").bounding_box()
        assert fields_box["y"] >= task_box["y"] + task_box["height"] - 1
        page.screenshot(path=ARTIFACTS / "phone-sheet-390.png", full_page=True)
        assert (ARTIFACTS / "phone-sheet-390.png").stat().st_size > 10_000
    finally:
        context.close()
