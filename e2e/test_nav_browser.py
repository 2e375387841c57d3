"""The navigation bar: one line at 1280 px for every role, the less-used office pages in the 更多 menu
(keyboard: Enter opens it, Tab reaches its links, Esc closes it back onto its summary), and at 390 px
a bar that wraps without sideways scrolling, its menus inside the screen."""

import pytest

from .conftest import ARTIFACTS
from .test_cycle_browser import log_in

pytestmark = pytest.mark.browser

MORE = ["上报汇总", "公开发布", "单位", "用户"]


def _bar(page):
    """(height of the bar, height of one line of its links, page scroll width)."""
    return page.evaluate("""() => {
        const bar = document.querySelector('header.topbar');
        const link = bar.querySelector('nav a');
        return [bar.getBoundingClientRect().height, link.getBoundingClientRect().height, document.documentElement.scrollWidth];
    }""")


def _tops(page):
    """The distinct vertical centres of the bar's top-level items (one value = one line)."""
    return page.evaluate("""() => {
        const items = [...document.querySelectorAll('header.topbar > *, header.topbar nav > *')].filter(e => e.tagName !== 'NAV');
        return [...new Set(items.map(e => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); }))];
    }""")


def test_the_office_bar_is_one_line_at_1280_with_the_rest_under_more(live_world, live_server, page):
    from playwright.sync_api import expect

    w = live_world
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, w.office)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "nav-office-1280.png")
    height, line, _ = _bar(page)
    centres = _tops(page)
    assert max(centres) - min(centres) <= 4, centres  # every item on the same line
    assert height < 2 * line + 16, (height, line)  # one line of links plus the bar's padding
    nav = page.locator("header nav")
    for name in ["待办", "计划", "导入", "工作总结", "目标考核"]:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    more = nav.locator("details.nav-more")
    for name in MORE:
        expect(more.get_by_role("link", name=name)).to_be_hidden()

    # Keyboard: focus the summary, Enter opens, Tab reaches the first item, Esc closes onto the summary.
    more.locator("summary").focus()
    page.keyboard.press("Enter")
    for name in MORE:
        expect(more.get_by_role("link", name=name)).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == MORE[0]
    page.keyboard.press("Escape")
    expect(more.get_by_role("link", name=MORE[0])).to_be_hidden()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    # One menu open at a time, a click elsewhere closes it; the items work.
    page.locator("details.account > summary").click()
    expect(page.get_by_role("link", name="修改密码")).to_be_visible()
    more.locator("summary").click()
    expect(page.get_by_role("link", name="修改密码")).to_be_hidden()
    page.mouse.click(640, 600)
    expect(more.get_by_role("link", name="单位")).to_be_hidden()
    more.locator("summary").click()
    more.get_by_role("link", name="单位").click()
    expect(page).to_have_url(f"{live_server.url}/units/")
    assert not page.js_errors and not page.static_failures


def test_a_filler_bar_is_one_line_at_1280_and_has_no_more_menu(live_world, live_server, page):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, live_world.filler_a)
    centres = _tops(page)
    assert max(centres) - min(centres) <= 4, centres
    expect(page.locator("details.nav-more")).to_have_count(0)


def test_at_390_the_bar_wraps_without_scrolling_sideways_and_the_menu_stays_on_screen(live_world, live_server, page):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, live_world.office)
    _, _, scroll_width = _bar(page)
    assert scroll_width <= 390
    more = page.locator("header nav details.nav-more")
    more.locator("summary").click()
    panel = more.locator(".menu-items")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "nav-office-390-more.png")
    more.get_by_role("link", name="上报汇总").click()
    expect(page).to_have_url(f"{live_server.url}/levels/")
    assert not page.js_errors and not page.static_failures
