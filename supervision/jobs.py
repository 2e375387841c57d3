"""催办 as a background job (jobs.Job handler): 一键催办 of many units, with progress.

The reminders are sent exactly as inline (supervision.reminders.remind_now): each is a Reminder row
(the 催办记录), units nobody can be reached at are listed on the job page and never counted as reminded.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Outcome
from jobs.registry import handler


@handler("supervision.jobs.remind_round")
def remind_round(job, round_id, unit_ids=None):
    from filings.models import Round
    from units.models import Unit

    from . import reminders

    job.report(1, _("准备催办"))
    round_ = Round.objects.select_related("plan").get(pk=round_id)
    units = list(Unit.objects.filter(pk__in=unit_ids)) if unit_ids is not None else None

    def progress(done, total):
        job.report(
            100 * done // max(total, 1), _("已处理 %(done)s / %(total)s 个单位") % {"done": done, "total": total}
        )

    results = reminders.remind_now(round_, units, progress=progress)
    return Outcome(
        link=reverse("supervision:round", args=[round_.pk]) + "#reminders",
        template="supervision/_remind_outcome.html",
        data={**outcome_counts(results), "unreachable": [{"pk": u.pk, "name": u.name} for u in results.unreachable]},
    )


def outcome_counts(results):
    return {key: results[key] for key in ("units", "sent", "held", "failed", "exists")}


@handler("supervision.jobs.check_copies")
def check_copies(job, round_id):
    """照搬检查 of a whole round in one batch (after an import, or to redo every stored check)."""
    from filings.models import Round

    from . import copies

    job.report(1, _("准备照搬检查"))
    round_ = Round.objects.get(pk=round_id)

    def progress(done, total):
        job.report(
            max(1, 90 * done // max(total, 1)), _("已检查 %(done)s / %(total)s 项填报") % {"done": done, "total": total}
        )

    found = copies.check_round(round_, progress=progress)
    return Outcome(link=reverse("supervision:round", args=[round_.pk]) + "#quality", data={"matches": found})
