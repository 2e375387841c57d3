"""发布 as a background job (jobs.Job handler): a large round's attachments (.docx/.xlsx/PDF) rendered by a worker.

The same ``services.publish`` as inline: every check asked again with the publication locked, the
snapshot and its hashes frozen only from the table the attachments were rendered from.
"""

from django.utils.translation import gettext as _

from jobs.models import JobError, Outcome
from jobs.registry import handler


@handler("publishing.jobs.publish")
def publish(job, publication_id, correction_note=""):
    from . import rights, services
    from .models import Publication, PublishError

    job.report(2, _("检查发布条件"))
    publication = Publication.objects.select_related("round__plan").get(pk=publication_id)
    if not rights.can(job.created_by, "publish", publication):
        raise JobError(_("仅督办员可以发布、更正或废止公开信息。"))

    def progress(done, total):
        job.report(
            5 + 85 * done // max(total, 1), _("已生成 %(done)s / %(total)s 个附件") % {"done": done, "total": total}
        )

    try:
        version = services.publish(publication, job.created_by, correction_note, progress=progress)
    except PublishError as exc:
        raise JobError(str(exc)) from exc
    return Outcome(
        link=publication.get_absolute_url(),
        template="publishing/_publish_outcome.html",
        data={"number": version.number},
    )


HANDLER = "publishing.jobs.publish"


def progress_of(publication, user):
    """(the caller's own unfinished publish job of ``publication`` or None, whether someone else is publishing it now).

    A job is only its asker's to see; a failure a later version superseded is not shown again.
    """
    from jobs.models import Job

    jobs = Job.objects.filter(handler=HANDLER, args__publication_id=publication.pk).defer("result", "input")
    mine = jobs.filter(created_by=user).order_by("-pk").first()
    if mine is not None:
        mine.refresh_stale()
        latest = publication.latest
        if mine.status == Job.Status.DONE or (latest and mine.finished_at and mine.finished_at < latest.published_at):
            mine = None
    elsewhere = jobs.exclude(created_by=user).filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).exists()
    return mine, elsewhere
