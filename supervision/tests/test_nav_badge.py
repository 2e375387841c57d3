"""The 待办 badge in the navigation bar is computed only for pages that show it."""

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
    assert client.post(reverse("filings:sheet_row", args=[filing.pk]), {f"f{filing.pk}-{k}": v for k, v in {"version": filing.version, "completion": "新增托位336个。", "completed": "no", "reason": "场地改造中", "problems": "", "self_assessment": "on_track"}.items()}, **HTMX).status_code == 200
    assert calls == []
    assert client.get(sub_a.get_absolute_url()).status_code == 200
    assert len(calls) == 1
