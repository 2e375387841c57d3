"""重建检索索引 as a background job (jobs.Job handler), with progress."""

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Outcome
from jobs.registry import handler


@handler("search.jobs.reindex")
def reindex(job, kinds=None):
    from .index import rebuild
    from .registry import registry

    job.report(1, _("准备重建索引"))

    def progress(done, total):
        job.report(100 * done // max(total, 1), _("已处理 %(done)s / %(total)s 条") % {"done": done, "total": total})

    counts = rebuild(kinds, progress=progress)
    return Outcome(
        link=reverse("search:search"),
        template="search/_reindex_outcome.html",
        data={
            "total": sum(counts.values()),
            "counts": [[str(registry.kinds[name].label), n] for name, n in counts.items()],
        },
    )


def request_reindex(user, kinds=None):
    """The reindex job (queued now, or the one already running)."""
    from jobs.models import Job, content_key

    return Job.request(
        user,
        "search.jobs.reindex",
        {"kinds": kinds},
        key=content_key("reindex", kinds),
        label=_("重建检索索引"),
        fresh=True,
    )
