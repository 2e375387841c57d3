"""待办: what each role must do next, on the home page and as a count in the navigation bar."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import fill_ready
from filings.models import Round, Submission
from supervision import todo
from supervision.models import Extension, Reminder

TODAY = datetime.date(2025, 4, 25)


@pytest.fixture
def late_round(world):
    world.round.due = datetime.date(2025, 4, 20)
    world.round.save()
    return world


def _submit(world, unit, filler):
    sub = Submission.objects.open_for(world.round, unit)
    for f in sub.filings.all():
        fill_ready(f, filler, completion="新增托位336个，完成进度100%。", completed=False, reason="推进中")
    sub.submit(filler, "王婧", "0576-1")
    return sub


def test_filler_owes_the_round_with_days_overdue(late_round):
    items = todo.for_unit(late_round.filler_a, TODAY)
    assert [(o.round, o.light, o.days_overdue) for o in items.owed] == [(late_round.round, "overdue", 5)]


def test_filler_sees_a_returned_package_with_its_comment_reminders_and_extension_decisions(late_round, login):
    world = late_round
    sub = _submit(world, world.unit_a, world.filler_a)
    sub.send_back(world.signer_a, "第1项请补充数据来源")
    Reminder.objects.create(
        unit=world.unit_a,
        round=world.round,
        step="due",
        channel="email",
        recipient="a@x.example",
        status="sent",
        sent_at=timezone.now(),
    )
    Extension.objects.create(
        task=world.tasks[0],
        unit=world.unit_a,
        round=world.round,
        reason="等待统计",
        new_date=datetime.date(2025, 5, 10),
        decision="granted",
        decided_at=timezone.now(),
        decision_note="同意延至5月10日",
    )
    page = login(world.filler_a).get("/").content.decode()
    assert "第1项请补充数据来源" in page and "同意延至5月10日" in page and "截止当日" in page
    assert "逾期" in page


def test_signer_sees_packages_waiting_for_signature(world, login):
    _submit(world, world.unit_a, world.filler_a)
    page = login(world.signer_a).get("/").content.decode()
    assert "待签发的报送（1）" in page
    assert "待签发的报送（0）" in login(world.signer_b).get("/").content.decode()


def test_office_sees_reviews_overdue_units_extensions_and_flags(late_round, login):
    world = late_round
    sub = _submit(world, world.unit_a, world.filler_a)
    sub.sign(world.signer_a)
    Extension.objects.create(
        task=world.tasks[2],
        unit=world.unit_b,
        round=world.round,
        reason="等待设备",
        new_date=datetime.date(2025, 5, 30),
    )
    items = todo.for_office(world.office, TODAY)
    assert items.to_review == [sub]
    assert [(o["unit"], o["days"]) for o in items.overdue_units] == [(world.unit_b, 5)]
    assert len(items.pending_extensions) == 1
    assert any(f["filing"].task_id == world.tasks[0].pk for f in items.flagged)  # 完成进度100% but 未完成
    page = login(world.office).get("/").content.decode()
    assert "待审核的报送（1）" in page and "等待设备" not in page and "区疾控中心" in page


def test_navigation_shows_the_to_do_count(world, login):
    _submit(world, world.unit_a, world.filler_a)
    assert todo.counts(world.signer_a) == {"todo": 1}
    assert todo.counts(world.filler_b) == {"todo": 1}  # unit B owes the open round
    assert todo.counts(world.filler_a) == {"todo": 0}
    page = login(world.signer_a).get(reverse("filings:my_rounds")).content.decode()
    assert '<span class="badge"' in page


def test_a_pending_extension_shows_on_the_filing_and_on_the_sheet(world, login):
    sub = Submission.objects.open_for(world.round, world.unit_a)
    filing = sub.filings.get(task=world.tasks[0])
    Extension.objects.create(
        task=world.tasks[0],
        unit=world.unit_a,
        round=world.round,
        reason="等待统计",
        new_date=datetime.date(2099, 5, 10),
    )
    for url in (filing.get_absolute_url(), sub.get_absolute_url()):
        page = login(world.office).get(url).content.decode()
        assert "延期申请：延至" in page and "待审批" in page, url


def test_office_to_do_is_a_constant_number_of_queries_whatever_the_number_of_rounds(late_round):
    """The office home checks figures over up to five open rounds: the queries do not grow with them."""
    world = late_round

    def count():
        with CaptureQueriesContext(connection) as ctx:
            items = todo.for_office(world.office, TODAY)
        return len(ctx.captured_queries), items

    def add_round(n):
        round_ = Round.objects.create(
            plan=world.plan, name=f"第{n}轮", as_of=datetime.date(2025, 1, n), due=datetime.date(2025, 4, n)
        )
        sub = Submission.objects.open_for(round_, world.unit_a)
        for f in sub.filings.all():
            fill_ready(f, world.filler_a, completion=f"第{n}轮：完成进度100%。", completed=False, reason="推进中")
        return round_

    _submit(world, world.unit_a, world.filler_a)
    add_round(1)  # a round before: the previous-round texts are read from the start
    two, items = count()
    assert len(items.flagged) == 4 and len(items.overdue_units) == 1 + 2
    for n in range(2, 5):
        add_round(n)
    many, items = count()
    assert many == two
    assert len({f["round"].pk for f in items.flagged}) == 5  # five rounds checked, each with its flags
    assert len(items.overdue_units) == 1 + 4 * 2  # B owes every round; A owes the four new ones (drafts), all past due


def test_the_to_do_home_and_its_nav_link_read_in_english_for_an_english_browser(world, login):
    page = login(world.filler_a).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>To do" in page or ">To do<" in page
    assert "待办" not in page


def test_filler_sees_each_reminder_once_with_its_text_and_link_and_not_the_held_ones(late_round, login):
    """One step sent to two addresses and the group robot is one reminder received; one held for the night is not
    received yet (issue 21)."""
    world = late_round
    now = timezone.now()
    for channel, recipient in (
        ("email", "a@x.example"),
        ("email", "b@x.example"),
        ("webhook", "https://robot.example/hook"),
    ):
        Reminder.objects.create(
            unit=world.unit_a,
            round=world.round,
            step="overdue-2",
            channel=channel,
            recipient=recipient,
            status="sent",
            sent_at=now,
        )
    Reminder.objects.create(
        unit=world.unit_a, round=world.round, step="overdue-4", channel="email", recipient="a@x.example", status="held"
    )
    items = todo.for_unit(world.filler_a, TODAY)
    assert [r.step for r in items.reminders] == ["overdue-2"]
    assert "已逾期2天" in items.reminders[0].text
    page = login(world.filler_a).get("/").content.decode()
    assert page.count('class="reminder"') == 1 and "逾期2天" in page and "逾期4天" not in page
    assert reverse("filings:round_mine", args=[world.round.pk]) in page


def test_my_rounds_says_how_many_days_an_owed_package_is_overdue_as_the_to_do_does(world, login, time_machine):
    Round.objects.filter(pk=world.round.pk).update(due=datetime.date(2025, 4, 20))
    time_machine.move_to(datetime.datetime(2025, 4, 25, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False)
    page = login(world.filler_b).get(reverse("filings:my_rounds")).content.decode()
    assert '<span class="overdue">逾期 5 天</span>' in page
    _submit(world, world.unit_a, world.filler_a)  # filed (late): no longer owed, no count
    page = login(world.filler_a).get(reverse("filings:my_rounds")).content.decode()
    assert "逾期" not in page
