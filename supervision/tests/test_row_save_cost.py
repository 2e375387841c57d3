"""What a saved sheet row costs: only its own advice, and no navigation badge (the fragment has no nav bar)."""

from django.urls import reverse

from filings.models import Submission
from supervision import todo

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_row_save_over_htmx_computes_no_navigation_badge(world, login, monkeypatch):
    """The fragment has no navigation bar: its 待办 count is not queried (the full page still shows it)."""
    calls = []
    real = todo.counts
    monkeypatch.setattr(todo, "counts", lambda user: calls.append(user) or real(user))
    sub_a = Submission.objects.open_for(world.round, world.unit_a)
    client = login(world.filler_a)
    filing = sub_a.filings.get(task=world.tasks[0])
    assert (
        client.post(
            reverse("filings:sheet_row", args=[filing.pk]),
            {
                f"f{filing.pk}-{k}": v
                for k, v in {
                    "version": filing.version,
                    "completion": "新增托位336个。",
                    "completed": "no",
                    "reason": "场地改造中",
                    "problems": "",
                    "self_assessment": "on_track",
                }.items()
            },
            **HTMX,
        ).status_code
        == 200
    )
    assert calls == []
    assert client.get(sub_a.get_absolute_url()).status_code == 200
    assert len(calls) == 1


def test_a_saved_row_recomputes_its_own_advice_not_the_whole_sheets(world, login, monkeypatch):
    from supervision import advice

    sub_a = Submission.objects.open_for(world.round, world.unit_a)
    assert sub_a.filings.count() >= 2
    calls = []
    real = advice.propose
    monkeypatch.setattr(advice, "propose", lambda filing, *args: calls.append(filing.pk) or real(filing, *args))
    filing = sub_a.filings.get(task=world.tasks[0])
    data = {
        f"f{filing.pk}-{k}": v
        for k, v in {
            "version": filing.version,
            "completion": "新增托位336个。",
            "completed": "no",
            "reason": "场地改造中",
            "problems": "",
            "self_assessment": "on_track",
        }.items()
    }
    response = login(world.filler_a).post(reverse("filings:sheet_row", args=[filing.pk]), data, **HTMX)
    assert response.status_code == 200 and 'data-state="saved"' in response.content.decode()
    assert calls == [filing.pk]
