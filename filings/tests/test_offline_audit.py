"""一表填报 downloads are recorded in the audit log as every export is: the unit's sheet and the office's
代录入 round table each write one event naming who took which package or round, in which format; a refused
download (another unit's package, a unit user at the round table, a locked round) writes none."""

from django.urls import reverse

from audit.log import verify
from audit.models import Event, Kind


def exports():
    return list(Event.objects.filter(kind=Kind.EXPORT).order_by("pk"))


def test_the_units_offline_sheet_download_is_one_audit_event_naming_the_user_and_the_package(world, sub_a, login):
    response = login(world.filler_a).get(reverse("filings:offline_download", args=[sub_a.pk]))
    assert response.status_code == 200
    [event] = exports()
    assert (event.user_id, event.username) == (world.filler_a.pk, world.filler_a.username)
    assert (event.object_type, event.object_id) == ("filings.submission", str(sub_a.pk))
    assert event.details == {"format": "xlsx"} and event.action.startswith(world.unit_a.name)
    assert verify() == (len(Event.objects.all()), None, "")


def test_a_refused_offline_sheet_download_writes_no_audit_event(world, sub_a, login):
    assert login(world.filler_b).get(reverse("filings:offline_download", args=[sub_a.pk])).status_code == 404
    assert login(world.office).get(reverse("filings:offline_download", args=[sub_a.pk])).status_code == 403
    assert exports() == []


def test_the_offices_round_table_download_is_one_audit_event_naming_the_user_and_the_round(world, login):
    response = login(world.office).get(reverse("filings:round_offline_download", args=[world.round.pk]))
    assert response.status_code == 200
    [event] = exports()
    assert (event.user_id, event.username) == (world.office.pk, world.office.username)
    assert (event.object_type, event.object_id) == ("filings.round", str(world.round.pk))
    assert event.details == {"format": "xlsx"}


def test_a_refused_round_table_download_writes_no_audit_event(world, login):
    url = reverse("filings:round_offline_download", args=[world.round.pk])
    assert login(world.filler_a).get(url).status_code == 403
    world.round.locked = True
    world.round.save()
    assert login(world.office).get(url)["Location"] == world.round.get_absolute_url()  # NotNow: locked
    assert exports() == []
