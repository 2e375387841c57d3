"""目标考核 views: ranking per level and year, each unit's ledger, rules with a preview, 异议."""

import json
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record, record_export
from audit.models import Kind
from plans.models import Plan
from units.access import ACT, READ, manages, office_required, office_root
from units.models import Unit

from . import services
from .access import access_ledger, access_line, access_objection, access_scheme, schemes_scoring, speaks_for
from .forms import AnswerForm, ManualItemForm, ObjectionForm, SchemeForm
from .models import ManualItem, Objection, ScoreLine, ScoringScheme


def _years(level):
    """The years a level has plans for, newest first (the year switcher)."""
    return sorted(
        set(Plan.objects.filter(issuer__bureau=level).values_list("year", flat=True))
        | set(ScoringScheme.objects.filter(level=level).values_list("year", flat=True)),
        reverse=True,
    )


def _year(request, level):
    """?year=, else the latest year in which the level ran a round (a next year's plan just imported,
    with no round yet, does not move the office to an empty ranking), else the latest plan's year."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    with_rounds = (
        Plan.objects.filter(issuer__bureau=level, rounds__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    latest = Plan.objects.filter(issuer__bureau=level).order_by("-year").values_list("year", flat=True).first()
    return with_rounds or latest or timezone.localdate().year


@login_required
def index(request):
    """The office's ranking for its own level (this year), a unit's own ledger."""
    user = request.user
    if user.is_office:
        level = office_root(user)
        if level is None:
            scheme = ScoringScheme.objects.order_by("-year").first()
            if scheme is None:
                raise Http404(_("尚无考核方案。"))
            return redirect(scheme)
        return redirect(services.scheme_for(level, _year(request, level)))
    if user.unit_id is None or user.level is None:
        raise PermissionDenied(_("您的账号未关联单位。"))
    scheme = services.scheme_for(user.level, _year(request, user.level))
    return redirect("scoring:ledger", scheme_id=scheme.pk, unit_id=user.unit_id)


def _office_scheme(request, scheme_id, write=False):
    return access_scheme(request.user, scheme_id, ACT if write else READ)


@office_required
def ranking(request, scheme_id):
    scheme = _office_scheme(request, scheme_id)
    rows, rounds = services.ranking(scheme)
    context = {
        "years": _years(scheme.level),
        "above": schemes_scoring(scheme.level).exclude(level=scheme.level).filter(year=scheme.year),
        "scheme": scheme,
        "rows": rows,
        "rounds": rounds,
        "event_labels": ScoreLine.EVENT_LABELS,
        "manages": manages(request.user, scheme.level),
        "manual_form": ManualItemForm(units=services.scored_units(scheme)),
        "objections": Objection.objects.filter(scheme=scheme).select_related("unit", "author", "answered_by"),
        "manual_items": ManualItem.objects.filter(scheme=scheme).select_related("unit", "author"),
        "answer_form": AnswerForm(),
    }
    return render(request, "scoring/ranking.html", context)


@office_required
def ranking_xlsx(request, scheme_id):
    scheme = _office_scheme(request, scheme_id)
    rows, rounds = services.ranking(scheme)
    response = HttpResponse(
        services.ranking_xlsx(scheme, rows, rounds),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{scheme.level.name}{scheme.year}年度目标考核排名.xlsx"
    record_export(request, scheme, name=name, fmt="xlsx")
    response["Content-Disposition"] = f"attachment; filename=\"ranking.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@office_required
@require_POST
def recompute(request, scheme_id):
    scheme = _office_scheme(request, scheme_id, write=True)
    added, changed, removed = services.recompute(scheme)
    messages.success(
        request,
        _("已重新计算：新增 %(a)s 条，变更 %(c)s 条，删除 %(r)s 条。") % {"a": added, "c": changed, "r": removed},
    )
    return redirect(scheme)


@office_required
def rules_edit(request, scheme_id):
    """Change base, cap and rules: 预览 shows every ledger line that would change, 保存 applies it."""
    scheme = _office_scheme(request, scheme_id, write=True)
    initial = {"base": scheme.base, "cap": scheme.cap, "rules": json.dumps(scheme.rules, ensure_ascii=False, indent=2)}
    form = SchemeForm(request.POST or None, initial=initial)
    changes = deltas = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            scheme.base, scheme.cap, scheme.rules = data["base"], data["cap"], data["rules"]
            scheme.save(update_fields=["base", "cap", "rules"])
            record(
                Kind.SCORING_SETTINGS,
                action="rules",
                obj=scheme,
                details={"base": data["base"], "cap": data["cap"], "rules": data["rules"]},
            )
            services.recompute(scheme)
            messages.success(request, _("考核方案已保存并重新计算。"))
            return redirect(scheme)
        changes, deltas = services.preview(scheme, data["rules"])
    ids = set(deltas or {}) | {line.unit_id for pair in (changes or []) for line in pair if line is not None}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    rows = None
    if changes is not None:
        rows = []
        for old, new in changes:
            line = new or old
            rows.append(
                {
                    "unit": units.get(line.unit_id),
                    "on": line.on,
                    "event": ScoreLine.EVENT_LABELS.get(line.event, line.event),
                    "old": old,
                    "new": new,
                    "rule": line.rule,
                }
            )
    context = {
        "scheme": scheme,
        "form": form,
        "changes": rows,
        "deltas": [(units.get(k), v) for k, v in (deltas or {}).items()],
    }
    return render(request, "scoring/rules.html", context)


@office_required
@require_POST
def manual_add(request, scheme_id):
    scheme = _office_scheme(request, scheme_id, write=True)
    form = ManualItemForm(request.POST, units=services.scored_units(scheme))
    if form.is_valid():
        item = form.save(commit=False)
        item.scheme, item.author = scheme, request.user
        item.save()
        record(
            Kind.SCORING_SETTINGS,
            action="manual_item",
            obj=scheme,
            details={"unit": item.unit_id, "kind": item.kind, "points": item.points, "reason": item.reason},
        )
        messages.success(request, _("已记入人工评分。"))
    else:
        messages.error(request, _("请填写单位、类别、分值和理由。"))
    return redirect(scheme)


@login_required
def ledger(request, scheme_id, unit_id):
    """A unit's ledger: every line with its date, event, rule, points and source; manual items apart."""
    scheme, unit = access_ledger(request.user, scheme_id, unit_id)
    lines = list(scheme.lines.filter(unit=unit))
    manual = list(ManualItem.objects.filter(scheme=scheme, unit=unit).select_related("author"))
    total = services.pure.total([line.as_pure() for line in lines], [m.points for m in manual], scheme.base, scheme.cap)
    own = speaks_for(request.user, unit.pk)
    context = {
        "scheme": scheme,
        "unit": unit,
        "lines": lines,
        "manual": manual,
        "total": total,
        "computed": sum((line.points for line in lines), 0),
        "own": own,
        "objections": Objection.objects.filter(scheme=scheme, unit=unit).select_related("author", "answered_by"),
        "objection_form": ObjectionForm(),
        "answer_form": AnswerForm(),
        "manages": manages(request.user, scheme.level),
    }
    return render(request, "scoring/ledger.html", context)


