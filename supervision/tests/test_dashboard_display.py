"""The round dashboard's display rows: what the template prints, computed once per page (links reversed once,
labels and dates made once per distinct value), exactly as the template's own tags and filters printed them."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from conftest import fill_ready, make_user
from filings.models import Submission
from plans.models import Indicator, Task
from supervision import dashboard, loaders, quality
from supervision.models import Extension, Reminder
from units.models import Unit, User

from .test_views import dashboard_queries

NOON = datetime.datetime(2025, 5, 2, 12)  # after world's round is due (moved to 20 Apr below)


@pytest.fixture
def late_round(world, time_machine):
    """world's round due on 20 Apr 2025, the clock at noon of 2 May: unit_a has a draft, unit_b nothing yet."""
    time_machine.move_to(timezone.make_aware(NOON), tick=False)
    world.round.due = datetime.date(2025, 4, 20)
    world.round.save()
    Submission.objects.open_for(world.round, world.unit_a)
    return world.round


def render(source, **context):
    return Template(source).render(Context(context))


def test_grid_and_attention_rows_carry_the_links_the_template_reversed_per_row(world, late_round):
    filing = Submission.objects.get(round=late_round, unit=world.unit_a).filings.get(task=world.tasks[1])
    fill_ready(filing, world.filler_a, self_assessment="behind", problems="人手不足")  # 自评滞后: needs attention
    overview = dashboard.round_overview(late_round)
    tables = dashboard.dashboard_display(overview, overview.attention)
    grid, attention = tables["unit_grid"], tables["attention"]
    by_unit = {row["unit"]["pk"]: row for row in grid}
    a, b = by_unit[world.unit_a.pk], by_unit[world.unit_b.pk]
    assert a["unit_url"] == reverse("supervision:unit", args=[world.unit_a.pk]) + f"?plan={world.plan.pk}"
    sub_a = Submission.objects.get(round=late_round, unit=world.unit_a)
    assert a["submission_url"] == reverse("filings:submission", args=[sub_a.pk])
    assert b["submission_url"] == ""  # no package: no 查看 link
    [row] = [row for row in attention if row["number"] == "2"]
    assert row["task_url"] == reverse("supervision:task", args=[world.tasks[1].pk])
    assert row["filing_url"] == reverse("filings:filing", args=[filing.pk])


def test_state_columns_mark_only_the_units_own_state_with_its_name(world, late_round):
    overview = dashboard.round_overview(late_round)
    grid = dashboard.dashboard_display(overview, [])["unit_grid"]
    columns = [key for key, _label in dashboard.status_columns()]
    for row in grid:
        cells = str(row["marks"]).split('<td class="mark">')[1:]
        assert len(cells) == len(columns)
        marked = [i for i, cell in enumerate(cells) if "●" in cell]
        assert marked == [columns.index(row["state"])]
    a = next(row for row in grid if row["unit"]["pk"] == world.unit_a.pk)
    assert '●<span class="visually-hidden"> 草稿</span>' in str(a["marks"])


def test_overdue_rows_print_the_state_badge_and_due_date_as_the_shared_templates_did(world, late_round):
    overview = dashboard.round_overview(late_round)
    for language, draft, missing in (("zh-hans", "草稿", "未开始"), ("en", "Draft", "Not started")):
        with translation.override(language):
            overdue = dashboard.dashboard_display(overview, [])["overdue"]
            by_unit = {row["unit"]["pk"]: row for row in overdue}
            assert (by_unit[world.unit_a.pk]["state_class"], by_unit[world.unit_a.pk]["state_label"]) == (
                "draft",
                draft,
            )
            assert (by_unit[world.unit_b.pk]["state_class"], by_unit[world.unit_b.pk]["state_label"]) == (
                "none",
                missing,
            )
            badge = render('{% include "filings/_state.html" %}', submission=None).strip()
            assert badge == f'<span class="state state-none">{missing}</span>'
    for row in overdue:
        assert row["due_text"] == render('{{ d|date:"Y-m-d" }}', d=late_round.due) == "2025-04-20"
        assert row["days_overdue"] == 12


def test_a_granted_extension_prints_its_date_beside_the_units_due_date(world, late_round):
    Extension.objects.create(
        task=world.tasks[2],
        unit=world.unit_b,
        round=late_round,
        reason="r",
        new_date=datetime.date(2025, 5, 31),
        decision=Extension.Decision.GRANTED,
    )
    grid = dashboard.dashboard_display(dashboard.round_overview(late_round), [])["unit_grid"]
    b = next(row for row in grid if row["unit"]["pk"] == world.unit_b.pk)
    assert b["extended_text"] == "2025-05-31"
    assert next(row for row in grid if row["unit"]["pk"] == world.unit_a.pk)["extended_text"] == ""


