"""The office's round dashboard and a task's history in a real browser: ECharts drawn, tables, 一键催办.

charts.js draws every ``[data-chart]`` element with ECharts' SVG renderer, so a drawn chart is an
``<svg>`` inside the element (there is no <canvas>); the table beside each chart carries the same
figures, and is what the test reads the numbers from.
"""

import datetime
import re

import pytest

from conftest import fill_ready

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot, log_in

pytestmark = pytest.mark.browser


def make_filings(world):
    """医政医管科 submitted late with a lagging, flagged task; 区疾控中心 has not started (overdue)."""
    from filings.models import Submission

    round_ = world.round
    round_.due = datetime.date(2025, 4, 20)
    round_.save()
    world.filler_b.email = "filler_b@example.cn"  # a recipient for 催办
    world.filler_b.save()
    submission = Submission.objects.open_for(round_, world.unit_a)
    lagging = submission.filings.get(task=world.tasks[0])
    # 100 of 1900 on 15 April: behind the 序时进度, self-assessed 正常, and the text says 336 → flagged.
    assert lagging.save_edit(
        world.filler_a,
        0,
        {
            "completion": "新增托位336个。",
            "completed": False,
            "reason": "推进中",
            "problems": "",
            "self_assessment": "on_track",
        },
        {world.indicator: 100},
    )
    fill_ready(submission.filings.get(task=world.tasks[1]), world.filler_a)
    submission.submit(world.filler_a, "王婧", "0576-89025399")
    return submission


def chart(page, kind, part=None):
    selector = f'[data-chart="{kind}"]' + (f'[data-part="{part}"]' if part else "")
    return page.locator(selector)


def expect_drawn(locator, *texts):
    """ECharts rendered an SVG with marks in it (and, optionally, these labels)."""
    from playwright.sync_api import expect

    svg = locator.locator("svg")
    expect(svg).to_have_count(1)
    expect(svg.locator("path").first).to_be_attached()
    box = svg.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, box
    for text in texts:
        expect(svg.locator("text", has_text=text).first).to_be_attached()


def table_beside(page, kind, part=None):
    return chart(page, kind, part).locator("xpath=following-sibling::table[1]")


def test_round_dashboard_charts_tables_and_remind_in_the_browser(live_world, live_server, page):
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    make_filings(world)
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    log_in(page, base, world.office)
    page.goto(f"{base}/supervision/rounds/{world.round.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("督办看板")

    # 报送状态: the bar chart and its table (one submitted, one not started, both late)
    expect_drawn(chart(page, "status"), "已提交", "未开始")
    status = table_beside(page, "status")
    for name, value in (("未开始", "1"), ("已提交", "1"), ("已签发", "0"), ("逾期", "2")):
        expect(
            status.locator("tr", has=page.locator("th", has_text=re.compile(f"^{re.escape(name)}$"))).locator("td")
        ).to_have_text(value)

    # by section: 完善健康服务体系 has the two tasks of 医政医管科, one completed, one lagging
    expect_drawn(chart(page, "rates", "sections"), "一、完善健康服务体系")
    row = table_beside(page, "rates", "sections").locator("tbody tr", has_text="完善健康服务体系")
    expect(row.locator("td")).to_have_text(["一、完善健康服务体系", "2", "50.0%", "0.0%", "50.0%", "1"])
    expect_drawn(chart(page, "rates", "units"), "医政医管科", "区疾控中心")
    row = table_beside(page, "rates", "units").locator("tbody tr", has_text="医政医管科")
    expect(row.locator("td")).to_have_text(["医政医管科", "2", "50.0%", "0.0%", "50.0%", "1"])

    # the lagging, flagged task with the figures used, and the overdue unit
    attention = page.locator("#attention tbody tr", has_text=world.tasks[0].text)
    expect(attention).to_contain_text("100个/1900个")
    expect(attention.locator(".flags")).to_contain_text("336")
    expect(page.locator("#unit-grid tbody tr", has_text="区疾控中心")).to_contain_text("逾期未报")

    # 一键催办 → a log row for 区疾控中心 (医政医管科 has filed, so it is not reminded)
    expect(page.locator("#reminders tbody")).to_contain_text("尚无")
    page.get_by_role("button", name="一键催办（全部逾期单位）").click()
    # By day the reminder is sent; at night (the live server runs on the wall clock) it is held until morning.
    expect(page.locator(".messages")).to_contain_text(re.compile("已催办 1 个单位|夜间暂缓 1 条"))
    log = page.locator("#reminders tbody tr")
    expect(log).to_have_count(1)
    expect(log).to_contain_text("区疾控中心")
    expect(log).to_contain_text("filler_b@example.cn")
    expect_drawn(chart(page, "status"))  # charts still drawn after the redirect
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)  # let ECharts' entry animation finish before the screenshot
    full_page_screenshot(page, ARTIFACTS / "dashboard.png")

    # the task's history: line chart of the actual against the target
    page.locator("#attention tbody tr", has_text=world.tasks[0].text).get_by_role(
        "link", name=world.tasks[0].number, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("任务历程")
    expect_drawn(chart(page, "history"), "2025年第一季度")
    history = table_beside(page, "history")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history.locator("tbody tr td")).to_have_text(["2025年第一季度", "100个"])
    page.wait_for_timeout(1500)
    full_page_screenshot(page, ARTIFACTS / "task_history.png")

    assert page.js_errors == []
    assert page.static_failures == []
    assert console_errors == []
