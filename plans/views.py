"""计划管理 — the office enters plans, sections, tasks and indicators."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.access import office_required, office_root

from .access import ACT, access_indicator, access_plan, access_section, access_task, plans_visible
from .forms import IndicatorForm, PlanForm, SectionForm, TaskForm
from .models import Task


def _edit(request, form, template, context, on_save):
    """Shared create/update flow: validate, save, say so, go back to the plan."""
    if request.method == "POST" and form.is_valid():
        obj = on_save(form)
        messages.success(request, _("已保存。"))
        return redirect(
            obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else context["plan"].get_absolute_url()
        )
    return render(request, template, {"form": form, **context})


@office_required
def plan_list(request):
    plans = plans_visible(request.user).select_related("issuer").prefetch_related("rounds")
    return render(request, "plans/plan_list.html", {"plans": plans})


@office_required
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user, initial={"issuer": office_root(request.user)})
    return _edit(request, form, "plans/form.html", {"heading": _("新建计划")}, lambda f: f.save())


@office_required
def plan_edit(request, plan_id):
    plan = access_plan(request.user, plan_id, ACT)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    return _edit(request, form, "plans/form.html", {"heading": _("编辑计划"), "plan": plan}, lambda f: f.save())


@office_required
def plan_detail(request, plan_id):
    plan = access_plan(request.user, plan_id)
    tasks = Task.objects.select_related("lead_unit").prefetch_related("co_units", "indicators")
    sections = plan.sections.prefetch_related(Prefetch("tasks", queryset=tasks))
    loose_tasks = tasks.filter(plan=plan, section__isnull=True)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "sections": sections, "loose_tasks": loose_tasks, "rounds": plan.rounds.all()},
    )


@office_required
def section_create(request, plan_id):
    plan = access_plan(request.user, plan_id, ACT)
    form = SectionForm(request.POST or None, initial={"order": plan.sections.count() + 1})

    def save(f):
        f.instance.plan = plan
        f.save()
        return plan

    return _edit(request, form, "plans/form.html", {"heading": _("新增板块"), "plan": plan}, save)


@office_required
def section_edit(request, section_id):
    section = access_section(request.user, section_id, ACT)
    form = SectionForm(request.POST or None, instance=section)
    return _edit(
        request, form, "plans/form.html", {"heading": _("编辑板块"), "plan": section.plan}, lambda f: f.save().plan
    )


@office_required
def task_create(request, plan_id):
    plan = access_plan(request.user, plan_id, ACT)
    form = TaskForm(
        request.POST or None,
        plan=plan,
        initial={"order": plan.tasks.count() + 1, "number": str(plan.tasks.count() + 1)},
    )

    def save(f):
        f.instance.plan = plan
        f.save()
        return plan

    return _edit(request, form, "plans/form.html", {"heading": _("新增目标任务"), "plan": plan}, save)


@office_required
def task_edit(request, task_id):
    task = access_task(request.user, task_id, ACT)
    form = TaskForm(request.POST or None, instance=task, plan=task.plan)
    return _edit(
        request,
        form,
        "plans/form.html",
        {"heading": _("编辑目标任务"), "plan": task.plan, "task": task},
        lambda f: f.save().plan,
    )


@office_required
def indicator_create(request, task_id):
    task = access_task(request.user, task_id, ACT)
    form = IndicatorForm(request.POST or None)

    def save(f):
        f.instance.task = task
        f.save()
        return task.plan

    return _edit(request, form, "plans/form.html", {"heading": _("新增指标"), "plan": task.plan, "task": task}, save)


@office_required
def indicator_edit(request, indicator_id):
    indicator = access_indicator(request.user, indicator_id, ACT)
    form = IndicatorForm(request.POST or None, instance=indicator)
    context = {"heading": _("编辑指标"), "plan": indicator.task.plan, "task": indicator.task}
    return _edit(request, form, "plans/form.html", context, lambda f: f.save().task.plan)


@office_required
@require_POST
def task_delete(request, task_id):
    task = access_task(request.user, task_id, ACT)
    if task.filings.exclude(version=0).exists():
        messages.error(request, _("该任务已有填报内容，不能删除。"))
    else:
        task.delete()
        messages.success(request, _("已删除任务。"))
    return redirect(task.plan)