@login_required
@require_POST
def object_line(request, line_id):
    """异议 — the unit's own filler or signer disputes one of its lines."""
    line = access_line(request.user, line_id)
    form = ObjectionForm(request.POST)
    if form.is_valid() and form.cleaned_data["comment"].strip():
        Objection.objects.create(
            scheme=line.scheme,
            unit_id=line.unit_id,
            line_key=line.key,
            line_text=f"{line.on} {line.event_label} {line.points}"[:300],
            line_points=line.points,
            comment=form.cleaned_data["comment"].strip(),
            author=request.user,
        )
        messages.success(request, _("异议已提交，等待督办员答复。"))
    else:
        messages.error(request, _("请填写异议内容。"))
    return redirect("scoring:ledger", scheme_id=line.scheme_id, unit_id=line.unit_id)


@office_required
@require_POST
def answer(request, objection_id):
    objection = access_objection(request.user, objection_id)
    form = AnswerForm(request.POST)
    if form.is_valid() and objection.respond(
        request.user, form.cleaned_data["answer"], accept=form.cleaned_data.get("decision") == "accept"
    ):
        messages.success(request, _("已答复异议。"))
    else:
        messages.error(request, _("请填写答复（已答复的异议不能再次答复）。"))
    return redirect("scoring:ledger", scheme_id=objection.scheme_id, unit_id=objection.unit_id)
