"""The filler types indicator actuals as the plan writes them, and sees them again the same way."""

from decimal import Decimal

from filings.forms import FilingForm
from filings.models import IndicatorActual, Submission
from plans.models import Indicator


def test_initial_values_are_plain_and_in_the_documents_scale(world):
    signing = Indicator.objects.create(
        task=world.tasks[0], subject="签约", target_value=253900, unit="人", comparator="reach", scale=10000
    )
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.get(task=world.tasks[0])
    assert filing.save_edit(
        world.filler_a,
        filing.version,
        {"completion": "累计签约13.96万人。"},
        {world.indicator: Decimal("95"), signing: Decimal("139600")},
    )
    actuals = list(filing.actuals.select_related("indicator"))
    form = FilingForm(initial=FilingForm.initial_for(filing, actuals), indicators=[world.indicator, signing])
    assert form[f"actual_{world.indicator.pk}"].value() == "95"
    assert form[f"actual_{signing.pk}"].value() == "13.96"
    html = str(form)
    assert "95.0000" not in html and "139600" not in html
    assert "新增托位1900个" in html and "签约达到25.39万人" in html and "（万人）" in html


def test_an_actual_typed_in_wan_is_stored_in_base_units(world):
    signing = Indicator.objects.create(
        task=world.tasks[0], subject="签约", target_value=253900, unit="人", comparator="reach", scale=10000
    )
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.get(task=world.tasks[0])
    data = {
        "version": filing.version,
        "completion": "累计签约13.96万人。",
        "completed": "no",
        "reason": "推进中",
        "problems": "",
        "self_assessment": "on_track",
        f"actual_{signing.pk}": "13.96",
        f"actual_{world.indicator.pk}": "336",
    }
    form = FilingForm(data, indicators=[world.indicator, signing])
    assert form.is_valid(), form.errors
    assert filing.save_edit(world.filler_a, filing.version, form.filing_fields(), form.actual_values())
    assert IndicatorActual.objects.get(filing=filing, indicator=signing).value == Decimal("139600")
    assert IndicatorActual.objects.get(filing=filing, indicator=world.indicator).value == Decimal("336")
