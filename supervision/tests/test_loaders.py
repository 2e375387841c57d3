"""supervision.loaders: each kind of row loaded in one place, in bulk, with a query count that does not grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import fill_ready
from filings.models import Filing, IndicatorActual, Round, Submission
from plans.models import Indicator, Plan, Task
from supervision import loaders


def _round(world, name, as_of):
    return Round.objects.create(plan=world.plan, name=name, as_of=as_of, due=as_of + datetime.timedelta(days=10))


@pytest.fixture
def filed(world):
    """Unit A has filed task 1 (托位 336) and task 2; unit B — not the lead — holds a filing of task 1 too."""
    sub_a = Submission.objects.open_for(world.round, world.unit_a)
    first = sub_a.filings.get(task=world.tasks[0])
    first.save_edit(world.filler_a, 0, {"completion": "新增托位336个。"}, {world.indicator: 336})
    fill_ready(sub_a.filings.get(task=world.tasks[1]), world.filler_a, completion="第二项")
    sub_b = Submission.objects.open_for(world.round, world.unit_b)
    stray = Filing.objects.create(submission=sub_b, task=world.tasks[0], completion="协办单位的文字")
    IndicatorActual.objects.create(filing=stray, indicator=world.indicator, value=5)
    world.first, world.stray, world.sub_a, world.sub_b = first, stray, sub_a, sub_b
    return world


def test_actuals_are_grouped_by_filing_for_a_queryset_a_list_of_filings_or_ids(filed):
    w = filed
    expected = {w.first.pk: {w.indicator.pk: Decimal("336")}}
    assert loaders.actuals(Filing.objects.filter(submission=w.sub_a)) == expected
    assert loaders.actuals([w.first, *w.sub_a.filings.exclude(pk=w.first.pk)]) == expected
    assert loaders.actuals([w.first.pk]) == expected
    assert (
        loaders.actuals(Filing.objects.filter(submission__round=w.round).lead_only()) == expected
    )  # B's stray actual left out
    assert loaders.actuals([]) == {}


def test_indicators_are_grouped_by_task_in_the_plan_order(world):
    second = Indicator.objects.create(task=world.tasks[0], subject="床位", target_value=10, unit="张")
    other = Indicator.objects.create(task=world.tasks[2], subject="急救站", target_value=3, unit="个")
    by_task = loaders.indicators(world.plan.tasks.all())
    assert by_task == {world.tasks[0].pk: [world.indicator, second], world.tasks[2].pk: [other]}
    assert loaders.indicators([world.tasks[1]]) == {}  # a task without indicators is absent
    assert loaders.indicators({world.tasks[2].pk}) == {world.tasks[2].pk: [other]}


def test_previous_rounds_take_the_latest_earlier_round_of_the_same_plan_in_one_query(world):
    half = _round(world, "2025年上半年", datetime.date(2025, 6, 30))
    tie = _round(world, "2025年上半年（补）", datetime.date(2025, 6, 30))
    q3 = _round(world, "2025年第三季度", datetime.date(2025, 9, 30))
    other_plan = Plan.objects.create(year=2025, title="另一计划", issuer=world.bureau)
    elsewhere = Round.objects.create(
        plan=other_plan, name="2025年第二季度", as_of=datetime.date(2025, 5, 30), due=datetime.date(2025, 6, 10)
    )
    with CaptureQueriesContext(connection) as ctx:
        previous = loaders.previous_rounds([world.round, half, tie, q3, elsewhere])
    assert len(ctx.captured_queries) == 1
    assert previous == {world.round.pk: None, half.pk: world.round, tie.pk: world.round, q3.pk: tie, elsewhere.pk: None}
    assert loaders.previous_round(q3) == tie  # the same rule as the database's ORDER BY -as_of, -pk
    assert loaders.previous_rounds([]) == {}


def test_previous_texts_are_the_lead_units_unless_a_unit_is_named(filed):
    w = filed
    half = _round(w, "2025年上半年", datetime.date(2025, 6, 30))
    twin = _round(w, "2025年上半年（另）", datetime.date(2025, 6, 30))
    previous = loaders.previous_rounds([w.round, half, twin])
    with CaptureQueriesContext(connection) as ctx:
        lead = loaders.previous_texts(previous)
    assert len(ctx.captured_queries) == 1
    texts = {
        w.tasks[0].pk: "新增托位336个。",
        w.tasks[1].pk: "第二项",
        w.tasks[2].pk: "",
    }  # B leads task 3, not yet written
    assert lead == {w.round.pk: {}, half.pk: texts, twin.pk: texts}
    assert loaders.previous_texts(previous, unit=w.unit_b)[half.pk] == {
        w.tasks[0].pk: "协办单位的文字",
        w.tasks[2].pk: "",
    }
    assert loaders.previous_texts(previous, unit=w.unit_a, task=w.tasks[1].pk)[half.pk] == {w.tasks[1].pk: "第二项"}
    with CaptureQueriesContext(connection) as ctx:
        assert loaders.previous_texts(loaders.previous_rounds([w.round])) == {w.round.pk: {}}
    assert len(ctx.captured_queries) == 1  # the rounds only: no previous round, no text query


def test_each_loader_is_one_query_whatever_the_number_of_tasks(world):
    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def load_all():
        loaders.actuals(Filing.objects.filter(submission__round=world.round).lead_only())
        loaders.indicators(world.plan.tasks.all())
        loaders.previous_texts(loaders.previous_rounds([world.round]))

    few = count(load_all)
    tasks = Task.objects.bulk_create(
        [Task(plan=world.plan, number=str(10 + i), text=f"任务{i}", lead_unit=world.unit_a) for i in range(60)]
    )
    Indicator.objects.bulk_create([Indicator(task=t, subject="床位", target_value=100, unit="张") for t in tasks])
    submission = Submission.objects.open_for(world.round, world.unit_a)
    indicators = {i.task_id: i for i in Indicator.objects.filter(task__in=tasks)}
    IndicatorActual.objects.bulk_create(
        [
            IndicatorActual(filing=f, indicator=indicators[f.task_id], value=1)
            for f in submission.filings.filter(task__in=tasks)
        ]
    )
    assert len(loaders.actuals(submission.filings.all())) == 60
    assert count(load_all) == few == 3  # no previous round: no text query
