"""代录入 in a real browser: the office downloads the round's table from the round's page, keys in two units'
paper forms (as Excel would, with openpyxl), uploads it, sees the preview by unit, confirms, and the unit's
sheet and the filing's history show the new text as a version keyed in by the office."""

import pytest
from openpyxl import load_workbook

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot, log_in

pytestmark = pytest.mark.browser

TEXT_A = "纸质报表：新增托位520个，完成年度目标的27.4%。"
TEXT_B = "纸质报表：建成急救站点3个。"


def test_the_office_keys_in_paper_forms_through_the_round_table(transactional_db, world, live_server, page, tmp_path):
    from playwright.sync_api import expect

    from filings.models import Filing, Submission

    log_in(page, live_server.url, world.office)
    page.goto(f"{live_server.url}{world.round.get_absolute_url()}")
    keying = page.locator(".offline-keying")
    expect(keying).to_contain_text("代录入纸质报表")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, ARTIFACTS / "offline-round-page.png")
    with page.expect_download() as caught:
        keying.get_by_role("link", name="下载离线填报表").click()
    path = tmp_path / "round.xlsx"
    caught.value.save_as(path)

    book = load_workbook(path)
    for row in book["填报表"].iter_rows(min_row=4):  # A key, B 序号, C 目标任务, D 责任单位, E 完成情况, F 是否完成 …
        if row[2].value == world.tasks[0].text:
            assert row[3].value == world.unit_a.name
            row[4].value, row[5].value, row[8].value, row[9].value = TEXT_A, "是", "超前", 520
        if row[2].value == world.tasks[2].text:
            row[4].value, row[5].value = TEXT_B, "是"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    keying.get_by_role("link", name="上传离线填报表").click()
    page.get_by_label("填好的离线填报表（.xlsx）").set_input_files(str(filled))
    page.get_by_role("button", name="上传并预览").click()
    preview = page.locator("table.offline-preview")
    expect(preview.locator("tbody.offline-unit", has_text=world.unit_a.name)).to_contain_text(TEXT_A)
    expect(preview.locator("tbody.offline-unit", has_text=world.unit_b.name)).to_contain_text(TEXT_B)
    full_page_screenshot(page, ARTIFACTS / "offline-round-preview.png")
    assert not Filing.objects.filter(completion__in=[TEXT_A, TEXT_B]).exists()  # nothing saved before confirming
    page.get_by_role("button", name="确认导入 2 项").click()
    expect(page.locator(".messages")).to_contain_text("已代录入 2 项")

    submission = Submission.objects.get(round=world.round, unit=world.unit_a)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text(TEXT_A)
    filing = Filing.objects.get(submission=submission, task=world.tasks[0])
    assert filing.version == 1 and filing.updated_by == world.office and filing.actuals.get().value == 520
    page.goto(f"{live_server.url}/filings/{filing.pk}/history/")
    version = page.locator(".card.version").first
    expect(version).to_contain_text("第 1 版")
    expect(version).to_contain_text("督办员代录入（纸质报表）")
    expect(version).to_contain_text(TEXT_A)
    full_page_screenshot(page, ARTIFACTS / "offline-round-history.png")
    assert not page.js_errors and not page.static_failures
