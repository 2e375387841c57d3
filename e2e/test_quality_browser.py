"""报送质量 in the browser: the office reads each unit's score on the round dashboard, opens one, and sees its
parts line by line and the copy side by side with the shared passage marked on both sides."""

import datetime

from e2e.conftest import ARTIFACTS
from e2e.test_cycle_browser import log_in
from filings.models import Round, Submission

NOW = datetime.datetime(2025, 10, 20, 2, tzinfo=datetime.UTC)
THEIRS = "院前急救网络已覆盖全部乡镇，新增急救站点两个，平均反应时间缩短至十二分钟以内。"


def fill(round_, unit, filler, texts):
    submission = Submission.objects.open_for(round_, unit)
    for filing in submission.filings.select_related("task"):
        values = {
            "completion": texts[filing.task.number],
            "completed": True,
            "reason": "",
            "problems": "",
            "self_assessment": "on_track",
        }
        assert filing.save_edit(filler, filing.version, values)  # committed: the copy check runs after it
    return submission


def test_the_office_opens_a_units_quality_and_sees_the_copy_side_by_side(live_world, live_server, page, time_machine):
    from playwright.sync_api import expect

    world, base = live_world, live_server.url
    time_machine.move_to(NOW, tick=True)
    q3 = Round.objects.create(
        plan=world.plan, name="2025年第三季度", as_of=datetime.date(2025, 9, 30), due=datetime.date(2025, 10, 15)
    )
    fill(q3, world.unit_b, world.filler_b, {"3": THEIRS})
    fill(
        q3,
        world.unit_a,
        world.filler_a,
        {"1": "今年以来新增普惠托位336个，开展托育机构质量评估12家，组织从业人员培训3期。", "2": "本季度，" + THEIRS},
    )
    log_in(page, base, world.office)
    page.goto(f"{base}/supervision/rounds/{q3.pk}/")
    link = page.locator(f'[data-quality="{world.unit_a.pk}"]')
    expect(link).to_be_visible()
    page.locator("#unit-grid details").first.evaluate("d => d.open = true")
    expect(page.locator("#unit-grid")).to_contain_text("与其他单位雷同")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "quality-dashboard.png", full_page=True)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("报送质量")
    expect(page.locator(".side-by-side mark")).to_have_count(2)
    expect(page.locator(".side-by-side mark").first).to_have_text(THEIRS)
    expect(page.locator(".side-by-side mark").last).to_have_text(THEIRS)
    page.screenshot(path=ARTIFACTS / "quality-unit.png", full_page=True)
    assert page.js_errors == [] and page.static_failures == []
