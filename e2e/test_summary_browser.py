"""The office generates a year-end summary from the demo, edits a paragraph in place (HTMX), sees the
trace of every paragraph, and exports the .docx — in a real browser."""

import io

import pytest

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def live_demo(transactional_db, live_server, seeds):
    from django.core.management import call_command

    call_command("load_demo", "--seeds", str(seeds), stdout=io.StringIO())
    return live_server


def test_office_generates_edits_and_exports_a_summary(live_demo, page):
    from docx import Document
    from playwright.sync_api import expect

    from documents.management.commands.load_demo import DEFAULT_PASSWORD
    from plans.models import Plan
    from reports.models import Paragraph

    base = live_demo.url
    plan = Plan.objects.get(title__startswith="2022年政府工作报告目标任务")
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("jiaojiang_office")  # levels: 椒江's own office (江干's sees only 江干)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()

    page.goto(f"{base}/reports/plans/{plan.pk}/")
    page.get_by_role("button", name="生成工作总结（年度）").click()
    expect(page.get_by_text("台州市椒江区卫生健康局2022年工作总结")).to_be_visible()
    item = page.locator(".para-item").filter(has_text="新增托位1380个，完成年度目标（1500个）的92%。")
    expect(item).to_have_count(1)
    item.locator("summary", has_text="来源").click()
    expect(item.locator(".trace a").first).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, ARTIFACTS / "summary-editor.png")

    # edit the （一） heading in place: HTMX swaps the form in and the saved paragraph back
    heading = page.locator(".para-heading").first
    heading.get_by_role("button", name="编辑").click()
    box = page.locator(".para.editing textarea")
    expect(box).to_be_visible()
    box.fill("（一）托育服务扩容提质")
    page.locator(".para.editing").get_by_role("button", name="保存").click()
    edited = page.locator(".para-heading").first
    expect(edited.locator(".para-text")).to_have_text("（一）托育服务扩容提质")
    expect(edited.get_by_text("已手工修改")).to_be_visible()
    assert Paragraph.objects.get(text="（一）托育服务扩容提质").edited

    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Word").click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "（一）托育服务扩容提质" in texts and "台州市椒江区卫生健康局2022年工作总结" in texts
    assert not page.js_errors and not page.static_failures
