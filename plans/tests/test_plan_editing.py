"""The office enters a plan by hand: sections, tasks with lead and co-units, indicators."""

from django.urls import reverse

from plans.models import Indicator, Plan, Task


def test_office_creates_a_plan_with_section_task_and_indicator(world, login):
    client = login(world.office)
    response = client.post(
        reverse("plans:create"),
        {"year": 2026, "kind": "livelihood", "title": "2026年民生实事", "intro": "", "issuer": world.bureau.pk},
    )
    plan = Plan.objects.get(title="2026年民生实事")
    assert response.status_code == 302 and plan.get_kind_display() == "民生实事"
    client.post(reverse("plans:section_create", args=[plan.pk]), {"label": "一、", "title": "托育服务", "order": 1})
    section = plan.sections.get()
    client.post(
        reverse("plans:task_create", args=[plan.pk]),
        {
            "section": section.pk,
            "number": "1",
            "text": "新增托位90个。",
            "lead_unit": world.unit_a.pk,
            "co_units": [world.unit_b.pk],
            "deadline": "2026-12-31",
            "order": 1,
        },
    )
    task = plan.tasks.get()
    assert task.lead_unit == world.unit_a and list(task.co_units.all()) == [world.unit_b]
    client.post(
        reverse("plans:indicator_create", args=[task.pk]),
        {"subject": "托位", "comparator": "add", "target_value": "90", "unit": "个", "scale": 1},
    )
    indicator = task.indicators.get()
    assert (indicator.subject, indicator.target_value, indicator.comparator) == ("托位", 90, Indicator.Comparator.ADD)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "一、托育服务" in page and "新增托位90个。" in page and ">新增托位90个</a>" in page


def test_lead_unit_cannot_also_be_a_co_unit(world, login):
    client = login(world.office)
    response = client.post(
        reverse("plans:task_create", args=[world.plan.pk]),
        {"number": "9", "text": "重复单位", "lead_unit": world.unit_a.pk, "co_units": [world.unit_a.pk], "order": 9},
    )
    assert response.status_code == 200 and "牵头单位不能同时是配合单位" in response.content.decode()
    assert not Task.objects.filter(text="重复单位").exists()


def test_unit_users_cannot_open_plan_management(world, login):
    for user in (world.filler_a, world.signer_a):
        assert login(user).get(reverse("plans:list")).status_code == 403
        assert (
            login(user).post(reverse("plans:create"), {"year": 2026, "kind": "key_work", "title": "伪造"}).status_code
            == 403
        )
    assert not Plan.objects.filter(title="伪造").exists()


def test_office_opens_a_round_and_due_before_as_of_is_refused(world, login):
    client = login(world.office)
    bad = client.post(
        reverse("filings:round_create", args=[world.plan.pk]),
        {"name": "2025年上半年", "as_of": "2025-06-30", "due": "2025-06-01", "grace_days": 0},
    )
    assert "报送截止日期不能早于截至日期" in bad.content.decode()
    client.post(
        reverse("filings:round_create", args=[world.plan.pk]),
        {"name": "2025年上半年", "as_of": "2025-06-30", "due": "2025-07-10", "grace_days": 3},
    )
    round_ = world.plan.rounds.get(name="2025年上半年")
    assert str(round_.lock_date) == "2025-07-13"


def test_task_with_filed_text_cannot_be_deleted(world, login):
    from conftest import fill_ready
    from filings.models import Submission

    submission = Submission.objects.open_for(world.round, world.unit_a)
    fill_ready(submission.filings.get(task=world.tasks[0]), world.filler_a)
    response = login(world.office).post(reverse("plans:task_delete", args=[world.tasks[0].pk]), follow=True)
    assert "已有填报内容，不能删除" in response.content.decode()
    assert Task.objects.filter(pk=world.tasks[0].pk).exists()
