"""协办意见: validated through a form (a clear 400, never a 500), open from the round's opening (before the lead
unit has opened its sheet, issue 21) and closed once the lead unit's package leaves draft or returned."""

import pytest
from django.urls import reverse

from conftest import fill_ready
from filings.models import Contribution, Submission


def post(client, world, **data):
    return client.post(reverse("filings:cooperation", args=[world.round.pk]), data)


@pytest.mark.parametrize("task", ["abc", "", "-1", str(10**20), "1.5"])
def test_a_malformed_task_is_a_clear_400(world, login, task):
    Submission.objects.open_for(world.round, world.unit_a)
    response = post(login(world.filler_b), world, task=task, text="协办意见")
    page = response.content.decode()
    assert response.status_code == 400 and ("请选择任务" in page or "不是它的配合单位" in page)
    assert not Contribution.objects.exists()


def test_missing_task_in_english_is_english_only(world, login):
    Submission.objects.open_for(world.round, world.unit_a)
    response = login(world.filler_b).post(
        reverse("filings:cooperation", args=[world.round.pk]), {"text": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Choose a task" in page and "请选择任务" not in page


def test_a_co_unit_may_write_as_soon_as_the_round_opens(world, login):
    client = login(world.filler_b)
    page = client.get(reverse("filings:cooperation", args=[world.round.pk])).content.decode()
    assert (
        'name="task"' in page and not Submission.objects.filter(unit=world.unit_a).exists()
    )  # reading creates nothing
    response = post(client, world, task=world.tasks[0].pk, text="疾控中心已完成托育机构卫生评价12家。")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    lead = Submission.objects.get(unit=world.unit_a, round=world.round)
    assert (
        lead.state == Submission.State.DRAFT
        and contribution.filing.submission == lead
        and contribution.filing.task == world.tasks[0]
    )
    sheet = login(world.filler_a).get(lead.get_absolute_url()).content.decode()
    assert "疾控中心已完成托育机构卫生评价12家。" in sheet


@pytest.mark.parametrize("state", ["submitted", "signed", "approved"])
def test_contributions_close_when_the_lead_package_leaves_draft(world, login, state):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(filing, world.filler_a)
    submission.submit(world.filler_a, "张三", "0576-1")
    if state in ("signed", "approved"):
        submission.sign(world.signer_a)
    if state == "approved":
        submission.approve(world.office)
    client = login(world.filler_b)
    page = client.get(reverse("filings:cooperation", args=[world.round.pk])).content.decode()
    assert "协办意见已关闭" in page and 'name="task"' not in page
    response = post(client, world, task=world.tasks[0].pk, text="迟到的协办意见")
    assert response.status_code == 409 and "协办意见已关闭" in response.content.decode()
    assert not Contribution.objects.exists()


def test_contributions_reopen_when_the_lead_package_is_returned(world, login):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(filing, world.filler_a)
    submission.submit(world.filler_a, "张三", "0576-1")
    submission.sign(world.signer_a)
    submission.send_back(world.office, "请补充")
    response = post(login(world.filler_b), world, task=world.tasks[0].pk, text="补充的协办意见")
    assert response.status_code == 302
    assert Contribution.objects.get().filing.submission == submission
