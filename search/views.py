"""检索 — the search results page (and the public search over published entries)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filings import rights
from filings.models import Filing, Round, Submission
from plans.models import Plan
from units.models import Unit

from . import query
from .registry import registry


def _filter_choices(user, public):
    entries = query.scoped(user, public)
    plan_ids = entries.exclude(plan_id=None).values("plan_id").distinct()
    round_ids = entries.exclude(round_id=None).values("round_id").distinct()
    choices = {
        "kinds": [(name, kind.label) for name, kind in registry.kinds.items()],
        "years": sorted(
            {y for y in entries.exclude(year=None).values_list("year", flat=True).distinct()}, reverse=True
        ),
        "plans": list(Plan.objects.filter(pk__in=plan_ids).order_by("-year", "title").values_list("pk", "title")),
        "rounds": [
            (r.pk, f"{r.plan.title} · {r.name}")
            for r in Round.objects.filter(pk__in=round_ids).select_related("plan").order_by("-as_of")
        ],
        "states": Submission.State.choices,
        "assessments": Filing.Assessment.choices,
        "units": [],
    }
    if not public and user.is_office:
        choices["units"] = list(
            Unit.objects.filter(pk__in=entries.exclude(unit_id=None).values("unit_id").distinct()).values_list(
                "pk", "name"
            )
        )
    return choices


def _page(request, public):
    q = request.GET.get("q", "").strip()[:200]
    filters = {name: request.GET.get(name, "").strip()[:20] for name in query.FILTERS}
    results = query.search(request.user, q, filters, page=request.GET.get("page", 1), public=public) if q else None
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "q": q,
        "filters": filters,
        "results": results,
        "choices": _filter_choices(request.user, public),
        "public": public,
        "querystring": params.urlencode(),
        "title": _("公开信息检索") if public else _("检索"),
        "may_reindex": not public and rights.can(request.user, "rebuild_search_index"),
    }
    return render(request, "search/results.html", context)


@login_required
def search(request):
    return _page(request, public=False)


def public_search(request):
    """Anyone may search what has been published (the publishing app registers those entries)."""
    return _page(request, public=True)


@login_required
@require_POST
def reindex(request):
    """重建检索索引 — a background job with a progress page (the system admin only)."""
    if not rights.can(request.user, "rebuild_search_index"):
        raise PermissionDenied(_("只有系统管理员可以重建检索索引。"))
    from .jobs import request_reindex

    return redirect(request_reindex(request.user))
