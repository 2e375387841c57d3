"""政府信息公开 in a real browser: the office publishes the demo's approved 玉环 round after masking a
planted phone number; an anonymous visitor opens it, downloads the .docx and sends feedback; the
office sees the feedback.
"""

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot, log_in, log_out, nav_more

pytestmark = pytest.mark.browser

PHONE = "13812341234"


@pytest.fixture
def demo(transactional_db, live_server, seeds):
    """The base demo (documents' load_demo without the publishing step), committed for the live server."""
    from conftest import PASSWORD
    from documents.management.commands.load_demo import Command
    from filings.models import Filing

    Command().load(seeds, PASSWORD)
    filing = (
        Filing.objects.filter(submission__round__plan__issuer__name="玉环市卫生健康局", submission__state="approved")
        .order_by("task__order")
        .first()
    )
    Filing.objects.filter(pk=filing.pk).update(completion=filing.completion + f"咨询电话{PHONE}。")
    # Each bureau's office publishes its own rounds: the 玉环 office (levels: 江干's office sees only 江干).
    from conftest import make_user
    from units.models import Unit, User

    office = make_user("yuhuan_publisher", Unit.objects.get(name="玉环市卫生健康局"), User.Role.OFFICE)
    return SimpleNamespace(office=office)


def test_office_publishes_visitor_downloads_and_writes_back(demo, live_server, page):
    from playwright.sync_api import expect

    base = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 督办员: 公开发布 → 玉环 round → catalogue → 隐私审查 → mask the phone → 发布
    log_in(page, base, demo.office)
    nav_more(page, "公开发布")
    page.locator("tbody tr", has_text="2025年第一季度").get_by_role("link", name="公开完成情况表").click()
    page.get_by_label("手工录入").check()
    page.get_by_label("索引号：", exact=True).fill("11331021355386184W/2025-141459")
    page.get_by_label("组配分类：").select_option("计划总结")
    page.get_by_role("button", name="保存并进行隐私审查").click()
    hit = page.locator("tr.hit", has_text=PHONE)
    expect(hit).to_contain_text("手机号")
    expect(page.get_by_role("button", name="发布", exact=True)).to_have_count(0)  # blocked until resolved
    hit.get_by_role("button", name="遮盖为 138****1234").click()
    expect(page.locator("tr.hit", has_text="138****1234")).to_contain_text("遮盖")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已发布第1版")
    log_out(page)

    # Anonymous visitor: /public/ → the item → .docx → feedback
    page.goto(f"{base}/public/")
    page.get_by_role("link", name=re.compile("玉环市卫生健康局2025年第一季度")).click()
    expect(page.locator(".gk-catalogue")).to_contain_text("11331021355386184W/2025-141459")
    expect(page.locator(".gk-catalogue")).to_contain_text("主动公开")
    table = page.locator(".gk-table")
    expect(table).to_contain_text("138****1234")
    expect(table).not_to_contain_text(PHONE)
    full_page_screenshot(page, ARTIFACTS / "public_item.png")
    # on a phone the page keeps to the screen: the catalogue folds, the table scrolls in its own box
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    full_page_screenshot(page, ARTIFACTS / "public_item_390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"\.docx$")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    import docx

    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    cells = " ".join(cell.text for t in document.tables for row in t.rows for cell in row.cells)
    assert "138****1234" in cells and PHONE not in cells

    from captcha.models import CaptchaStore

    page.get_by_label("姓名：").fill("王五")
    page.get_by_label("联系方式：").fill("13700001234")
    page.get_by_label("*内容（1000字以内）：").fill("请问第一季度托位建设何时完成？")
    key = page.locator("input[name=captcha_0]").get_attribute("value")
    page.get_by_label("*验证码：").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="提交留言").click()
    message = page.locator(".gk-messages")
    expect(message).to_contain_text("回执号：")
    receipt = re.search(r"\d{8}-[A-Z0-9]{6}", message.inner_text()).group(0)
    expect(page.locator("body")).not_to_contain_text("请问第一季度托位建设何时完成")

    # 督办员 sees it
    log_in(page, base, demo.office)
    nav_more(page, "公开发布")
    page.get_by_role("link", name=re.compile("公众留言")).click()
    row = page.locator("tbody tr", has_text=receipt)
    expect(row).to_contain_text("请问第一季度托位建设何时完成？")
    expect(row).to_contain_text("13700001234")
    expect(row).to_contain_text("新留言")
    assert page.js_errors == []
    assert page.static_failures == []
