"""一表填报: the filler downloads the sheet as .xlsx, fills it in Excel, uploads it, sees every change row
by row, and only 确认导入 saves — each changed row as a version; a stale, foreign or invalid row changes nothing."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from conftest import fill_ready
from filings.models import Filing, Submission


def download(client, submission):
    response = client.get(reverse("filings:offline_download", args=[submission.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.content))


def upload(client, submission, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "填好的.xlsx"
    return client.post(reverse("filings:offline_upload", args=[submission.pk]), {"file": buffer})


def rows_by_task(sheet):
    return {
        row[2].value: row for row in sheet.iter_rows(min_row=4) if row[0].value and row[0].value != "indicator-keys"
    }


def test_the_download_holds_every_task_with_lists_limits_and_a_hidden_key(world, sub_a, login):
    sheet = download(login(world.filler_a), sub_a)["填报表"]
    rows = rows_by_task(sheet)
    assert set(rows) == {t.text for t in world.tasks if t.lead_unit == world.unit_a}
    assert sheet.column_dimensions["A"].hidden and all(len(r[0].value) > 20 for r in rows.values())
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert any(v.formula1 == '"是,否"' for v in validations.values()) and any(
        v.formula1 == '"超前,正常,滞后"' for v in validations.values()
    )
    assert any(v.type == "textLength" and v.formula1 == "300" for v in validations.values())
    assert sheet.cell(row=3, column=9).value == "托位（个）"  # the task's indicator as its own column


def test_upload_previews_each_change_and_saves_nothing_until_confirmed(world, sub_a, login):
    client = login(world.filler_a)
    book = download(client, sub_a)
    rows = rows_by_task(book["填报表"])
    first, second = rows[world.tasks[0].text], rows[world.tasks[1].text]
    first[3].value, first[4].value, first[7].value, first[8].value = (
        "新增托位336个，完成年度目标的17.7%。",
        "否",
        "正常",
        336,
    )
    first[5].value = "场地审批未完成"
    second[3].value, second[4].value = "医共体建设推进中。", "否"  # 未完成 without a reason: refused
    page = upload(client, sub_a, book).content.decode()
    assert "新增托位336个" in page and "请填写未完成原因" in page and "确认导入 1 项" in page
    assert Filing.objects.get(submission=sub_a, task=world.tasks[0]).version == 0  # nothing saved yet
    client.post(reverse("filings:offline_confirm", args=[sub_a.pk]))
    saved = Filing.objects.get(submission=sub_a, task=world.tasks[0])
    assert (
        saved.version == 1
        and saved.completion.startswith("新增托位336个")
        and saved.completed is False
        and saved.reason == "场地审批未完成"
    )
    assert saved.actuals.get().value == 336 and saved.history.count() == 1
    assert Filing.objects.get(submission=sub_a, task=world.tasks[1]).version == 0
    sheet_page = client.get(sub_a.get_absolute_url()).content.decode()
    assert "新增托位336个" in sheet_page
    history = client.get(reverse("filings:filing_history", args=[saved.pk])).content.decode()
    assert "离线填报表导入" in history and "— → 336个" in history  # where the version came from, and its figure


def test_a_row_changed_since_the_download_is_a_conflict_not_an_overwrite(world, sub_a, login):
    client = login(world.filler_a)
    book = download(client, sub_a)
    rows_by_task(book["填报表"])[world.tasks[0].text][3].value = "离线写的内容"
    fill_ready(
        Filing.objects.get(submission=sub_a, task=world.tasks[0]), world.filler_a, completion="网页上先保存的内容"
    )
    page = upload(client, sub_a, book).content.decode()
    assert "冲突" in page and "没有可以导入的改动" in page
    client.post(reverse("filings:offline_confirm", args=[sub_a.pk]))
    assert Filing.objects.get(submission=sub_a, task=world.tasks[0]).completion == "网页上先保存的内容"


def test_a_row_of_another_unit_or_a_forged_key_is_refused(world, sub_a, login):
    sub_b = Submission.objects.open_for(world.round, world.unit_b)
    book_b = download(login(world.filler_b), sub_b)
    client = login(world.filler_a)
    rows = rows_by_task(book_b["填报表"])
    next(iter(rows.values()))[3].value = "想改别人的"
    page = upload(client, sub_a, book_b).content.decode()
    assert "不属于本单位本轮次" in page
    book = download(client, sub_a)
    rows_by_task(book["填报表"])[world.tasks[0].text][0].value = "forged-key"
    assert "不属于本单位本轮次" in upload(client, sub_a, book).content.decode()
    assert not Filing.objects.filter(completion="想改别人的").exists()


def test_other_units_and_the_office_cannot_download_or_upload_and_a_wrong_file_is_a_clear_error(world, sub_a, login):
    assert login(world.filler_b).get(reverse("filings:offline_download", args=[sub_a.pk])).status_code == 404
    assert login(world.office).get(reverse("filings:offline_download", args=[sub_a.pk])).status_code == 403
    client = login(world.filler_a)
    bad = io.BytesIO(b"<html>not a workbook</html>")
    bad.name = "x.xlsx"
    response = client.post(reverse("filings:offline_upload", args=[sub_a.pk]), {"file": bad})
    assert response.status_code == 400 and "无法读取该文件" in response.content.decode()


def test_a_figure_that_is_not_a_number_is_an_error_not_an_erased_figure(world, sub_a, login):
    filing = fill_ready(sub_a.filings.get(task=world.tasks[0]), world.filler_a, completion="新增托位336个。")
    filing.actuals.update_or_create(indicator=world.indicator, defaults={"value": 336})
    client = login(world.filler_a)
    book = download(client, sub_a)
    rows = rows_by_task(book["填报表"])
    rows[world.tasks[0].text][8].value = "三百"
    page = upload(client, sub_a, book).content.decode()
    assert "的完成值“三百”不是数字" in page
    assert "<del>336</del> → <ins>—</ins>" not in page  # the stored 336 is not shown as about to be erased
    filing.refresh_from_db()
    assert filing.actuals.get().value == 336
