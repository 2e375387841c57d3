"""A clerk's working day in the browser (issue 21): filters, confirmations, English pages."""

import pytest

from .test_cycle_browser import log_in

pytestmark = pytest.mark.browser


def test_sheet_filters_hide_and_show_rows(live_world, live_server, page):
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    from conftest import fill_ready
    from filings.models import Submission

    submission = Submission.objects.open_for(world.round, world.unit_a)
    # Row 1 filled with a figure the check flags (完成进度100% on an unfinished task); row 2 left empty.
    filing = submission.filings.get(task=world.tasks[0])
    fill_ready(filing, world.filler_a, completion="新增托位400个，完成进度100%。", completed=False, reason="场地未落实")
    log_in(page, base, world.filler_a)
    page.goto(f"{base}{submission.get_absolute_url()}")
    rows = page.locator(".sheet-row")
    first, second = rows.filter(has_text=world.tasks[0].text), rows.filter(has_text=world.tasks[1].text)
    expect(first).to_be_visible()
    expect(second).to_be_visible()
    page.get_by_role("button", name="未填写").click()
    expect(first).to_be_hidden()
    expect(second).to_be_visible()
    page.get_by_role("button", name="有提示").click()
    expect(first).to_be_visible()
    expect(second).to_be_hidden()
    page.get_by_role("button", name="全部").click()
    expect(first).to_be_visible()
    expect(second).to_be_visible()
    assert not page.js_errors
