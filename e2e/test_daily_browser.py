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


def test_ctrl_enter_saves_the_row_and_the_counts_and_checklist_follow(live_world, live_server, page):
    """Ctrl+Enter saves the row's fields (not its 佐证材料 upload form, which comes first in the row); the
    已填 count, the 提交前还需完成 list and the chosen filter follow without a reload; an empty filter says so."""
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    from filings.models import Submission

    submission = Submission.objects.open_for(world.round, world.unit_a)
    filing = submission.filings.get(task=world.tasks[1])  # no indicator: four fields make it complete
    log_in(page, base, world.filler_a)
    page.goto(f"{base}{submission.get_absolute_url()}")
    counts = page.locator(".sheet-counts")
    expect(counts).to_contain_text("已填 0 / 2 项")
    expect(page.locator("#sheet-problems")).to_contain_text(f"{world.tasks[1].number}：")
    # nothing flagged yet: the filter says so instead of showing a blank sheet
    page.get_by_role("button", name="有提示").click()
    expect(page.locator(".sheet-tools-none")).to_be_visible()
    page.get_by_role("button", name="未填写").click()
    expect(page.locator(".sheet-tools-none")).to_be_hidden()
    row = page.locator(f"#row-{filing.pk}")
    row.locator("textarea[name$='-completion']").fill("队伍已组建。")
    row.locator("select[name$='-completed']").select_option("yes")
    row.locator("select[name$='-self_assessment']").select_option("on_track")
    row.locator("textarea[name$='-completion']").press("Control+Enter")
    expect(page.locator(f"#row-{filing.pk}")).to_have_attribute("data-state", "saved")
    expect(counts).to_contain_text("已填 1 / 2 项")
    expect(page.locator("#sheet-problems")).not_to_contain_text(f"{world.tasks[1].number}：")
    # under 未填写 the saved row leaves the list at once
    expect(page.locator(f"#row-{filing.pk}")).to_be_hidden()
    filing.refresh_from_db()
    assert filing.completion == "队伍已组建。" and filing.version == 1
    assert not page.js_errors


def test_irreversible_steps_ask_first_and_lock_says_from_when(live_world, live_server, page, settings):
    """发布, 发布更正, 废止 and 延期 同意 / 不同意 each ask window.confirm (the person says yes); 锁定本轮次
    before due date + grace is shown disabled with the first day it can be locked."""
    import datetime

    from playwright.sync_api import expect

    from publishing.tests.conftest import approve_round, make_publication
    from supervision.models import Extension

    settings.DUBAN_PUBLISH_FORMATS = ("docx",)
    world, base = live_world, live_server.url
    approve_round(world)
    publication = make_publication(world)
    asks = []
    for task, date in ((world.tasks[0], datetime.date(2099, 5, 1)), (world.tasks[1], datetime.date(2099, 5, 2))):
        asks.append(
            Extension.objects.create(
                task=task,
                unit=world.unit_a,
                round=world.round,
                reason="场地施工",
                new_date=date,
                requested_by=world.filler_a,
            )
        )
    log_in(page, base, world.office)

    # 锁定本轮次: due 2099-04-20, no grace → lockable from 2099年4月21日
    page.goto(f"{base}{world.round.get_absolute_url()}")
    expect(page.get_by_role("button", name="锁定本轮次")).to_be_disabled()
    expect(page.locator("#lock-from")).to_contain_text("2099年4月21日")

    # 发布 (the review scans first: the approved texts hold no personal data)
    page.goto(f"{base}/publishing/{publication.pk}/review/")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已发布第1版")
    assert any("确定发布" in d for d in page.dialogs), page.dialogs

    # 发布更正
    page.goto(f"{base}/publishing/{publication.pk}/review/")
    page.get_by_label("更正说明").fill("更正第1项数据")
    page.get_by_role("button", name="发布更正（新版本）").click()
    expect(page.locator(".messages")).to_contain_text("第2版")
    assert any("确定发布更正" in d for d in page.dialogs), page.dialogs

    # 废止
    page.goto(f"{base}/publishing/{publication.pk}/")
    page.locator("form[action$='/withdraw/'] textarea, form[action$='/withdraw/'] input[type=text]").first.fill(
        "数据有误"
    )
    page.get_by_role("button", name="废止本信息").click()
    assert any("确定废止" in d for d in page.dialogs), page.dialogs

    # 延期 同意 / 不同意: each button its own question
    page.goto(f"{base}/supervision/extensions/")
    page.locator("tr", has_text="2099-05-01").get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_be_visible()
    assert any("确定同意延期" in d for d in page.dialogs), page.dialogs
    page.locator("tr", has_text="2099-05-02").locator("input[name=note]").fill("统计口径已明确，无需延期")
    page.locator("tr", has_text="2099-05-02").get_by_role("button", name="不同意").click()
    expect(page.locator(".messages")).to_be_visible()
    assert any("确定不同意延期" in d for d in page.dialogs), page.dialogs
    for ask in asks:
        ask.refresh_from_db()
    assert [a.decision for a in asks] == ["granted", "refused"]
    assert not page.js_errors


