"""佐证材料 in a real browser: the filler attaches a photo and a PDF from the sheet row (HTMX, no page load), an
HTML file renamed .png is refused in the row, and the signer then sees both files, the photo shown inline."""

import io

import pytest

from .conftest import ARTIFACTS
from .test_cycle_browser import full_page_screenshot, log_in, log_out

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "seagreen").save(out, "PNG")
    return out.getvalue()


def test_filler_attaches_evidence_from_the_sheet_row_and_the_signer_sees_it(
    page, live_world, live_server, settings, tmp_path
):
    from playwright.sync_api import expect

    from evidence.models import Evidence
    from filings.models import Submission

    settings.MEDIA_ROOT = tmp_path / "media"
    w = live_world
    submission = Submission.objects.open_for(w.round, w.unit_a)
    base = live_server.url

    log_in(page, base, w.filler_a)
    page.goto(f"{base}{submission.get_absolute_url()}")
    row = page.locator(".sheet-row", has_text="新增托位1900个")
    loads = []
    page.on("load", lambda _page: loads.append(1))
    row.locator("input[type=file]").set_input_files(
        [
            {"name": "现场照片.png", "mimeType": "image/png", "buffer": png_bytes()},
            {"name": "会议纪要.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )  # choosing the files uploads them (HTMX), in place
    evidence = row.locator(".evidence")
    expect(evidence.get_by_role("link", name="现场照片.png")).to_be_visible()
    expect(evidence.get_by_role("link", name="会议纪要.pdf")).to_be_visible()
    expect(evidence).to_contain_text("filler_a")
    assert loads == [] and Evidence.objects.count() == 2
    expect(row).not_to_have_attribute("data-state", "dirty")  # uploading is not an unsaved edit of the row

    row.locator("input[type=file]").set_input_files(
        [{"name": "photo.png", "mimeType": "image/png", "buffer": b"<html><script>alert(1)</script></html>"}]
    )
    expect(row.locator(".evidence [role=alert]")).to_contain_text("的内容不是允许的类型")
    expect(row.locator(".evidence").get_by_role("link", name="现场照片.png")).to_be_visible()
    assert Evidence.objects.count() == 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, ARTIFACTS / "evidence-filler-row.png")
    log_out(page)

    log_in(page, base, w.signer_a)
    page.goto(f"{base}{submission.get_absolute_url()}")
    row = page.locator(".sheet-row", has_text="新增托位1900个")
    expect(row.locator(".evidence").get_by_role("link", name="会议纪要.pdf")).to_be_visible()
    thumb = row.locator("img.evidence-thumb")
    expect(thumb).to_be_visible()
    # the image itself, served inline (wait for it to load: under load the decode can trail the page)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    assert thumb.evaluate("img => img.naturalWidth") == 64
    expect(row.locator("input[type=file]")).to_have_count(0)  # the signer reads, never attaches
    full_page_screenshot(page, ARTIFACTS / "evidence-signer-sheet.png")
    assert page.js_errors == [] and page.static_failures == []
