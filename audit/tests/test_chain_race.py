"""The audit chain stays one chain when many requests record at once: no fork (two events on the same previous
hash), no gap (an event whose previous one is missing), and ``verify_audit`` passes.

Real threads, each with its own database connection, start together at a barrier and append events; some
append inside an outer transaction that then rolls back (a step that failed), which must take its events and
its move of the chain head with it. On PostgreSQL, as deployed (appends serialised by ``select_for_update`` on
the chain row); on SQLite against a file database made for the test (BEGIN IMMEDIATE), like
filings/tests/test_save_race.py. scripts/test runs this file in its PostgreSQL leg too.
"""

import datetime
import io
import threading
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections, transaction

from audit.log import record, verify
from audit.models import GENESIS, Chain, Event, Kind

THREADS = 8
EACH = 12  # events a thread appends; every third inside an outer transaction that rolls back
START = datetime.datetime(2025, 6, 2, 4, 0, tzinfo=datetime.UTC)


class RolledBack(Exception):
    pass


def append_at_once():
    """Every thread appends EACH events (one in three rolled back with its outer transaction); returns the
    (thread, n) of the events that were committed, and the errors."""
    barrier = threading.Barrier(THREADS)
    kept, errors = [], []

    def run(t):
        try:
            barrier.wait(timeout=60)
            for n in range(EACH):
                if n % 3 == 2:
                    try:
                        with transaction.atomic():
                            record(Kind.EXPORT, action=f"t{t}-{n}", object_type="test.race", object_id=f"{t}-{n}")
                            raise RolledBack
                    except RolledBack:
                        continue
                record(Kind.EXPORT, action=f"t{t}-{n}", object_type="test.race", object_id=f"{t}-{n}")
                kept.append(f"{t}-{n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a thread still waits for the chain"
    return kept, errors


def assert_one_intact_chain(expected_ids, before=0):
    events = list(Event.objects.order_by("pk"))
    forks = [prev[:12] for prev, n in Counter(event.prev_hash for event in events).items() if n > 1]
    assert not forks, f"the chain forked: several events follow each of {forks}"
    for earlier, later in zip(events, events[1:], strict=False):
        assert later.prev_hash == earlier.hash, f"event {later.pk} does not follow event {earlier.pk}"
    raced = [event.object_id for event in events if event.object_type == "test.race"]
    assert sorted(raced) == sorted(expected_ids)  # every committed event kept, every rolled-back one gone
    assert verify() == (before + len(expected_ids), None, "")
    assert Chain.objects.get(pk=1).head_hash == events[-1].hash
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"intact: {before + len(expected_ids)} records" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_events_recorded_at_once_onto_an_existing_chain_make_one_intact_chain(sqlite_file_db):
    with time_machine.travel(START, tick=True):
        for n in range(3):
            record(Kind.AUDIT, action=f"before-{n}")
        kept, errors = append_at_once()
    assert not errors
    assert len(kept) == THREADS * (EACH - EACH // 3)
    assert_one_intact_chain(kept, before=3)


@pytest.mark.django_db(transaction=True)
def test_the_first_events_of_a_new_database_recorded_at_once_make_one_intact_chain(sqlite_file_db):
    """No chain row yet (a database whose chain row is gone, or never made): the threads that find none
    create it once between them, and the chain still starts at the genesis hash."""
    Event.objects.all().purge_before(START + datetime.timedelta(days=3650))
    Chain.objects.all().delete()
    with time_machine.travel(START, tick=True):
        kept, errors = append_at_once()
    assert not errors
    assert Chain.objects.count() == 1
    assert Event.objects.order_by("pk").first().prev_hash == GENESIS
    assert_one_intact_chain(kept)