def test_a_conflict_from_another_window_keeps_the_rows_columns_and_says_it_was_you(live_world, live_server, page):
    world, base = live_world, live_server.url
    from playwright.sync_api import expect

    from filings.models import Submission

    submission = Submission.objects.open_for(world.round, world.unit_a)
    log_in(page, base, world.filler_a)
    url = f"{base}{submission.get_absolute_url()}"
    page.goto(url)
    other = page.context.new_page()  # a second tab of the same person
    other.goto(url)
    task = world.tasks[0].text
    for tab, text in ((other, "另一个窗口写的内容"), (page, "本窗口写的内容")):
        row = tab.locator(".sheet-row", has_text=task)
        row.get_by_label("完成情况（300字以内）").fill(text)
        row.get_by_role("button", name="保存此行").click()
    row = page.locator(".sheet-row", has_text=task)
    expect(row).to_have_attribute("data-state", "conflict")
    expect(row.locator(".conflict")).to_contain_text("您在另一个窗口中已保存")
    expect(row.locator(".conflict")).not_to_contain_text("他人")
    expect(row.get_by_label("完成情况（300字以内）")).to_have_value("本窗口写的内容")
    # The task stays in its column, the form beside it.
    cell, form = row.locator(".c-task").bounding_box(), row.locator("form.c-fields").bounding_box()
    assert cell["x"] + cell["width"] <= form["x"] and abs(cell["y"] - form["y"]) < 5, (cell, form)
    assert not page.js_errors


def _signed_in_context(browser, base, user, **options):
    """A browser context already signed in as ``user`` (the session cookie of a test client login)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context


@pytest.mark.parametrize("width", [1280, 390])
def test_english_pages_show_no_chinese_in_the_browser(transactional_db, live_server, browser, width):
    """What the browser shows (duban.js's counters and labels included), in English, on a desk and a phone."""
    from units.tests.english import HAN, latin_world, main_pages

    if browser is None:
        return
    w = latin_world()
    base = live_server.url
    left = {}
    for user, urls in main_pages(w):
        if user not in (w.office, w.filler_a):
            continue
        context = _signed_in_context(browser, base, user, locale="en-US", viewport={"width": width, "height": 900})
        page = context.new_page()
        for url in urls[:8]:
            page.goto(f"{base}{url}")
            page.wait_for_load_state("load")
            # The language menu names Chinese in its own script (简体中文), as language menus do.
            shown = page.evaluate(
                "(() => { const menu = document.querySelector('select[name=language]'); if (menu) menu.remove(); return document.body.innerText; })()"
            )
            for text in sorted(w.user_data, key=len, reverse=True):
                shown = shown.replace(text, " ")
            found = sorted({line.strip()[:80] for line in shown.splitlines() if HAN.search(line)})
            if found:
                left[f"{user.username} {url}"] = found
        context.close()
    assert not left, "\n".join(f"{page}: {texts}" for page, texts in left.items())
