"""Exactly one winner when 20 people save the same filing at the same version at once (optimistic lock).

Real threads with their own database connections: on PostgreSQL as deployed; on SQLite against a file database
(WAL, busy timeout, BEGIN IMMEDIATE as in settings), made for this test, since the in-memory test database
cannot be shared between connections.
"""

import threading

import pytest
from django.db import connections

from filings.models import Filing, Submission

RACERS = 20


def race(filing_pk, users):
    barrier = threading.Barrier(RACERS)
    results, errors = [], []

    def run(i):
        try:
            filing = Filing.objects.get(pk=filing_pk)
            barrier.wait(timeout=30)
            results.append(
                (i, filing.save_edit(users[i % len(users)], filing.version, {"completion": f"第{i}人的进展"}))
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_twenty_concurrent_saves_wins(sqlite_file_db, world):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    filing = submission.filings.get(task=world.tasks[0])
    start_version = filing.version
    results, errors = race(filing.pk, [world.filler_a, world.signer_a])
    assert not errors and len(results) == RACERS
    winners = [i for i, won in results if won]
    assert len(winners) == 1
    filing.refresh_from_db()
    assert filing.version == start_version + 1 and filing.completion == f"第{winners[0]}人的进展"
    assert filing.history.filter(version=start_version + 1).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_embedded_database_waits_for_writers_and_keeps_acknowledged_saves(sqlite_file_db):
    """SQLite as configured: WAL (readers never block the writer), BEGIN IMMEDIATE, a busy timeout, and
    synchronous=FULL so that a save acknowledged to the user survives a power cut."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"  # durable by default: fsync on commit
        return
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5
