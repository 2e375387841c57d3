"""The conditional UPDATE behind Filing.save_edit has two guards, each with a test that fails without it:

* the version guard — a save based on an older version is refused (also test_cycle, test_sheet, the API's 409
  and the 20-thread race in test_save_race);
* the state guard — a save based on the *current* version is refused when the package was submitted, signed
  or approved, or the round locked, after the filler's page (or request) read the filing: the rights check
  happened before the step, the write comes after it.

Refused means nothing changes: text, version, history and indicator actuals stay as they were.
"""

from decimal import Decimal

import pytest

from conftest import fill_ready
from filings.models import Filing, IndicatorActual, Round, Submission


def _snapshot(filing):
    fresh = Filing.objects.get(pk=filing.pk)
    return (
        fresh.completion,
        fresh.version,
        fresh.history.count(),
        list(IndicatorActual.objects.filter(filing=filing).values_list("value", flat=True)),
    )


@pytest.fixture
def package(world):
    """The unit's package with every filing complete; ``filing`` is task 1's (with an indicator actual)."""
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(filing, world.filler_a)
    filing = submission.filings.get(task=world.tasks[0])
    assert filing.save_edit(
        world.filler_a, filing.version, {"completion": "新增托位336个。"}, {world.indicator: Decimal(336)}
    )
    return submission, Filing.objects.get(pk=filing.pk)


def _step(world, submission, state):
    submission = Submission.objects.get(pk=submission.pk)
    submission.submit(world.filler_a, "王婧", "0576-89025399")
    if state in ("signed", "approved"):
        submission.sign(world.signer_a)
    if state == "approved":
        submission.approve(world.office)
    assert Submission.objects.get(pk=submission.pk).state == state


@pytest.mark.parametrize("state", ["submitted", "signed", "approved"])
def test_a_save_on_the_current_version_is_refused_once_the_package_has_moved_on(world, package, state):
    submission, filing = package  # the filler's request holds this instance, read while the package was a draft
    before = _snapshot(filing)
    _step(world, submission, state)  # meanwhile: 提交 (and 签发, 审核通过)
    assert filing.version == before[1]  # the filler's version is still the current one: only the state guard can refuse
    assert (
        filing.save_edit(
            world.filler_a, filing.version, {"completion": "提交之后改的内容"}, {world.indicator: Decimal(999)}
        )
        is False
    )
    assert _snapshot(filing) == before


def test_a_save_is_refused_once_the_round_is_locked(world, package):
    submission, filing = package
    before = _snapshot(filing)
    Round.objects.filter(pk=world.round.pk).update(locked=True)
    assert filing.save_edit(world.filler_a, filing.version, {"completion": "锁定之后改的内容"}) is False
    assert _snapshot(filing) == before


def test_a_returned_package_is_editable_again(world, package):
    submission, filing = package
    _step(world, submission, "signed")
    Submission.objects.get(pk=submission.pk).send_back(world.office, "请补充托位数据来源。")
    assert filing.save_edit(world.filler_a, filing.version, {"completion": "补充后的内容"}) is True
    fresh = Filing.objects.get(pk=filing.pk)
    assert fresh.completion == "补充后的内容" and fresh.version == filing.version


def test_a_stale_version_is_refused_in_a_draft(world, package):
    submission, filing = package
    before = _snapshot(filing)
    assert filing.save_edit(world.filler_a, filing.version - 1, {"completion": "旧版本上改的内容"}) is False
    assert _snapshot(filing) == before