def test_quality_cell_shows_four_lines_of_a_part_then_an_ellipsis_escaped(world):
    lines = [f"任务{i}：<b>未填写</b>" for i in range(6)]
    result = quality.UnitQuality(
        world.unit_a,
        None,
        [
            quality.Part("on_time", "按时报送", Decimal("25"), ["按时。"]),
            quality.Part("fields", "填报完整", Decimal("12.5"), lines),
            quality.Part("copies", "未照搬", None, ["照搬检查尚未运行。"]),
        ],
    )
    cell = quality.cells(world.round, [result])[world.unit_a.pk]
    assert cell["url"] == reverse("supervision:quality", args=[world.round.pk, world.unit_a.pk])
    assert cell["score"] == "75"  # 37.5 of the 50 points judged
    on_time, fields, copied = str(cell["parts"]).split("</li>")[:3]
    assert on_time == '<li><strong>按时报送</strong> 25/25<br><span class="muted">按时。</span>'
    assert fields.startswith("<li><strong>填报完整</strong> 12.5/25<br>")
    assert copied == '<li><strong>未照搬</strong> —<br><span class="muted">照搬检查尚未运行。</span>'
    assert fields.count('<br><span class="muted">') == 5 and fields.endswith('<br><span class="muted">…</span>')
    assert "&lt;b&gt;未填写&lt;/b&gt;" in fields and "<b>" not in fields and "任务4" not in fields
    nothing = quality.UnitQuality(world.unit_b, None, [quality.Part("copies", "未照搬", None, [])])
    assert quality.cells(world.round, [nothing])[world.unit_b.pk]["score"] == "—"


def test_reminder_rows_print_as_the_template_filters_did(world, late_round):
    long_address = "someone.with.a.rather.long.address@bureau-of-health.example.org"
    error = "SMTP <refused> & closed " * 6
    at = timezone.make_aware(datetime.datetime(2025, 5, 1, 23, 30))
    for step, status in (("overdue-2", "failed"), ("odd-code", "held")):
        Reminder.objects.create(
            unit=world.unit_a,
            round=late_round,
            step=step,
            channel="webhook",
            recipient=long_address,
            status=status,
            attempts=2,
            error=error,
            next_try_at=at if status == "failed" else None,
        )
    Reminder.objects.filter(round=late_round).update(created_at=at)
    reminders = list(Reminder.objects.filter(round=late_round).select_related("unit").order_by("pk"))
    with translation.override("en"):
        first, second = dashboard.reminder_rows(reminders)
        assert (first["channel_label"], first["status_label"], first["step_label"]) == (
            "Group bot",
            str(Reminder.Status.FAILED.label),
            render("{{ r.step_label }}", r=reminders[0]),
        )
        assert second["step_label"] == "odd-code" and second["status_label"] == str(Reminder.Status.HELD.label)
    for language in ("zh-hans", "en"):  # each cuts a text with its own ellipsis (Chinese: "...")
        with translation.override(language):
            first, second = dashboard.reminder_rows(reminders)
            printed = render("{{ a.recipient }}|{{ a.error }}|{{ a.created_at }}", a=first)
            assert printed == render(
                '{{ r.recipient|truncatechars:40 }}|{{ r.error|truncatechars:80 }}|{{ r.created_at|date:"Y-m-d H:i" }}',
                r=reminders[0],
            )
            assert "&lt;refused&gt; &amp; closed" in printed
    assert first["unit_label"] == "医政科"
    assert first["created_at"] == first["next_try_at"] == "2025-05-01 23:30" and second["next_try_at"] == ""


def test_indicator_values_hold_what_the_indicators_say(world):
    Indicator.objects.create(
        task=world.tasks[1],
        subject="就诊率",
        target_value=Decimal("90"),
        unit="%",
        comparator=Indicator.Comparator.REACH,
        baseline=Decimal("85.5"),
        scale=1,
    )
    Indicator.objects.create(
        task=world.tasks[1], subject="签约", target_value=Decimal("253900"), unit="人", scale=10000
    )
    tasks = [t.pk for t in world.tasks]
    models, values = loaders.indicators(tasks), loaders.indicator_values(tasks)
    assert models.keys() == values.keys()
    fields = loaders.IndicatorValues._fields
    for task_id, indicators in models.items():
        assert [tuple(getattr(i, f) for f in fields) for i in indicators] == [tuple(v) for v in values[task_id]]


