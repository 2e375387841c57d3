"""The city office's wide table and ranking in a real browser; a district filler cannot open the city view."""

import re

import pytest

from levels.tests.fixtures import city, report_both  # noqa: F401  (fixture)

from .test_cycle_browser import log_in, log_out, nav_more

pytestmark = pytest.mark.browser


@pytest.fixture
def live_city(transactional_db, city, live_server):  # noqa: F811
    from scoring import services

    report_both(city)
    services.recompute(services.scheme_for(city.city, 2025))
    return city


def test_city_office_sees_the_wide_table_and_ranking_and_a_district_filler_does_not(live_city, live_server, page):
    from playwright.sync_api import expect

    w = live_city
    log_in(page, live_server.url, w.city_office)
    nav_more(page, "上报汇总")
    page.get_by_role("link", name=re.compile("2025年上半年")).click()
    table = page.locator("#city-wide")
    total = table.locator("tr.total")
    expect(total.locator("th")).to_have_text("全市")
    expect(total.locator("td").nth(1)).to_have_text("1000")  # 620 + 380 托位
    expect(total.locator("td").nth(4)).to_have_text("83.00")  # the rate recomputed from the parts
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").nth(1).locator("td").last).to_have_text("1")  # 椒江 ranks first
    page.get_by_role("link", name="目标考核").click()
    ranking = page.locator("table.ranking")
    expect(ranking.get_by_role("link", name="椒江区卫生健康局")).to_be_visible()
    expect(ranking.get_by_role("link", name="玉环市卫生健康局")).to_be_visible()
    ranking.get_by_role("link", name="玉环市卫生健康局").click()
    expect(page.locator("table.ledger tbody tr").first).to_be_visible()
    log_out(page)

    log_in(page, live_server.url, w.jj_filler)
    expect(page.get_by_role("link", name="上报汇总")).to_have_count(0)
    response = page.goto(f"{live_server.url}/levels/rounds/{w.city_round.pk}/")
    assert response.status == 403
    expect(page.locator("table#city-wide")).to_have_count(0)
    assert not page.js_errors and not page.static_failures
