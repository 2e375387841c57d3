"""The plan → round → filing → review cycle through the web, role by role."""

import pytest
from django.urls import reverse

from conftest import fill_ready
from filings.models import Contribution, Filing, Review, Submission


def test_opening_a_round_gives_the_unit_one_filing_per_task_it_leads(world, sub_a):
    assert sorted(sub_a.filings.values_list("task__number", flat=True)) == ["1", "2"]
    assert sub_a.state == Submission.State.DRAFT


def test_filler_saves_a_draft_and_every_save_is_a_version(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    client = login(world.filler_a)
    url = reverse("filings:filing", args=[filing.pk])
    data = {
        "version": 0,
        "completion": "新增托位336个。",
        "completed": "no",
        "reason": "序时推进中",
        "problems": "",
        "self_assessment": "on_track",
        f"actual_{world.indicator.pk}": "336",
    }
    assert client.post(url, data).status_code == 302
    data.update(version=1, completion="新增托位400个。", **{f"actual_{world.indicator.pk}": "400"})
    assert client.post(url, data).status_code == 302
    filing.refresh_from_db()
    assert filing.completion == "新增托位400个。" and filing.version == 2
    assert filing.history.count() == 2
    assert filing.actuals.get().value == 400
    page = client.get(reverse("filings:filing_history", args=[filing.pk])).content.decode()
    assert "<del>336</del><ins>400</ins>" in page
    # the indicator's figure is part of each version too, and a filler's own save carries no source note
    assert "336个 → 400个" in page and "— → 336个" in page and "离线填报表导入" not in page


def test_text_over_300_characters_is_refused_and_nothing_changes(world, sub_a, login):
    filing = fill_ready(sub_a.filings.get(task=world.tasks[0]), world.filler_a, completion="原有内容")
    client = login(world.filler_a)
    response = client.post(
        reverse("filings:filing", args=[filing.pk]),
        {"version": filing.version, "completion": "字" * 301, "completed": "yes", "self_assessment": "on_track"},
    )
    assert response.status_code == 200
    assert "不能超过300字" in response.content.decode()
    filing.refresh_from_db()
    assert filing.completion == "原有内容"


def test_three_hundred_chinese_characters_are_accepted(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    login(world.filler_a).post(
        reverse("filings:filing", args=[filing.pk]),
        {"version": 0, "completion": "字" * 300, "completed": "yes", "self_assessment": "on_track"},
    )
    filing.refresh_from_db()
    assert len(filing.completion) == 300


def test_second_concurrent_save_gets_a_conflict_and_keeps_both_texts(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    url = reverse("filings:filing", args=[filing.pk])
    first = {"version": 0, "completion": "甲的内容", "completed": "yes", "self_assessment": "on_track"}
    second = {"version": 0, "completion": "乙的内容", "completed": "yes", "self_assessment": "on_track"}
    client = login(world.filler_a)
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    page = response.content.decode()
    assert response.status_code == 200 and "保存冲突" in page
    assert "甲的内容" in page and "乙的内容" in page  # the saved text and what the second person typed
    filing.refresh_from_db()
    assert filing.completion == "甲的内容"


def _submit(client, submission, follow=False):
    data = {"filler_name": "王婧", "contact": "0576-89025399"}
    return client.post(reverse("filings:submit", args=[submission.pk]), data, follow=follow)


def test_full_cycle_submit_sign_approve(world, sub_a, login, client):
    for filing in sub_a.filings.all():
        fill_ready(filing, world.filler_a)
    _submit(login(world.filler_a), sub_a)
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted" and sub_a.filler_name == "王婧"
    login(world.signer_a).post(reverse("filings:sign", args=[sub_a.pk]))
    sub_a.refresh_from_db()
    assert sub_a.state == "signed" and sub_a.signer == world.signer_a
    login(world.office).post(reverse("filings:approve", args=[sub_a.pk]))
    sub_a.refresh_from_db()
    assert sub_a.state == "approved"
    assert list(Review.objects.filter(submission=sub_a).values_list("action", flat=True)) == [
        "submit",
        "sign",
        "approve",
    ]
    rollup = login(world.office).get(reverse("documents:rollup", args=[world.round.pk])).content.decode()
    assert "已完成阶段任务。" in rollup and "截止4月15日" in rollup


def test_return_lets_the_unit_edit_and_resubmit(world, sub_a, login):
    for filing in sub_a.filings.all():
        fill_ready(filing, world.filler_a)
    _submit(login(world.filler_a), sub_a)
    login(world.office).post(reverse("filings:return", args=[sub_a.pk]), {"comment": "请补充数据"})
    sub_a.refresh_from_db()
    assert sub_a.state == "returned" and sub_a.return_comment == "请补充数据"
    filing = sub_a.filings.first()
    client = login(world.filler_a)
    client.post(
        reverse("filings:filing", args=[filing.pk]),
        {"version": filing.version, "completion": "补充后的内容", "completed": "yes", "self_assessment": "on_track"},
    )
    filing.refresh_from_db()
    assert filing.completion == "补充后的内容"
    _submit(client, sub_a)
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted"


def test_signing_a_draft_is_refused_with_a_message(world, sub_a, login):
    response = login(world.signer_a).post(reverse("filings:sign", args=[sub_a.pk]), follow=True)
    assert "只有已提交的报送可以签发" in response.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.state == "draft"


def test_filler_cannot_sign_own_submission(world, sub_a, login):
    for filing in sub_a.filings.all():
        fill_ready(filing, world.filler_a)
    client = login(world.filler_a)
    _submit(client, sub_a)
    assert client.post(reverse("filings:sign", args=[sub_a.pk])).status_code == 403
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted"


def test_editing_an_approved_filing_is_refused(world, sub_a, login):
    for filing in sub_a.filings.all():
        fill_ready(filing, world.filler_a)
    sub_a.submit(world.filler_a, "王婧", "123")
    sub_a.sign(world.signer_a)
    sub_a.approve(world.office)
    filing = sub_a.filings.first()
    before = filing.completion
    response = login(world.filler_a).post(
        reverse("filings:filing", args=[filing.pk]),
        {"version": filing.version, "completion": "改", "completed": "yes", "self_assessment": "on_track"},
        follow=True,
    )
    assert "当前状态下不能修改" in response.content.decode()
    filing.refresh_from_db()
    assert filing.completion == before


def test_double_submit_applies_once(world, sub_a, login):
    for filing in sub_a.filings.all():
        fill_ready(filing, world.filler_a)
    client = login(world.filler_a)
    _submit(client, sub_a)
    response = _submit(client, sub_a, follow=True)
    assert "只有草稿或已退回的报送可以提交" in response.content.decode()
    assert Review.objects.filter(submission=sub_a, action="submit").count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"completed": False, "reason": ""}, "未完成的任务须填写未完成原因"),
        ({"self_assessment": "behind", "problems": ""}, "自评为滞后的任务须填写存在问题及解决建议"),
        ({"completion": ""}, "请填写完成情况"),
    ],
)
def test_incomplete_filings_cannot_be_submitted(world, sub_a, login, overrides, message):
    filings = list(sub_a.filings.all())
    fill_ready(filings[0], world.filler_a)
    fill_ready(filings[1], world.filler_a, **overrides)
    response = _submit(login(world.filler_a), sub_a, follow=True)
    assert message in response.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.state == "draft"


