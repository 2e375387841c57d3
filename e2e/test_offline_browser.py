"""一表填报 in a real browser: the filler downloads the sheet as .xlsx, fills it (as Excel would, with
openpyxl), uploads it, sees the change in the preview, confirms, and the sheet and the history show it."""

import pytest
from openpyxl import load_workbook

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot, log_in

pytestmark = pytest.mark.browser

TEXT = "新增托位412个，完成年度目标的21.7%。"


def test_a_filler_fills_the_sheet_offline_and_uploads_it(transactional_db, world, live_server, page, tmp_path):
    from playwright.sync_api import expect

    from filings.models import Filing, Submission

    submission = Submission.objects.open_for(world.round, world.unit_a)
    log_in(page, live_server.url, world.filler_a)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    with page.expect_download() as caught:
        page.get_by_role("link", name="下载离线填报表").click()
    path = tmp_path / "offline.xlsx"
    caught.value.save_as(path)

    book = load_workbook(path)
    for row in book["填报表"].iter_rows(min_row=4):
        if row[2].value == world.tasks[0].text:
            row[3].value, row[4].value, row[7].value, row[8].value = TEXT, "是", "超前", 412
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    page.get_by_role("link", name="上传离线填报表").click()
    page.get_by_label("填好的离线填报表（.xlsx）").set_input_files(str(filled))
    page.get_by_role("button", name="上传并预览").click()
    preview = page.locator("table.offline-preview")
    expect(preview).to_contain_text(TEXT)
    expect(preview).to_contain_text("将保存")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, ARTIFACTS / "offline-preview.png")
    assert (
        Filing.objects.get(submission=submission, task=world.tasks[0]).version == 0
    )  # nothing saved before confirming
    page.get_by_role("button", name="确认导入 1 项").click()
    expect(page.locator(".messages")).to_contain_text("已导入 1 项")
    expect(page.locator(".sheet-row", has_text=world.tasks[0].text).locator("textarea").first).to_have_value(TEXT)
    filing = Filing.objects.get(submission=submission, task=world.tasks[0])
    assert filing.version == 1 and filing.self_assessment == "ahead" and filing.actuals.get().value == 412
    page.goto(f"{live_server.url}/filings/{filing.pk}/history/")
    expect(page.locator("main")).to_contain_text("412")
    assert not page.js_errors and not page.static_failures
