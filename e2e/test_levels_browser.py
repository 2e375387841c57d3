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
    expect(total.locator("td").nth(0)).to_have_text("1900")  # the city's own target, not 600 + 400
    expect(total.locator("td").nth(1)).to_have_text("1000")  # 620 + 380 托位
    expect(total.locator("td").nth(4)).to_have_text("83")  # the rate recomputed from the parts, as written
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


def test_the_upward_path_and_a_districts_dispute_of_its_city_score_through_the_pages(
    transactional_db,
    city,  # noqa: F811
    live_server,
    page,
):
    """The city splits a task whose targets do not add up and is told; 玉环 sends up, the city returns it
    with a comment, 玉环 sends again, the city approves; 玉环 opens the city's ledger of itself, raises an
    异议, the city accepts it and the score changes with the reason."""
    import datetime
    from decimal import Decimal

    from playwright.sync_api import expect

    from levels.models import UpwardReport
    from levels.tests.fixtures import approve_district_round
    from scoring import services as scoring
    from scoring.models import ScoreLine

    w, url = city, live_server.url
    approve_district_round(
        w.yh_round, w.yh, (w.yh_filler, w.yh_signer, w.yh_office), {w.yh_beds: Decimal(380), w.yh_rate: Decimal(80)}
    )

    log_in(page, url, w.city_office)
    page.goto(f"{url}/levels/tasks/{w.beds.pk}/split/")
    page.get_by_label("椒江 · 托位（个）").fill("700")
    page.get_by_role("button", name="保存分解").click()
    expect(page.locator(".messages")).to_contain_text("分解目标合计 1100 个，市级目标 1900 个")
    log_out(page)

    log_in(page, url, w.yh_office)
    nav_more(page, "上报汇总")
    page.get_by_role("button", name="上报（冻结当前已审核内容）").click()
    expect(page.locator("main")).to_contain_text("已上报")
    log_out(page)

    report = UpwardReport.objects.get(district=w.yh)
    log_in(page, url, w.city_office)
    page.goto(f"{url}/levels/reports/{report.pk}/")
    page.get_by_label("退回意见").fill("托位数与备案数不一致，请核对后重新上报。")
    page.get_by_role("button", name="退回").click()
    expect(page.locator("main")).to_contain_text("已退回")
    log_out(page)

    log_in(page, url, w.yh_office)
    page.goto(f"{url}/levels/reports/{report.pk}/")
    expect(page.locator("main")).to_contain_text("托位数与备案数不一致")
    nav_more(page, "上报汇总")
    page.get_by_role("button", name="上报（冻结当前已审核内容）").click()
    log_out(page)

    log_in(page, url, w.city_office)
    page.goto(f"{url}/levels/reports/{report.pk}/")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("main")).to_contain_text("已审核")
    log_out(page)
    assert UpwardReport.objects.get(pk=report.pk).state == UpwardReport.State.APPROVED

    scheme = scoring.scheme_for(w.city, 2025)
    ScoreLine.objects.create(
        scheme=scheme,
        key="returned:yh",
        unit=w.yh,
        on=datetime.date(2025, 7, 10),
        event="returned",
        rule="returned",
        points=Decimal("-2.00"),
    )
    log_in(page, url, w.yh_office)
    page.get_by_role("link", name="目标考核").click()
    page.get_by_role("link", name=re.compile("台州")).click()
    expect(page.locator("h1")).to_contain_text("玉环")
    expect(page.locator("strong").first).to_have_text("78.00")
    page.get_by_label("异议内容").fill("退回系市级系统故障所致，请核减。")
    page.get_by_role("button", name="提出异议").click()
    log_out(page)

    log_in(page, url, w.city_office)
    page.goto(f"{url}/scoring/{scheme.pk}/units/{w.yh.pk}/")
    page.locator("textarea[name=answer]").fill("经核实属系统故障，予以核减。")
    page.locator("select[name=decision]").select_option("accept")
    page.get_by_role("button", name="答复").click()
    log_out(page)

    log_in(page, url, w.yh_office)
    page.goto(f"{url}/scoring/{scheme.pk}/units/{w.yh.pk}/")
    expect(page.locator("strong").first).to_have_text("80.00")
    expect(page.locator("main")).to_contain_text("经核实属系统故障")
    assert not page.js_errors and not page.static_failures
