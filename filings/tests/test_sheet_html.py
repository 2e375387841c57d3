"""The sheet's rows built in Python (filings.sheet_html): what users typed is escaped everywhere it is printed,
and the row a save swaps back is the row the sheet prints."""

import re

from django.urls import reverse

from conftest import fill_ready
from filings.models import Contribution
from plans.models import Section
from supervision.models import Extension

from .test_sheet import HTMX

SCRIPT = "<script>alert(1)</script>"


def _row(page, filing):
    match = re.search(rf'<article class="sheet-row" id="row-{filing.pk}".*?</article>', page, re.S)
    assert match, f"row {filing.pk} not on the page"
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", match.group(0))


def test_what_users_typed_is_escaped_in_every_place_a_row_prints_it(world, sub_a, login):
    Section.objects.filter(pk=world.tasks[0].section_id).update(title=f"章节{SCRIPT}")
    world.tasks[0].text = f"任务{SCRIPT}"
    world.tasks[0].save()
    filing = sub_a.filings.get(task=world.tasks[0])
    fill_ready(filing, world.filler_a, completion=f"完成{SCRIPT}", reason=f"原因{SCRIPT}", problems=f"问题{SCRIPT}")
    Contribution.objects.create(filing=filing, unit=world.unit_b, author=world.office, text=f"协办{SCRIPT}")
    for user in (world.filler_a, world.office):  # the form's inputs and the read-only fields
        page = login(user).get(sub_a.get_absolute_url()).content.decode()
        row = _row(page, filing)
        assert "<script>" not in row
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
        for typed in ("章节", "任务", "完成", "原因", "问题", "协办"):
            assert f"{typed}{escaped}" in row, typed


def test_the_row_a_save_swaps_back_is_the_row_the_sheet_prints(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    Extension.objects.create(
        round=world.round,
        unit=world.unit_a,
        task=filing.task,
        requested_by=world.filler_a,
        new_date=world.round.due.replace(year=world.round.due.year + 1),
        reason="场地",
    )
    client = login(world.filler_a)
    data = {
        f"f{filing.pk}-version": 0,
        f"f{filing.pk}-completion": "新增托位336个。",
        f"f{filing.pk}-completed": "no",
        f"f{filing.pk}-reason": "场地改造中",
        f"f{filing.pk}-problems": "",
        f"f{filing.pk}-self_assessment": "on_track",
        f"f{filing.pk}-actual_{world.indicator.pk}": "336",
    }
    swapped = client.post(reverse("filings:sheet_row", args=[filing.pk]), data, **HTMX).content.decode()
    page = client.get(sub_a.get_absolute_url()).content.decode()
    assert _row(swapped, filing) == _row(page, filing)
    row = _row(page, filing)
    # what the row carries: the stored values, the proposal, the pending 延期, the upload control
    for shown in ('data-state="saved"', "新增托位336个。", 'class="row-advice"', "延期申请", 'class="evidence-upload"'):
        assert shown in row, shown


def test_the_rows_words_follow_the_active_language(world, sub_a, login):
    client = login(world.filler_a)
    page = client.get(sub_a.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    row = _row(page, sub_a.filings.get(task=world.tasks[0]))
    assert "Save this row" in row
    assert "保存此行" not in row and "系统建议" not in row and "佐证材料" not in row
