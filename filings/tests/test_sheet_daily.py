"""What a clerk meets on the sheet in a working day: a conflict shows every field that differs, a saved row
brings the 提交前还需完成 list up to date, a refused 退回意见 keeps its text."""

import re

from django.urls import reverse

from conftest import fill_ready
from filings.models import Submission

from .test_sheet import HTMX, row_data


def _conflict_box(body):
    return re.search(r'<div class="conflict cell">.*?</div>', body, re.S).group(0)


def test_a_conflict_shows_each_field_the_colleague_changed_not_only_the_completion(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[1])  # no indicator
    stale = row_data(filing, problems="我写的问题")
    fill_ready(filing, world.filler_a, completion="新增托位336个。", completed=False, reason="场地改造中")
    filing.refresh_from_db()
    filing.problems = "同事写的问题：资金缺口"
    filing.save()
    body = login(world.filler_a).post(reverse("filings:sheet_row", args=[filing.pk]), stale, **HTMX).content.decode()
    box = _conflict_box(body)
    assert "存在问题及解决建议：同事写的问题：资金缺口" in box  # the field that differs, as saved
    assert "完成情况：" not in box  # the same on both sides: not repeated
    assert "我写的问题" in body  # what this user typed stays in the form


def test_a_conflict_with_nothing_different_still_names_the_latest_completion(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[1])
    fill_ready(filing, world.filler_a, completion="新增托位336个。", completed=False, reason="场地改造中")
    filing.refresh_from_db()
    stale = row_data(
        filing, version=filing.version - 1, problems=filing.problems, self_assessment=filing.self_assessment
    )
    body = login(world.filler_a).post(reverse("filings:sheet_row", args=[filing.pk]), stale, **HTMX).content.decode()
    assert "最新完成情况：新增托位336个。" in _conflict_box(body)


def test_a_saved_row_brings_the_submit_checklist_up_to_date(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    client = login(world.filler_a)
    page = client.get(sub_a.get_absolute_url()).content.decode()
    number = world.tasks[0].number
    assert re.search(rf'<div id="sheet-problems">.*<li>{number}：', page, re.S)
    data = row_data(filing, **{f"actual_{world.indicator.pk}": "336"})
    body = client.post(reverse("filings:sheet_row", args=[filing.pk]), data, **HTMX).content.decode()
    checklist = re.search(r'<div id="sheet-problems" hx-swap-oob="true">.*?</div>', body, re.S).group(0)
    assert f"<li>{number}：" not in checklist  # this row is complete now
    assert f"<li>{world.tasks[1].number}：" in checklist  # the other row still owes its fields


def test_an_over_long_return_comment_is_refused_with_its_reason_and_kept(world, sub_a, login):
    for filing in sub_a.filings.select_related("task"):
        fill_ready(filing, world.filler_a)
    sub_a.submit(world.filler_a, "王婧", "0576-89025399")
    long = "请补充托位建设的进度数据和佐证材料" * 80  # 1360 字
    office = login(world.office)
    response = office.post(reverse("filings:return", args=[sub_a.pk]), {"comment": long}, follow=True)
    page = response.content.decode()
    assert "不能超过1000字（现有1360字）" in page
    assert long in page  # back in the 退回意见 box
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.SUBMITTED
    assert "不能超过1000字" not in office.get(sub_a.get_absolute_url()).content.decode()  # said once


def test_an_empty_return_comment_says_to_write_one(world, sub_a, login):
    for filing in sub_a.filings.select_related("task"):
        fill_ready(filing, world.filler_a)
    sub_a.submit(world.filler_a, "王婧", "0576-89025399")
    page = login(world.office).post(reverse("filings:return", args=[sub_a.pk]), {"comment": ""}, follow=True)
    assert "退回时请填写意见。" in page.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.SUBMITTED
