"""督办 views: dashboards, 一键催办, copy-forward and extensions — thin translators over supervision.actions."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from filings import actions as filing_actions
from filings import rights
from filings.access import rounds_visible
from units.access import NotNow, office_required
from units.onboarding import first_run_needed
from units.widgets import DateInput

from . import actions, dashboard, history, quality, reminders, todo
from .access import access_extension, extensions_visible
from .models import Extension, Reminder


# --- everyone: what to do next ------------------------------------------------------------------
@login_required
def home(request):
    """首页 — each role's 待办: what the user must do next, most urgent first."""
    user = request.user
    if first_run_needed(user):  # a new installation (scripts/start --empty): name the bureau first
        return redirect("units:first_run")
    context = {"todo": todo.for_user(user), "today": timezone.localdate()}
    if user.is_office:
        context["rounds"] = rounds_visible(user).select_related("plan").order_by("-as_of")[:20]
    elif user.unit_id is None:
        raise PermissionDenied(_("您的账号未关联单位。"))
    return render(request, "supervision/home.html", context)


# --- office: round dashboard ---------------------------------------------------------------------
@office_required
def round_dashboard(request, round_id):
    round_ = actions.dashboard_round(request.user, round_id)
    extensions = list(Extension.objects.filter(round=round_).select_related("unit", "task", "decided_by"))
    overview = dashboard.round_overview(round_, extensions=extensions)
    limit = None if request.GET.get("all") else settings.DUBAN_DASHBOARD_LIST_LIMIT
    attention = overview.attention[:limit] if limit else overview.attention
    tables = dashboard.dashboard_display(overview, attention)
    scores = quality.cells(round_, quality.round_quality(round_, overview.today, given=overview.quality_given()))
    for entry in tables["unit_grid"]:
        entry["quality"] = scores.get(entry["unit"]["pk"])
    context = {
        **tables,
        "attention_hidden": max(0, len(overview.attention) - limit) if limit else 0,
        "round": round_,
        "overview": overview,
        "chart": dashboard.chart_data(overview),
        "status_columns": dashboard.status_columns(),
        "reminders": dashboard.reminder_rows(
            Reminder.objects.filter(round=round_).select_related("unit").order_by("-created_at", "-pk")[:100]
        ),
        "failed_reminders": Reminder.objects.filter(round=round_, status=Reminder.Status.FAILED).count(),
        "extensions": dashboard.extension_rows(extensions),
        "panels": [p for p in (panel(round_, request.user) for panel in dashboard.DASHBOARD_PANELS) if p],
    }
    return render(request, "supervision/round_dashboard.html", context)


@office_required
def unit_quality(request, round_id, unit_id):
    """报送质量 of one unit: the parts line by line and each 照搬 side by side."""
    round_, result = actions.unit_quality(request.user, round_id, unit_id)
    return render(request, "supervision/unit_quality.html", {"round": round_, "q": result})


@office_required
@require_POST
def round_remind(request, round_id):
    """一键催办 — one unit (``unit`` in the form) or every late unit of the round."""
    round_ = actions.remind_round(request.user, round_id)
    from .forms import RemindForm

    form = RemindForm(request.POST, units=round_.owing_units())
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("supervision:round", round_id=round_.pk)
    units = [form.cleaned_data["unit"]] if form.cleaned_data["unit"] else None
    if units is None and len(reminders.manual_targets(round_)) > settings.DUBAN_JOB_REMIND_THRESHOLD:
        return _remind_job(request, round_)
    results = reminders.remind_now(round_, units)
    summary = reminders.remind_summary(results)
    if summary is not None:
        getattr(messages, summary[0])(request, summary[1])
    elif not results.unreachable:
        messages.info(request, _("没有需要催办的单位。"))
    if results.unreachable:
        messages.warning(
            request, render_to_string("supervision/_unreachable.html", {"units": results.unreachable}, request=request)
        )
    return redirect("supervision:round", round_id=round_.pk)


