"""The filing sheet (填报表 on one page), row saves over HTMX, and the workflow steps around it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import fill_ready
from filings.models import Filing, Review, Submission
from plans.models import Indicator, Task

HTMX = {"HTTP_HX_REQUEST": "true"}


def row_data(filing, **fields):
    data = {
        "version": filing.version,
        "completion": "新增托位336个。",
        "completed": "no",
        "reason": "场地改造中",
        "problems": "",
        "self_assessment": "on_track",
    }
    data.update(fields)
    return {f"f{filing.pk}-{k}": v for k, v in data.items()}


def test_sheet_shows_every_task_of_the_unit_on_one_page_with_indicators_and_co_unit_input(world, sub_a, login):
    page = login(world.filler_a).get(sub_a.get_absolute_url()).content.decode()
    for task in world.tasks[:2]:
        assert task.text in page
        assert reverse("filings:sheet_row", args=[sub_a.filings.get(task=task).pk]) in page
    assert world.tasks[2].text not in page  # led by unit B
    assert "新增托位1900个" in page  # the indicator as one phrase, comparator in words
    assert page.count('name="f') >= 2 * 5  # every field of every row, not only 完成情况


def test_a_row_saves_on_its_own_and_comes_back_saved(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    other = sub_a.filings.get(task=world.tasks[1])
    response = login(world.filler_a).post(
        reverse("filings:sheet_row", args=[filing.pk]),
        row_data(filing, **{f"actual_{world.indicator.pk}": "336"}),
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-state="saved"' in body and f'id="row-{filing.pk}"' in body and "<html" not in body
    filing.refresh_from_db()
    other.refresh_from_db()
    assert filing.completion == "新增托位336个。" and filing.version == 1 and filing.actuals.get().value == 336
    assert other.version == 0  # the other row is untouched


def test_a_stale_row_save_is_a_conflict_that_keeps_what_was_typed(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    stale = row_data(filing, completion="我的版本：新增托位300个。")
    fill_ready(filing, world.filler_a, completion="同事先保存的版本。")
    body = login(world.filler_a).post(reverse("filings:sheet_row", args=[filing.pk]), stale, **HTMX).content.decode()
    assert 'data-state="conflict"' in body
    assert "我的版本：新增托位300个。" in body and "同事先保存的版本。" in body
    filing.refresh_from_db()
    assert filing.completion == "同事先保存的版本。"


def test_an_over_limit_paste_keeps_every_character_and_is_refused_until_shortened(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    long_text = "推进普惠托育服务体系建设" * 30  # 360 字
    client = login(world.filler_a)
    page = client.get(sub_a.get_absolute_url()).content.decode()
    assert 'maxlength="300"' not in page  # the browser must not cut a paste short
    body = client.post(
        reverse("filings:sheet_row", args=[filing.pk]), row_data(filing, completion=long_text), **HTMX
    ).content.decode()
    assert 'data-state="error"' in body and "不能超过300字（现有360字）" in body
    assert long_text in body
    filing.refresh_from_db()
    assert filing.completion == "" and filing.version == 0


def test_row_save_without_javascript_redirects_back_to_the_row(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    response = login(world.filler_a).post(reverse("filings:sheet_row", args=[filing.pk]), row_data(filing))
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{filing.pk}")


def test_signer_and_office_read_every_field_but_get_no_form(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    fill_ready(
        filing,
        world.filler_a,
        completion="新增托位336个。",
        completed=False,
        reason="场地改造中",
        problems="资金不足，建议统筹",
    )
    for user in (world.signer_a, world.office):
        page = login(user).get(sub_a.get_absolute_url()).content.decode()
        assert "场地改造中" in page and "资金不足，建议统筹" in page
        assert reverse("filings:sheet_row", args=[filing.pk]) not in page
        assert (
            login(user).post(reverse("filings:sheet_row", args=[filing.pk]), row_data(filing), **HTMX).status_code
            == 403
        )


def test_row_save_after_submit_is_refused_and_nothing_changes(world, sub_a, login):
    for f in sub_a.filings.all():
        fill_ready(f, world.filler_a)
    sub_a.submit(world.filler_a, "王", "1")
    filing = sub_a.filings.get(task=world.tasks[0])
    response = login(world.filler_a).post(
        reverse("filings:sheet_row", args=[filing.pk]), row_data(filing, completion="改了"), **HTMX
    )
    assert response.status_code == 409 and "不能修改" in response.content.decode()
    filing.refresh_from_db()
    assert filing.completion == "已完成阶段任务。"


def test_a_refused_submit_keeps_filler_name_and_contact(world, sub_a, login):
    client = login(world.filler_a)
    response = client.post(
        reverse("filings:submit", args=[sub_a.pk]), {"filler_name": "王婧", "contact": "0576-88888888"}
    )
    assert response.status_code == 302 and response["Location"] == sub_a.get_absolute_url()  # post/redirect/get
    body = client.get(response["Location"]).content.decode()
    assert 'value="王婧"' in body and 'value="0576-88888888"' in body and "请填写完成情况" in body
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.DRAFT


def _submitted(world, sub_a):
    for f in sub_a.filings.all():
        fill_ready(f, world.filler_a)
    sub_a.submit(world.filler_a, "王婧", "0576-1")
    return sub_a


def test_filler_withdraws_a_submitted_package_until_it_is_signed(world, sub_a, login):
    _submitted(world, sub_a)
    client = login(world.filler_a)
    client.post(reverse("filings:withdraw", args=[sub_a.pk]))
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.DRAFT and sub_a.reviews.last().action == Review.Action.WITHDRAW
    sub_a.submit(world.filler_a, "王婧", "0576-1")
    sub_a.sign(world.signer_a)
    response = client.post(reverse("filings:withdraw", args=[sub_a.pk]), follow=True)
    assert "只有已提交、尚未签发的报送可以撤回" in response.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.SIGNED


def test_signer_returns_a_submitted_package_with_a_comment(world, sub_a, login):
    _submitted(world, sub_a)
    client = login(world.signer_a)
    assert (
        "请填写"
        in client.post(reverse("filings:return", args=[sub_a.pk]), {"comment": ""}, follow=True).content.decode()
    )
    client.post(reverse("filings:return", args=[sub_a.pk]), {"comment": "第2项数据请核实"})
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.RETURNED and sub_a.return_comment == "第2项数据请核实"
    assert sub_a.reviews.last().actor == world.signer_a


def test_signer_cannot_return_a_signed_package_nor_another_units(world, sub_a, login):
    _submitted(world, sub_a)
    assert login(world.signer_b).post(reverse("filings:return", args=[sub_a.pk]), {"comment": "x"}).status_code == 404
    sub_a.sign(world.signer_a)
    login(world.signer_a).post(reverse("filings:return", args=[sub_a.pk]), {"comment": "x"})
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.SIGNED


def test_superuser_admin_cannot_sign_for_a_unit(world, sub_a, login):
    from conftest import make_user
    from units.models import User

    admin = make_user("root", world.bureau, User.Role.ADMIN, is_superuser=True, is_staff=True)
    _submitted(world, sub_a)
    assert login(admin).post(reverse("filings:sign", args=[sub_a.pk])).status_code == 403
    sub_a.refresh_from_db()
    assert sub_a.state == Submission.State.SUBMITTED


def test_irreversible_steps_ask_for_confirmation(world, sub_a, login):
    page = login(world.filler_a).get(sub_a.get_absolute_url()).content.decode()
    assert 'action="{}" class="card" data-confirm='.format(reverse("filings:submit", args=[sub_a.pk])) in page
    _submitted(world, sub_a)
    page = login(world.signer_a).get(sub_a.get_absolute_url()).content.decode()
    assert page.count("data-confirm=") >= 2  # 签发 and 退回


def _grow(world, n):
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=world.plan,
                section=world.sections[i % 2],
                number=str(10 + i),
                text=f"新增家庭医生签约{i}人。",
                lead_unit=world.unit_a,
                order=10 + i,
            )
            for i in range(n)
        ]
    )
    Indicator.objects.bulk_create(
        [Indicator(task=t, subject="签约", target_value=100, unit="人", comparator="add") for t in tasks]
    )


def test_sheet_query_count_does_not_grow_with_the_task_count(world, sub_a, login):
    client = login(world.filler_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(sub_a.get_absolute_url()).status_code == 200
        return len(ctx)

    _grow(world, 8)
    Submission.objects.open_for(world.round, world.unit_a)
    client.get(sub_a.get_absolute_url())
    ten = count()
    _grow(world, 50)
    Submission.objects.open_for(world.round, world.unit_a)
    client.get(sub_a.get_absolute_url())
    assert Filing.objects.filter(submission=sub_a).count() == 60
    assert count() == ten


def test_a_row_save_racing_the_submit_says_the_package_moved_on_not_conflict(world, sub_a, login, monkeypatch):
    """The rights check passed, then 提交 landed before the UPDATE: the row is refused with the state, not shown as a text conflict."""
    filing = sub_a.filings.get(task=world.tasks[0])
    real = Filing.save_edit

    def submitted_meanwhile(self, *args, **kwargs):
        Submission.objects.filter(pk=sub_a.pk).update(state=Submission.State.SUBMITTED)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Filing, "save_edit", submitted_meanwhile)
    response = login(world.filler_a).post(reverse("filings:sheet_row", args=[filing.pk]), row_data(filing), **HTMX)
    body = response.content.decode()
    assert response.status_code == 409 and "当前状态下不能修改" in body and 'data-state="conflict"' not in body
    filing.refresh_from_db()
    assert filing.version == 0 and filing.completion == ""


def test_sheet_rows_print_exactly_what_the_rows_form_would(world, sub_a):
    """The sheet builds its unbound rows without 60 forms (filings.sheet._Blank); they must print the same
    names, ids, labels, values and options as the FilingForm the row posts to."""
    from filings import sheet

    scaled = Indicator.objects.create(task=world.tasks[0], subject="签约", target_value=253900, unit="人", scale=10000)
    filing = sub_a.filings.get(task=world.tasks[0])
    fill_ready(filing, world.filler_a, completion="签约20.5万人。", completed=False, reason="推进中")
    filing.actuals.create(indicator=scaled, value=205000)
    filing = sheet.load_one(filing.pk)
    indicators = list(filing.task.indicators.all())
    assert len(indicators) == 2
    fast = sheet._Blank().fields(filing, indicators, list(filing.actuals.all()))
    slow = sheet.form_fields(sheet.unbound_form(filing, indicators))
    assert fast == slow
    assert fast["completion"]["value"] == "签约20.5万人。" and fast["completed"]["value"] == "no"
    assert [a["value"] for a in fast["actuals"]] == ["", "20.5"]  # in the document's scale, not 205000
    assert 'value="no" selected' in fast["completed"]["options"]


def test_a_task_added_to_the_plan_gets_its_row_when_the_unit_opens_its_sheet(world, sub_a, login):
    client = login(world.filler_a)
    assert client.get(sub_a.get_absolute_url()).status_code == 200
    task = Task.objects.create(plan=world.plan, number="9", text="新增的第9项任务。", lead_unit=world.unit_a, order=9)
    page = client.get(sub_a.get_absolute_url()).content.decode()
    assert "新增的第9项任务。" in page
    assert sub_a.filings.filter(task=task).count() == 1
    client.get(sub_a.get_absolute_url())
    assert sub_a.filings.filter(task=task).count() == 1  # opened twice, one filing


def test_an_empty_row_prints_exactly_what_its_form_would(world, sub_a):
    from filings import sheet

    filing = sheet.load_one(sub_a.filings.get(task=world.tasks[1]).pk)  # never saved, no indicator
    indicators = list(filing.task.indicators.all())
    fast = sheet._Blank().fields(filing, indicators, [])
    assert fast == sheet.form_fields(sheet.unbound_form(filing, indicators))
    assert fast["completed"]["value"] == "" and 'value="" selected' in fast["self_assessment"]["options"]


def test_a_package_that_left_the_unit_gets_no_row_for_a_task_added_since(world, sub_a, login):
    for filing in sub_a.filings.select_related("task"):
        fill_ready(filing, world.filler_a)
    sub_a.submit(world.filler_a, "王婧", "0576-89025399")
    task = Task.objects.create(plan=world.plan, number="9", text="新增的第9项任务。", lead_unit=world.unit_a, order=9)
    for user in (world.signer_a, world.filler_a):
        assert login(user).get(sub_a.get_absolute_url()).status_code == 200
    assert not sub_a.filings.filter(task=task).exists()