def test_the_dashboard_runs_as_many_queries_for_many_units_reminders_and_extensions_as_for_few(world, login):
    client = login(world.office)

    def count():
        return dashboard_queries(client, world.round)

    def add_units(n, start):
        for i in range(start, start + n):
            unit = Unit.objects.create(name=f"乡镇卫生院{i}", parent=world.bureau, order=10 + i)
            filler = make_user(f"filler{i}", unit, User.Role.FILLER)
            task = Task.objects.create(
                plan=world.plan, section=world.sections[1], number=str(100 + i), text="t", lead_unit=unit
            )
            submission = Submission.objects.open_for(world.round, unit)
            filing = submission.filings.get()
            assert filing.save_edit(
                filler, filing.version, {"completion": "新增床位5张。", "self_assessment": "behind"}
            )
            for step in ("before-3", "due"):
                Reminder.objects.create(
                    unit=unit, round=world.round, step=step, channel="email", recipient=f"u{i}@x.example", status="sent"
                )
            Extension.objects.create(
                task=task,
                unit=unit,
                round=world.round,
                reason="r",
                new_date=datetime.date(2099, 5, 1),
                requested_by=filler,
            )

    add_units(1, 0)
    few = count()
    add_units(12, 1)
    assert count() == few


def test_rates_tables_print_each_rate_as_the_template_did_and_a_dash_where_unknown(world, late_round):
    filing = Submission.objects.get(round=late_round, unit=world.unit_a).filings.get(task=world.tasks[0])
    fill_ready(filing, world.filler_a, completed=False, reason="推进中")
    overview = dashboard.round_overview(late_round)
    tables = dashboard.dashboard_display(overview, [])
    source = (
        "{% if s.completion_rate is None %}—{% else %}{{ s.completion_rate }}%{% endif %}|"
        "{% if s.lag_rate_self is None %}—{% else %}{{ s.lag_rate_self }}%{% endif %}|{{ s.lag_rate_proposed }}%"
    )
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for groups, rows in ((overview.by_section, tables["by_section"]), (overview.by_unit, tables["by_unit"])):
                assert len(rows) == len(groups)
                for s, row in zip(groups, rows, strict=True):
                    assert f"{row['completion']}|{row['lag_self']}|{row['lag_proposed']}" == render(source, s=s)
    a = next(row for row in tables["by_unit"] if row["label"] == world.unit_a.name)
    assert (a["tasks"], a["completion"], a["lag_self"]) == (2, "0.0%", "0.0%")
    b = next(row for row in tables["by_unit"] if row["label"] == world.unit_b.name)
    assert (b["completion"], b["lag_self"]) == ("—", "—")  # nothing filled in: unknown, not 0%


def test_extension_rows_print_as_the_template_did_with_one_decide_link_each(world, late_round):
    made = [
        Extension.objects.create(
            task=task,
            unit=task.lead_unit,
            round=late_round,
            reason="人手<不足>",
            new_date=datetime.date(2025, 5, 31),
            decision=decision,
            decided_by=decider,
        )
        for task, decision, decider in (
            (world.tasks[0], Extension.Decision.PENDING, None),
            (world.tasks[1], Extension.Decision.GRANTED, world.office),
            (world.tasks[2], Extension.Decision.REFUSED, None),
        )
    ]
    extensions = list(Extension.objects.filter(round=late_round).select_related("unit", "task", "decided_by"))
    source = "{{ e.unit.name }}|{{ e.task.number }}|{{ e.new_date|date:'Y-m-d' }}|{{ e.reason }}|{{ e.get_decision_display }}（{{ e.decided_by }}）"
    for language in ("zh-hans", "en"):
        with translation.override(language):
            rows = dashboard.extension_rows(extensions)
            for e, row in zip(extensions, rows, strict=True):
                printed = "{{ r.unit_name }}|{{ r.task_number }}|{{ r.new_date }}|{{ r.reason }}|{{ r.decision_label }}（{{ r.decided_by }}）"
                assert render(printed, r=row) == render(source, e=e)
                assert row["decide_url"] == reverse("supervision:extension_decide", args=[e.pk])
                assert row["pending"] == (e.decision == "pending")
    assert [row["pending"] for row in rows] == [e.decision == "pending" for e in extensions]
    assert {e.pk for e in made} == {e.pk for e in extensions}
    # the granted one moves its task's due date on the overview, whether the caller loaded the 延期 or not
    assert (
        dashboard.round_overview(late_round, extensions=extensions).granted
        == dashboard.round_overview(late_round).granted
    )
    assert dashboard.round_overview(late_round).granted == {
        (world.unit_a.pk, world.tasks[1].pk): datetime.date(2025, 5, 31)
    }
