"""The owing states, Submission.objects.open_for, Filing.objects.lead_only and IndicatorActual.objects.by_filing."""

from decimal import Decimal

from filings.models import Filing, IndicatorActual, Submission


def test_the_owing_states_are_one_constant_beside_the_choices():
    assert Submission.State.OWING == ("missing", "draft", "returned")
    assert Submission.State.MISSING in Submission.State.OWING
    assert Submission.State.DRAFT in Submission.State.OWING and Submission.State.RETURNED in Submission.State.OWING
    assert Submission.State.SUBMITTED not in Submission.State.OWING
    assert "missing" not in Submission.State.values and len(Submission.State.choices) == 5  # not a stored state


def test_open_for_starts_the_submission_once_with_a_filing_per_led_task(world):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    assert submission.state == Submission.State.DRAFT
    assert sorted(submission.filings.values_list("task_id", flat=True)) == [world.tasks[0].pk, world.tasks[1].pk]
    assert Submission.objects.open_for(world.round, world.unit_a) == submission
    assert Filing.objects.filter(submission=submission).count() == 2


def test_lead_only_keeps_the_lead_units_filing_of_each_task(world):
    lead = Submission.objects.open_for(world.round, world.unit_a).filings.get(task=world.tasks[0])
    co = Filing.objects.create(submission=Submission.objects.open_for(world.round, world.unit_b), task=world.tasks[0])
    round_filings = Filing.objects.filter(submission__round=world.round)
    assert co in round_filings and co not in round_filings.lead_only()
    assert lead in round_filings.lead_only() and round_filings.lead_only().count() == 3  # A's two tasks, B's task 3


def test_actuals_by_filing(world):
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.get(task=world.tasks[0])
    filing.save_edit(world.filler_a, 0, {"completion": "新增托位336个。"}, {world.indicator: 336})
    assert IndicatorActual.objects.filter(filing__in=[filing]).by_filing() == {
        filing.pk: {world.indicator.pk: Decimal("336")}
    }
    assert IndicatorActual.objects.none().by_filing() == {}