def test_locked_round_takes_no_more_edits(world, sub_a, login):
    world.round.due = world.round.as_of
    world.round.save()
    login(world.office).post(reverse("filings:round_lock", args=[world.round.pk]))
    world.round.refresh_from_db()
    assert world.round.locked
    filing = sub_a.filings.first()
    response = login(world.filler_a).post(
        reverse("filings:filing", args=[filing.pk]),
        {"version": 0, "completion": "迟到的内容", "completed": "yes", "self_assessment": "on_track"},
        follow=True,
    )
    assert "本轮次已锁定，不能再修改" in response.content.decode()
    filing.refresh_from_db()
    assert filing.completion == ""


def test_round_cannot_be_locked_before_its_due_date(world, login):
    response = login(world.office).post(reverse("filings:round_lock", args=[world.round.pk]), follow=True)
    assert "报送截止日期（含宽限期）之后才能锁定" in response.content.decode()
    world.round.refresh_from_db()
    assert not world.round.locked


def test_grace_days_keep_the_round_open_after_the_due_date(world):
    import datetime

    world.round.due, world.round.grace_days = datetime.date(2025, 4, 20), 3
    assert not world.round.can_lock(today=datetime.date(2025, 4, 23))
    assert world.round.can_lock(today=datetime.date(2025, 4, 24))


def test_co_unit_contribution_reaches_the_lead_units_filing(world, login):
    Submission.objects.open_for(world.round, world.unit_a)  # the lead unit has started filing
    client = login(world.filler_b)
    response = client.post(
        reverse("filings:cooperation", args=[world.round.pk]),
        {"task": world.tasks[0].pk, "text": "疾控中心已完成托育机构卫生评价12家。"},
    )
    assert response.status_code == 302
    filing = Filing.objects.get(task=world.tasks[0], submission__unit=world.unit_a)
    assert filing.contributions.get().unit == world.unit_b
    page = login(world.filler_a).get(reverse("filings:filing", args=[filing.pk])).content.decode()
    assert "疾控中心已完成托育机构卫生评价12家。" in page


def test_co_unit_cannot_contribute_to_a_task_it_does_not_cooperate_on(world, login):
    response = login(world.filler_b).post(
        reverse("filings:cooperation", args=[world.round.pk]), {"task": world.tasks[1].pk, "text": "越权"}
    )
    assert response.status_code == 400 and not Contribution.objects.exists()


def test_office_sees_each_units_state_in_the_round(world, sub_a, login):
    page = login(world.office).get(reverse("filings:round", args=[world.round.pk])).content.decode()
    assert "医政医管科" in page and "区疾控中心" in page
    assert "草稿" in page and "未开始" in page


def test_rollup_query_count_does_not_grow_with_tasks(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.models import Task

    client = login(world.office)
    url = reverse("documents:rollup", args=[world.round.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(7):
        Task.objects.create(plan=world.plan, number=str(10 + i), text=f"任务{i}", lead_unit=world.unit_a)
    Submission.objects.open_for(world.round, world.unit_a)
    small = count()
    Task.objects.bulk_create(
        [Task(plan=world.plan, number=str(100 + i), text=f"任务{i}", lead_unit=world.unit_b) for i in range(190)]
    )
    Submission.objects.open_for(world.round, world.unit_b)
    assert world.plan.tasks.count() == 200
    assert count() == small


def test_my_rounds_offers_filing_to_lead_units_and_cooperation_to_co_units(world, login):
    page_a = login(world.filler_a).get(reverse("filings:my_rounds")).content.decode()
    assert reverse("filings:round_mine", args=[world.round.pk]) in page_a
    assert reverse("filings:cooperation", args=[world.round.pk]) not in page_a
    page_b = login(world.filler_b).get(reverse("filings:my_rounds")).content.decode()
    assert reverse("filings:cooperation", args=[world.round.pk]) in page_b
