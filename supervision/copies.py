"""照搬检查, stored: each filing's 完成情况 against the unit's previous round, other units' texts of the
same round and the plan's task text (the pure similarity is ``copycheck``).

It never runs while a page waits for it: ``check_filing`` runs after a filing's save is committed (the
post_save hook registered in SupervisionConfig.ready, via ``transaction.on_commit``) and finds the
round's similar texts through the stored MinHash band keys (CopyBand, indexed) instead of reading the
round; ``check_round`` redoes a whole round in one batch (``manage.py check_copies``, the job
``supervision.jobs.check_copies``). Pages only read CopyCheck / CopyMatch.
"""

import threading
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from filings.models import Filing, Round

from . import copycheck, loaders
from .models import CopyBand, CopyCheck, CopyMatch


def _hashes(text):
    """The text's shingles, or none when it is too short to judge."""
    if len(copycheck.normalise(text)) < settings.DUBAN_COPY_MIN_CHARS:
        return frozenset()
    return copycheck.shingles(text)


def _match(round_id, filing, kind, other, other_text, score):
    """``filing``: (id, 完成情况)."""
    run = copycheck.longest_common_run(filing[1], other_text)
    return CopyMatch(
        round_id=round_id,
        filing_id=filing[0],
        kind=kind,
        other_id=other,
        score=score,
        a_start=run.a_start,
        a_end=run.a_end,
        b_start=run.b_start,
        b_end=run.b_end,
    )


def _own_matches(round_id, filing, hashes, previous_text, previous_id, task_text, task_hashes=None):
    """The matches against the unit's previous round and the plan's task text."""
    threshold = settings.DUBAN_COPY_THRESHOLD
    out = []
    if previous_text:
        score = copycheck.containment(hashes, copycheck.shingles(previous_text))
        if score >= threshold:
            out.append(_match(round_id, filing, CopyMatch.Kind.PREVIOUS, previous_id, previous_text, score))
    score = copycheck.containment(hashes, copycheck.shingles(task_text) if task_hashes is None else task_hashes)
    if score >= threshold:
        out.append(_match(round_id, filing, CopyMatch.Kind.PLAN, None, task_text, score))
    return out


def _insert_bands(rows):
    """Insert (round id, filing id, key) rows: twenty a filing, 120 000 for a round of 6 000 filings — one
    executemany instead of as many model instances (which would cost most of the batch)."""
    if not rows:
        return
    table = connection.ops.quote_name(CopyBand._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("round_id", "filing_id", "key"))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)", rows)


BATCH_OVER = 50  # more filings of one round saved in one transaction (an import): check the round in one batch

_pending = threading.local()  # the filings saved in the current transaction, checked once it commits


def on_filing_saved(sender, instance, created=False, raw=False, **kwargs):
    """post_save of a Filing: check it once the save is committed (never inside the saving transaction).

    The filings saved in one transaction are checked together after it commits: one by one, or — for
    an import writing many filings of a round — the round in one batch.
    """
    if raw or created and not instance.completion:
        return
    ids = getattr(_pending, "ids", None)
    if ids is not None and any(entry[1] is _run_pending for entry in connection.run_on_commit):
        ids.add(instance.pk)
        return
    _pending.ids = {instance.pk}  # a rolled-back transaction's set is dropped here
    transaction.on_commit(_run_pending)


def _run_pending():
    ids, _pending.ids = getattr(_pending, "ids", None) or set(), None
    by_round = {}
    for pk, round_id in Filing.objects.filter(pk__in=ids).values_list("pk", "submission__round_id"):
        by_round.setdefault(round_id, []).append(pk)
    for round_id, pks in sorted(by_round.items()):
        if len(pks) > BATCH_OVER:
            check_round(Round.objects.get(pk=round_id))
        else:
            for pk in sorted(pks):
                check_filing(pk)