def _remind_job(request, round_):
    """Many late units: a worker sends the reminders, the job page shows how far it is, then the counts and
    the units nobody could be reached at (the 催办记录 on the dashboard are the same rows as inline)."""
    from jobs.models import Job, content_key

    job = Job.request(
        request.user,
        "supervision.jobs.remind_round",
        {"round_id": round_.pk, "unit_ids": None},
        key=content_key("remind", round_.pk, timezone.localdate().isoformat()),
        label=_("一键催办：%(round)s") % {"round": f"{round_.plan.title} · {round_.name}"},
        fresh=True,
    )
    return redirect(job)


# --- per task, per unit ---------------------------------------------------------------------------
@login_required
def task_history(request, task_id):
    """A task across the plan's rounds: filings, versions, states, actuals against the target."""
    task = actions.task_history(request.user, task_id)
    rounds, indicators, rows, chart = history.task_history(task)
    return render(
        request, "supervision/task_history.html", {"task": task, "indicators": indicators, "rows": rows, "chart": chart}
    )


@login_required
def unit_page(request, unit_id):
    """A unit's tasks and their state in each round of the plan year."""
    unit, plans, plan, rounds, rows = actions.unit_year(request.user, unit_id, request.GET.get("plan"))
    return render(
        request,
        "supervision/unit_page.html",
        {"unit": unit, "plans": plans, "plan": plan, "rounds": rounds, "rows": rows},
    )


# --- copy forward -----------------------------------------------------------------------------------
@login_required
@require_POST
def copy_forward(request, submission_id):
    submission, filled = actions.copy_forward(request.user, submission_id)
    if filled:
        messages.success(request, _("已沿用上期内容填入 %(n)s 项任务，请逐项核对更新后再提交。") % {"n": filled})
    else:
        messages.warning(request, _("没有可沿用的上期内容（只填入尚未填写的任务）。"))
    return redirect(submission)


# --- extensions ---------------------------------------------------------------------------------------
class ExtensionForm(forms.ModelForm):
    class Meta:
        model = Extension
        fields = ["new_date", "reason"]
        widgets = {"new_date": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_

    def clean_new_date(self):
        value = self.cleaned_data["new_date"]
        if self.round and value <= self.round.due:
            raise forms.ValidationError(_("延期日期须晚于报送截止日期。"))
        return value


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Extension.Decision.GRANTED, gettext_lazy("同意")),
            (Extension.Decision.REFUSED, gettext_lazy("不同意")),
        ]
    )
    note = forms.CharField(max_length=300, required=False)


@login_required
def extension_request(request, filing_id):
    """申请延期 for one task of the user's own unit in one round."""
    filing = filing_actions.read_filing(request.user, filing_id)
    submission = filing.submission
    mine = rights.is_party(request.user, "request_extension", filing)
    form = ExtensionForm(request.POST or None, round_=submission.round)
    if request.method == "POST":
        if not form.is_valid():
            filing_actions.require_step(request.user, "request_extension", filing)
        else:
            actions.request_extension(request.user, filing.pk, form)
            messages.success(request, _("延期申请已提交，等待督办员审批。"))
            return redirect(submission)
    existing = Extension.objects.filter(
        task=filing.task, unit=submission.unit_id, round=submission.round
    ).select_related("decided_by")
    return render(
        request,
        "supervision/extension_form.html",
        {"filing": filing, "submission": submission, "form": form, "existing": existing, "mine": mine},
    )


@office_required
def extension_list(request):
    extensions = extensions_visible(request.user).select_related("unit", "task", "round", "decided_by", "requested_by")
    pending = [e for e in extensions if e.decision == Extension.Decision.PENDING]
    decided = [e for e in extensions if e.decision != Extension.Decision.PENDING][:200]
    return render(
        request,
        "supervision/extension_list.html",
        {"pending": pending, "decided": decided, "decision_form": DecisionForm()},
    )


@office_required
@require_POST
def extension_decide(request, extension_id):
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            access_extension(request.user, extension_id)  # another unit's id: 404 first
            raise NotNow(_("请选择同意或不同意。"))
        actions.decide_extension(request.user, extension_id, form.cleaned_data["decision"], form.cleaned_data["note"])
    except NotNow as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已审批延期申请。"))
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/supervision/")
        else "supervision:extensions"
    )
