"""催办记录's 节点 column reads 逾期2天, not the stored code ``overdue-2`` (issue 21, item 4)."""

from django.urls import reverse
from django.utils import timezone

from supervision.models import Reminder, step_label


def test_step_labels_in_chinese():
    assert [str(step_label(s)) for s in ("before-3", "due", "overdue-2", "manual-2025-04-21")] == [
        "截止前3天",
        "截止当日",
        "逾期2天",
        "一键催办（2025-04-21）",
    ]


def test_dashboard_reminder_log_shows_the_step_as_words(world, login):
    Reminder.objects.create(
        unit=world.unit_a,
        round=world.round,
        step="overdue-2",
        channel="email",
        recipient="a@x.example",
        status="sent",
        sent_at=timezone.now(),
    )
    html = (
        login(world.office)
        .get(reverse("supervision:round", args=[world.round.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
    )
    assert "逾期2天" in html
    assert "overdue-2" not in html
