"""代录入 — the office of the round downloads one .xlsx with every unit's rows (责任单位, hidden signed keys,
the sheet's lists and limits), keys in the paper forms units sent, uploads it, sees the preview grouped by
unit, and only 确认导入 saves: each changed row as a version of that office user, noted as keyed in. A package
no longer open for editing (submitted, signed, approved) is refused row by row with its state."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import fill_ready
from filings import offline
from filings.models import Filing, Submission
from units.access import Forbidden, NotFound, NotNow
from units.models import Unit, User

from .test_offline import download as download_unit_sheet

# The round table's columns: A key, B 序号, C 目标任务, D 责任单位, E 完成情况, F 是否完成, G 未完成原因,
# H 存在问题及解决建议, I 完成情况自评, J… the indicators.
TASK, UNIT, COMPLETION, COMPLETED, REASON, ASSESSMENT, FIRST_INDICATOR = 2, 3, 4, 5, 6, 8, 9


def download(client, round_):
    response = client.get(reverse("filings:round_offline_download", args=[round_.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.content))


def upload(client, round_, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "纸质报表录入.xlsx"
    return client.post(reverse("filings:round_offline_upload", args=[round_.pk]), {"file": buffer})


def rows_by_task(book):
    return {
        row[TASK].value: row
        for row in book["填报表"].iter_rows(min_row=4)
        if row[0].value and row[0].value != "indicator-keys"
    }


def submitted_b(world):
    """区疾控中心 has filed and submitted its package online."""
    sub_b = Submission.objects.open_for(world.round, world.unit_b)
    fill_ready(sub_b.filings.get(), world.filler_b, completion="疾控中心网上报送的内容")
    sub_b.submit(world.filler_b, "王五", "13800000000")
    return sub_b


def test_the_round_table_holds_every_units_rows_with_its_unit_keys_lists_and_a_filter(world, login):
    Submission.objects.open_for(world.round, world.unit_a)  # 医政科 has opened its package; 疾控中心 not yet
    book = download(login(world.office), world.round)
    sheet = book["填报表"]
    rows = rows_by_task(book)
    assert {text: row[UNIT].value for text, row in rows.items()} == {t.text: t.lead_unit.name for t in world.tasks}
    assert [cell.value for cell in sheet[3]][: FIRST_INDICATOR + 1] == [
        "key",
        "序号",
        "目标任务",
        "责任单位",
        "完成情况（300字以内）",
        "是否完成",
        "未完成原因（300字以内）",
        "存在问题及解决建议",
        "完成情况自评",
        "托位（个）",
    ]
    assert sheet.column_dimensions["A"].hidden and all(len(r[0].value) > 20 for r in rows.values())
    validations = {v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert validations['"是,否"'].startswith("F4") and validations['"超前,正常,滞后"'].startswith("I4")
    assert sheet.auto_filter.ref.startswith("B3") and sheet.protection.sheet
    first = rows[world.tasks[0].text]
    assert not first[COMPLETION].protection.locked and first[UNIT].protection.locked


def test_rows_of_a_package_no_longer_open_are_locked_and_greyed_in_the_download(world, login):
    submitted_b(world)
    rows = rows_by_task(download(login(world.office), world.round))
    closed, open_ = rows[world.tasks[2].text], rows[world.tasks[0].text]
    assert closed[COMPLETION].value == "疾控中心网上报送的内容" and closed[COMPLETION].protection.locked
    assert closed[COMPLETION].fill.fgColor.rgb.endswith("E6E6E6")
    assert not open_[COMPLETION].protection.locked


def test_keying_in_previews_by_unit_and_saves_each_row_as_the_offices_version_noted_as_keyed_in(world, login):
    client = login(world.office)
    book = download(client, world.round)  # neither unit has opened its package yet
    rows = rows_by_task(book)
    first, third = rows[world.tasks[0].text], rows[world.tasks[2].text]
    first[COMPLETION].value, first[COMPLETED].value, first[ASSESSMENT].value = "纸质报表：新增托位300个。", "否", "正常"
    first[REASON].value, first[FIRST_INDICATOR].value = "场地审批未完成", 300
    third[COMPLETION].value, third[COMPLETED].value = "纸质报表：急救站点建成3个。", "是"
    page = upload(client, world.round, book).content.decode()
    assert (
        page.index("责任单位：医政医管科") < page.index("纸质报表：新增托位300个") < page.index("责任单位：区疾控中心")
    )
    assert "纸质报表：急救站点建成3个" in page and "确认导入 2 项" in page
    assert not Submission.objects.filter(round=world.round).exists()  # nothing saved, nothing opened yet

    response = client.post(reverse("filings:round_offline_confirm", args=[world.round.pk]))
    assert response.status_code == 302 and response["Location"] == world.round.get_absolute_url()
    saved = Filing.objects.get(submission__unit=world.unit_a, task=world.tasks[0])
    assert saved.version == 1 and saved.completion == "纸质报表：新增托位300个。" and saved.completed is False
    assert saved.reason == "场地审批未完成" and saved.actuals.get().value == 300
    assert saved.updated_by == world.office
    version = saved.history.get()
    assert version.history_user == world.office and version.history_change_reason == Filing.KEYED_IN
    from audit.models import Event, Kind

    audit = Event.objects.get(kind=Kind.IMPORT, action="key_in")
    assert audit.username == world.office.username and audit.details["saved"] == 2
    b = Filing.objects.get(submission__unit=world.unit_b, task=world.tasks[2])
    assert b.version == 1 and b.completed is True and b.submission.state == Submission.State.DRAFT
    # the package stays the unit's to submit and sign; its filler sees who keyed in what
    history = login(world.filler_a).get(reverse("filings:filing_history", args=[saved.pk])).content.decode()
    assert "督办员代录入（纸质报表）" in history and "纸质报表：新增托位300个" in history


def test_rows_of_a_submitted_package_are_refused_with_its_state_and_unchanged_rows_are_not_errors(world, login):
    sub_b = submitted_b(world)
    client = login(world.office)
    book = download(client, world.round)
    rows = rows_by_task(book)
    rows[world.tasks[2].text][COMPLETION].value = "督办员想改已提交的内容"
    rows[world.tasks[1].text][COMPLETION].value, rows[world.tasks[1].text][COMPLETED].value = "医共体建设完成。", "是"
    page = upload(client, world.round, book).content.decode()
    assert "区疾控中心的报送状态为“已提交”，不能代录入" in page and "请先退回该单位的报送" in page
    assert "确认导入 1 项" in page and page.count('class="refused"') == 1
    client.post(reverse("filings:round_offline_confirm", args=[world.round.pk]))
    assert sub_b.filings.get().completion == "疾控中心网上报送的内容"
    assert Filing.objects.get(submission__unit=world.unit_a, task=world.tasks[1]).completion == "医共体建设完成。"


def test_a_package_submitted_between_preview_and_confirm_is_refused_not_saved(world, login):
    client = login(world.office)
    book = download(client, world.round)
    rows_by_task(book)[world.tasks[2].text][COMPLETION].value = "预览之后对方已报送"
    assert "确认导入 1 项" in upload(client, world.round, book).content.decode()
    submitted_b(world)
    response = client.post(reverse("filings:round_offline_confirm", args=[world.round.pk]), follow=True)
    assert "1 项所在单位的报送已提交或本轮次已锁定，未导入" in response.content.decode()
    assert Filing.objects.get(submission__unit=world.unit_b).completion == "疾控中心网上报送的内容"


def test_a_row_the_unit_saved_since_the_download_is_a_conflict(world, login):
    sub_a = Submission.objects.open_for(world.round, world.unit_a)
    client = login(world.office)
    book = download(client, world.round)
    rows = rows_by_task(book)
    rows[world.tasks[0].text][COMPLETION].value = "纸质报表的旧内容"
    rows[world.tasks[2].text][COMPLETION].value = "疾控中心纸质报表"  # a unit not opened yet: version 0
    fill_ready(sub_a.filings.get(task=world.tasks[0]), world.filler_a, completion="单位网上刚保存的内容")
    b = Submission.objects.open_for(world.round, world.unit_b).filings.get()
    fill_ready(b, world.filler_b, completion="疾控中心网上刚保存的内容")  # opened and saved since
    page = upload(client, world.round, book).content.decode()
    assert page.count("冲突") == 2 and "没有可以导入的改动" in page
    assert sub_a.filings.get(task=world.tasks[0]).completion == "单位网上刚保存的内容"


def test_a_forged_key_or_a_row_of_another_round_is_refused(world, login):
    from filings.models import Round

    other = Round.objects.create(plan=world.plan, name="2025年第二季度", as_of=world.round.as_of, due=world.round.due)
    client = login(world.office)
    other_book = download(client, other)
    next(iter(rows_by_task(other_book).values()))[COMPLETION].value = "写到别的轮次"
    assert "不属于本轮次" in upload(client, world.round, other_book).content.decode()
    book = download(client, world.round)
    row = rows_by_task(book)[world.tasks[0].text]
    row[0].value, row[COMPLETION].value = "forged-key", "伪造"
    assert "不属于本轮次" in upload(client, world.round, book).content.decode()
    assert not Filing.objects.filter(completion__in=["写到别的轮次", "伪造"]).exists()


def test_the_office_may_upload_a_units_own_emailed_sheet(world, login):
    sub_a = Submission.objects.open_for(world.round, world.unit_a)
    book = download_unit_sheet(login(world.filler_a), sub_a)
    for row in book["填报表"].iter_rows(min_row=4):
        if row[2].value == world.tasks[0].text:
            row[3].value, row[4].value = "单位发来的电子表格", "是"
    client = login(world.office)
    assert "确认导入 1 项" in upload(client, world.round, book).content.decode()
    client.post(reverse("filings:round_offline_confirm", args=[world.round.pk]))
    assert sub_a.filings.get(task=world.tasks[0]).history.get().history_change_reason == Filing.KEYED_IN


def test_only_the_office_running_the_round_keys_in_and_never_in_a_locked_round(world, login):
    city = Unit.objects.create(name="测试市卫生健康委", kind=Unit.Kind.BUREAU, order=0)
    world.bureau.parent = city
    world.bureau.save()
    city_office = User.objects.create_user("city_office", password="x", unit=city, role=User.Role.OFFICE)
    with pytest.raises(Forbidden):
        offline.download_round(city_office, world.round.pk)  # the city reads a district's round, never keys in
    other = Unit.objects.create(name="另一个区卫生健康局", kind=Unit.Kind.BUREAU, parent=city, order=2)
    other_office = User.objects.create_user("other_office", password="x", unit=other, role=User.Role.OFFICE)
    with pytest.raises(NotFound):
        offline.download_round(other_office, world.round.pk)
    assert (
        login(world.filler_a).get(reverse("filings:round_offline_download", args=[world.round.pk])).status_code == 403
    )
    world.round.locked = True
    world.round.save()
    with pytest.raises(NotNow):
        offline.download_round(world.office, world.round.pk)
    response = login(world.office).get(reverse("filings:round_offline_upload", args=[world.round.pk]), follow=True)
    assert "本轮次已锁定，不能再代录入" in response.content.decode()


def test_the_rounds_page_offers_keying_in_to_its_office_and_a_wrong_file_is_a_clear_error(world, login):
    client = login(world.office)
    page = client.get(world.round.get_absolute_url()).content.decode()
    assert reverse("filings:round_offline_download", args=[world.round.pk]) in page
    assert reverse("filings:round_offline_upload", args=[world.round.pk]) in page
    bad = io.BytesIO(b"<html>not a workbook</html>")
    bad.name = "x.xlsx"
    response = client.post(reverse("filings:round_offline_upload", args=[world.round.pk]), {"file": bad})
    assert response.status_code == 400 and "无法读取该文件" in response.content.decode()


def test_the_preview_keeps_each_unit_together_however_the_sheet_was_sorted(world, login):
    client = login(world.office)
    book = download(client, world.round)
    sheet = book["填报表"]
    # Sorted by 目标任务 in Excel: 医政科, 疾控中心, 医政科 — the preview still shows each unit once.
    rows = list(sheet.iter_rows(min_row=5, max_row=6))
    for left, right in zip(rows[0], rows[1], strict=True):
        left.value, right.value = right.value, left.value
    for row in sheet.iter_rows(min_row=4, max_row=6):
        row[COMPLETION].value = f"纸质报表：{row[TASK].value}"
    page = upload(client, world.round, book).content.decode()
    assert page.count("责任单位：医政医管科") == 1 and page.count("责任单位：区疾控中心") == 1
    assert page.index("责任单位：医政医管科") < page.index(world.tasks[1].text) < page.index("责任单位：区疾控中心")