@transaction.atomic
def check_filing(filing_id):
    """Check one filing now and store the result; the other units' matches with it are kept symmetric."""
    filing = Filing.objects.select_related("submission__round", "task").filter(pk=filing_id).first()
    if filing is None:
        return None
    round_ = filing.submission.round
    CopyMatch.objects.filter(filing=filing).delete()
    CopyMatch.objects.filter(other=filing, kind=CopyMatch.Kind.PEER).delete()
    CopyBand.objects.filter(filing=filing).delete()
    hashes = _hashes(filing.completion)
    matches = []
    if hashes:
        prev_round = loaders.previous_round(round_)
        previous = None
        if prev_round is not None:
            previous = (
                Filing.objects.filter(
                    submission__round=prev_round, submission__unit=filing.submission.unit_id, task=filing.task_id
                )
                .values_list("pk", "completion")
                .first()
            )
        matches = _own_matches(
            round_.pk,
            (filing.pk, filing.completion),
            hashes,
            previous and previous[1],
            previous and previous[0],
            filing.task.text,
        )
        keys = copycheck.band_keys(copycheck.signature(hashes))
        # The texts sharing the most band keys with this one (a key every unit shares adds little).
        shared = CopyBand.objects.filter(round=round_, key__in=keys).exclude(
            filing__submission__unit=filing.submission.unit_id
        )
        candidates = [
            pk
            for pk, _n in shared.values("filing_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "filing_id")
            .values_list("filing_id", "n")[: copycheck.BUCKET_LIMIT]
        ]
        for other_id, text in Filing.objects.filter(pk__in=candidates).values_list("pk", "completion"):
            score = copycheck.overlap(hashes, _hashes(text))
            if score >= settings.DUBAN_COPY_THRESHOLD:
                matches.append(
                    _match(round_.pk, (filing.pk, filing.completion), CopyMatch.Kind.PEER, other_id, text, score)
                )
        _insert_bands([(round_.pk, filing.pk, key) for key in keys])
    CopyMatch.objects.bulk_create(matches)
    CopyCheck.objects.update_or_create(
        filing=filing, defaults={"round": round_, "version": filing.version, "checked_at": timezone.now()}
    )
    return matches


@transaction.atomic
def check_round(round_, progress=None):
    """Check every filing of a round in one batch (LSH over the round's texts); returns the number of matches."""
    rows = list(
        Filing.objects.filter(submission__round=round_).values_list(
            "pk", "submission__unit_id", "task_id", "completion", "version", "task__text"
        )
    )
    prev_round = loaders.previous_round(round_)
    previous = {}
    if prev_round is not None:
        for pk, unit_id, task_id, text in Filing.objects.filter(submission__round=prev_round).values_list(
            "pk", "submission__unit_id", "task_id", "completion"
        ):
            previous[(unit_id, task_id)] = (pk, text)
    CopyMatch.objects.filter(round=round_).delete()
    CopyBand.objects.filter(round=round_).delete()
    CopyCheck.objects.filter(round=round_).delete()
    docs, texts, matches, bands, task_hashes = [], {}, [], [], {}
    for i, (pk, unit_id, task_id, text, _version, task_text) in enumerate(rows):
        hashes = _hashes(text)
        texts[pk] = text
        if not hashes:
            continue
        prev_pk, prev_text = previous.get((unit_id, task_id), (None, None))
        if task_id not in task_hashes:
            task_hashes[task_id] = copycheck.shingles(task_text)
        matches.extend(_own_matches(round_.pk, (pk, text), hashes, prev_text, prev_pk, task_text, task_hashes[task_id]))
        keys = tuple(copycheck.band_keys(copycheck.signature(hashes)))
        docs.append(copycheck.Doc(pk, unit_id, hashes, keys))
        bands.extend((round_.pk, pk, key) for key in keys)
        if progress and i % 500 == 0:
            progress(i, len(rows))
    for pair in copycheck.similar_pairs(docs, settings.DUBAN_COPY_THRESHOLD):
        matches.append(
            _match(round_.pk, (pair.a, texts[pair.a]), CopyMatch.Kind.PEER, pair.b, texts[pair.b], pair.score)
        )
    now = timezone.now()
    _insert_bands(bands)
    CopyMatch.objects.bulk_create(matches, batch_size=2000)
    CopyCheck.objects.bulk_create(
        [
            CopyCheck(filing_id=pk, round_id=round_.pk, version=version, checked_at=now)
            for pk, _u, _t, _x, version, _tt in rows
        ],
        batch_size=2000,
    )
    return len(matches)


class Match(NamedTuple):
    """A stored CopyMatch as seen from ``filing_id``'s side (its passage is ``a``)."""

    filing_id: int
    other_id: int | None
    kind: str
    score: float
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def matches_for(round_, filing_ids):
    """{filing id: [Match seen from that filing]} — a peer match stored from the other side is turned
    round (its ``filing``/``other`` and the two passages swapped), so each unit sees its own text first.

    Plain tuples: a round where every unit writes the same template sentence has thousands of matches."""
    filing_ids = set(filing_ids)
    out = {pk: [] for pk in filing_ids}
    rows = CopyMatch.objects.filter(
        Q(filing__in=filing_ids) | Q(other__in=filing_ids, kind=CopyMatch.Kind.PEER), round=round_
    ).values_list("filing_id", "other_id", "kind", "score", "a_start", "a_end", "b_start", "b_end")
    for filing_id, other_id, kind, score, a_start, a_end, b_start, b_end in rows:
        if filing_id in filing_ids:
            out[filing_id].append(Match(filing_id, other_id, kind, score, a_start, a_end, b_start, b_end))
        if kind == CopyMatch.Kind.PEER and other_id in filing_ids:
            out[other_id].append(Match(other_id, filing_id, kind, score, b_start, b_end, a_start, a_end))
    return out


def checked_versions(round_, filing_ids):
    """{filing id: the version last checked}."""
    return dict(CopyCheck.objects.filter(round=round_, filing__in=list(filing_ids)).values_list("filing_id", "version"))
