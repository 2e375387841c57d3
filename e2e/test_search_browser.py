"""The search box in the navigation bar, in a real browser: 托位 finds the task and the filing,
highlighted, and the hit opens the filing in its round; another unit's filler finds none of it."""

import pytest

from conftest import fill_ready

from .conftest import ARTIFACTS
from .test_cycle_browser import log_in

pytestmark = pytest.mark.browser


def test_nav_search_finds_highlights_and_opens_the_filing(live_world, live_server, page):
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    from filings.models import Submission

    submission = Submission.objects.open_for(world.round, world.unit_a)
    filing = fill_ready(
        submission.filings.get(task=world.tasks[0]),
        world.filler_a,
        completion="新增普惠托位120个，家庭医生签约服务持续推进。",
    )

    log_in(page, base, world.office)
    box = page.locator("form.nav-search input[name=q]")
    box.fill("托位")
    box.press("Enter")
    expect(page.locator(".search-hits li")).to_have_count(2)
    expect(page.locator(".search-hits mark").first).to_have_text("托位")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"))
    page.locator(".search-hits li", has_text="填报").get_by_role("link").first.click()
    expect(page).to_have_url(f"{base}/filings/{filing.pk}/")

    page.context.clear_cookies()
    log_in(page, base, world.filler_b)
    page.goto(f"{base}/search/?q=托位")
    expect(page.get_by_text("没有找到")).to_be_visible()
    assert not page.js_errors
