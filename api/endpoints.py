"""接口 — the JSON API (django-ninja): /api/openapi.json, /api/docs.

Auth: a personal token (``Authorization: Bearer dbn_…``, created on the profile page) or the
browser's session (then unsafe methods need the CSRF token, as every form of the site does).
Scope and rights: every endpoint is a thin translator over the same use cases as the web pages
(filings.actions) and gets every object from the same access registry (``<app>/access.py``):
another unit's or another district's id is a 404 (NotFound), a step that is never the caller's a
403 (Forbidden), the caller's step in the wrong state a 409 (NotNow).
Errors: ``{"code": …, "message": …}`` in the request's language (Accept-Language).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator, create_model

from filings import actions
from filings.access import access_round, access_submission, rounds_visible
from filings.forms import FilingForm
from filings.models import Filing, Submission, TransitionError
from filings.tables import working_rows
from plans.access import access_plan, plans_visible
from supervision import dashboard
from supervision.access import extensions_visible, reminders_visible, require_office
from supervision.models import Reminder
from units.access import NotNow, get_in, unit_scope
from units.models import Unit

from .errors import ApiError
from .models import ApiToken


# --- auth and errors ----------------------------------------------------------------------------------
class TokenAuth(HttpBearer):
    """Personal API token (stored hashed; see api/models.py)."""

    def authenticate(self, request, token):
        found = ApiToken.authenticate(token)
        if found is None:
            expired = ApiToken.expired_for(token)
            if expired is not None:
                raise TokenExpired(expired)
            return None
        request.user = found.user
        request.api_token = found
        return found.user


api = NinjaAPI(
    title="Duban API",
    version="1",
    description="督办 — plans, rounds, submissions and filings of a health bureau.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


def _error(request, status, code, message, **extra):
    return api.create_response(request, {"code": code, "message": str(message), **extra}, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return _error(request, exc.status, exc.code, exc.message)


class TokenExpired(AuthenticationError):
    def __init__(self, token):
        super().__init__()
        self.token = token


@api.exception_handler(TokenExpired)
def _token_expired(request, exc):
    when = timezone.localtime(exc.token.expires_at).strftime("%Y-%m-%d %H:%M")
    return _error(
        request, 401, "token_expired", _("接口令牌已于 %(when)s 过期，请在个人设置中创建新令牌。") % {"when": when}
    )


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _error(request, 401, "unauthorized", _("请先登录，或提供有效的接口令牌。"))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return _error(
        request,
        422,
        "invalid",
        _("请求数据有误。"),
        errors=[{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors],
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", _("未找到，或不在您的权限范围内。"))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or _("您无权执行此操作。"))


@api.exception_handler(TransitionError)
def _conflict(request, exc):
    return _error(request, 409, "invalid_state", str(exc))


@api.exception_handler(NotNow)
def _not_now(request, exc):
    return _error(request, 409, exc.code, exc.message)


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    return _error(request, 413, "too_large", _("请求内容过大。"))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own errors (an unparsable body …) are English: answer in the request's language.
    messages = {400: (_("请求无法解析（请发送 JSON）。"), "bad_request"), 429: (_("请求过于频繁。"), "throttled")}
    message, code = messages.get(exc.status_code, (_("请求有误。"), "error"))
    return _error(request, exc.status_code, code, message)


class Error(Schema):
    code: str
    message: str


class ValidationErrorItem(Schema):
    loc: list[str]
    msg: str


class InvalidError(Error):
    errors: list[ValidationErrorItem] = []


READ = {401: Error, 403: Error, 404: Error, 422: InvalidError}
WRITE = {**READ, 400: Error, 409: Error, 413: Error}


def _valid_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not UTF-8") from exc
    return value


Text = Annotated[str, AfterValidator(_valid_text)]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
OptionalId = Annotated[int | None, Query(None, ge=1, le=2**31 - 1)]
StateName = Literal["draft", "submitted", "signed", "approved", "returned"]


def _paged(queryset, page, page_size, convert):
    count = queryset.count()
    items = list(queryset[(page - 1) * page_size : page * page_size])
    return {"count": count, "page": page, "page_size": page_size, "items": [convert(x) for x in items]}


def page_of(schema):
    return create_model(
        f"{schema.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        items=(list[schema], ...),
    )


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


# --- units ---------------------------------------------------------------------------------------------
class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None


def _unit(u):
    return {"id": u.pk, "name": u.name, "short_name": u.short_name, "kind": u.kind, "parent_id": u.parent_id}


@api.get(
    "/units",
    response={200: page_of(UnitOut), **READ},
    tags=["units"],
    summary="单位 (the caller's own unit unless office)",
)
def list_units(request, paging: Query[Paging]):
    return _paged(
        unit_scope(request.user, Unit.objects.order_by("order", "name"), unit_field="pk"),
        paging.page,
        paging.page_size,
        _unit,
    )


@api.get("/units/{unit_id}", response={200: UnitOut, **READ}, tags=["units"])
def get_unit(request, unit_id: Id):
    return _unit(get_in(unit_scope(request.user, Unit.objects.all(), unit_field="pk"), pk=unit_id))


# --- plans ---------------------------------------------------------------------------------------------
class PlanOut(Schema):
    id: int
    year: int
    kind: str
    title: str
    issuer_id: int | None


class IndicatorOut(Schema):
    id: int
    subject: str
    target_value: Decimal
    unit: str
    comparator: str
    baseline: Decimal | None
    scale: int


class TaskOut(Schema):
    id: int
    section_id: int | None
    number: str
    text: str
    lead_unit_id: int
    co_unit_ids: list[int]
    deadline: date | None
    indicators: list[IndicatorOut]


class SectionOut(Schema):
    id: int
    label: str
    title: str
    order: int


class PlanDetail(PlanOut):
    intro: str
    sections: list[SectionOut]
    tasks: list[TaskOut]


def _plan(p):
    return {"id": p.pk, "year": p.year, "kind": p.kind, "title": p.title, "issuer_id": p.issuer_id}


def _indicator(i):
    return {
        "id": i.pk,
        "subject": i.subject,
        "target_value": i.target_value,
        "unit": i.unit,
        "comparator": i.comparator,
        "baseline": i.baseline,
        "scale": i.scale,
    }


def _task(t):
    return {
        "id": t.pk,
        "section_id": t.section_id,
        "number": t.number,
        "text": t.text,
        "lead_unit_id": t.lead_unit_id,
        "co_unit_ids": sorted(u.pk for u in t.co_units.all()),
        "deadline": t.deadline,
        "indicators": [_indicator(i) for i in t.indicators.all()],
    }


@api.get("/plans", response={200: page_of(PlanOut), **READ}, tags=["plans"], summary="计划 (office)")
def list_plans(request, paging: Query[Paging], year: int | None = Query(None, ge=1900, le=2200)):
    require_office(request.user)
    plans = plans_visible(request.user).order_by("-year", "title", "pk")
    if year is not None:
        plans = plans.filter(year=year)
    return _paged(plans, paging.page, paging.page_size, _plan)


@api.get(
    "/plans/{plan_id}",
    response={200: PlanDetail, **READ},
    tags=["plans"],
    summary="计划 with sections, tasks and indicators (office)",
)
def get_plan(request, plan_id: Id):
    require_office(request.user)
    plan = access_plan(request.user, plan_id)
    tasks = plan.tasks.prefetch_related("co_units", "indicators").in_table_order()
    return {
        **_plan(plan),
        "intro": plan.intro,
        "sections": [{"id": s.pk, "label": s.label, "title": s.title, "order": s.order} for s in plan.sections.all()],
        "tasks": [_task(t) for t in tasks],
    }


# --- rounds --------------------------------------------------------------------------------------------
class RoundOut(Schema):
    id: int
    plan_id: int
    plan_title: str
    name: str
    as_of: date
    due: date
    grace_days: int
    locked: bool


def _round(r):
    return {
        "id": r.pk,
        "plan_id": r.plan_id,
        "plan_title": r.plan.title,
        "name": r.name,
        "as_of": r.as_of,
        "due": r.due,
        "grace_days": r.grace_days,
        "locked": r.locked,
    }


@api.get(
    "/rounds",
    response={200: page_of(RoundOut), **READ},
    tags=["rounds"],
    summary="填报轮次 (a unit sees the rounds it files or cooperates in)",
)
def list_rounds(request, paging: Query[Paging], plan: OptionalId = None):
    rounds = rounds_visible(request.user).select_related("plan").order_by("-as_of", "pk")
    if plan is not None:
        rounds = rounds.filter(plan_id=plan)
    return _paged(rounds, paging.page, paging.page_size, _round)


@api.get("/rounds/{round_id}", response={200: RoundOut, **READ}, tags=["rounds"])
def get_round(request, round_id: Id):
    return _round(access_round(request.user, round_id))


class TableRow(Schema):
    task_id: int
    number: str
    task: str
    section: str
    lead_unit_id: int
    lead_unit: str
    state: str | None
    filing_id: int | None
    completion: str
    completed: bool | None
    reason: str
    problems: str
    self_assessment: str


@api.get(
    "/rounds/{round_id}/table",
    response={200: list[TableRow], **READ},
    tags=["rounds"],
    summary="汇总表: every task with its lead unit's filing and state (office); ?state=approved for the official rows only",
)
def round_table(request, round_id: Id, state: StateName | None = None):
    require_office(request.user)
    round_ = access_round(request.user, round_id)
    states = dict(round_.submissions.values_list("unit_id", "state"))
    rows = []
    for row in working_rows(round_):
        task, filing = row["task"], row["filing"]
        unit_state = states.get(task.lead_unit_id)
        if state is not None and unit_state != state:
            continue
        rows.append(
            {
                "task_id": task.pk,
                "number": task.number,
                "task": task.text,
                "section": f"{task.section.label}{task.section.title}" if task.section else "",
                "lead_unit_id": task.lead_unit_id,
                "lead_unit": task.lead_unit.name,
                "state": unit_state,
                "filing_id": filing.pk if filing else None,
                "completion": filing.completion if filing else "",
                "completed": filing.completed if filing else None,
                "reason": filing.reason if filing else "",
                "problems": filing.problems if filing else "",
                "self_assessment": filing.self_assessment if filing else "",
            }
        )
    return rows


class RateRow(Schema):
    label: str
    tasks: int
    completed: int
    completion_rate: float | None = Field(None, description="null when there is nothing to rate")
    behind_self: int
    behind_proposed: int
    lag_rate_self: float | None = None
    lag_rate_proposed: float | None = None
    flagged: int


class UnitStatus(Schema):
    unit_id: int
    unit: str
    state: str
    due: date
    light: str
    late: bool
    days_overdue: int | None


class Dashboard(Schema):
    round_id: int
    today: date
    status_counts: dict[str, int]
    units: list[UnitStatus]
    by_section: list[RateRow]
    by_unit: list[RateRow]
    attention: int


def _rates(stats):
    keys = (
        "tasks",
        "completed",
        "completion_rate",
        "behind_self",
        "behind_proposed",
        "lag_rate_self",
        "lag_rate_proposed",
        "flagged",
    )
    return {"label": str(stats.get("label", "")), **{k: stats.get(k, 0) for k in keys}}


@api.get(
    "/rounds/{round_id}/dashboard",
    response={200: Dashboard, **READ},
    tags=["rounds"],
    summary="督办看板 figures (office)",
)
def round_dashboard(request, round_id: Id):
    require_office(request.user)
    round_ = access_round(request.user, round_id)
    overview = dashboard.round_overview(round_)
    return {
        "round_id": round_.pk,
        "today": overview.today,
        "status_counts": overview.status_counts,
        "units": [
            {
                "unit_id": e["unit"]["pk"],
                "unit": e["unit"]["name"],
                "state": e["state"],
                "due": e["due"],
                "light": e["light"],
                "late": e["late"],
                "days_overdue": e.get("days_overdue"),
            }
            for e in overview.units
        ],
        "by_section": [_rates(s) for s in overview.by_section],
        "by_unit": [_rates(s) for s in overview.by_unit if s],
        "attention": len(overview.attention),
    }


# --- submissions --------------------------------------------------------------------------------------
class ReviewOut(Schema):
    action: str
    actor: str
    comment: str
    from_state: str
    to_state: str
    at: datetime


class SubmissionOut(Schema):
    id: int
    round_id: int
    unit_id: int
    unit: str
    state: str
    filler_name: str
    contact: str
    signer_id: int | None
    submitted_at: datetime | None
    signed_at: datetime | None
    approved_at: datetime | None
    return_comment: str
    filing_ids: list[int]


class SubmissionDetail(SubmissionOut):
    reviews: list[ReviewOut]
    problems: list[str]


def _submission(s):
    return {
        "id": s.pk,
        "round_id": s.round_id,
        "unit_id": s.unit_id,
        "unit": s.unit.name,
        "state": s.state,
        "filler_name": s.filler_name,
        "contact": s.contact,
        "signer_id": s.signer_id,
        "submitted_at": s.submitted_at,
        "signed_at": s.signed_at,
        "approved_at": s.approved_at,
        "return_comment": s.return_comment,
        "filing_ids": [f.pk for f in s.filings.all()],
    }


def _submission_detail(s):
    s = Submission.objects.select_related("unit", "round").prefetch_related("filings").get(pk=s.pk)
    reviews = [
        {
            "action": r.action,
            "actor": str(r.actor),
            "comment": r.comment,
            "from_state": r.from_state,
            "to_state": r.to_state,
            "at": r.at,
        }
        for r in s.reviews.select_related("actor")
    ]
    return {
        **_submission(s),
        "reviews": reviews,
        "problems": [str(p) for p in s.submission_problems()] if s.is_editable else [],
    }


@api.get("/submissions", response={200: page_of(SubmissionOut), **READ}, tags=["submissions"], summary="报送")
def list_submissions(
    request, paging: Query[Paging], round: OptionalId = None, unit: OptionalId = None, state: StateName | None = None
):
    submissions = unit_scope(
        request.user, Submission.objects.select_related("unit").prefetch_related("filings")
    ).order_by("-round__as_of", "round_id", "unit__order", "pk")
    if round is not None:
        submissions = submissions.filter(round_id=round)
    if unit is not None:
        submissions = submissions.filter(unit_id=unit)
    if state is not None:
        submissions = submissions.filter(state=state)
    return _paged(submissions, paging.page, paging.page_size, _submission)


@api.get("/submissions/{submission_id}", response={200: SubmissionDetail, **READ}, tags=["submissions"])
def get_submission(request, submission_id: Id):
    return _submission_detail(access_submission(request.user, submission_id))


@api.post(
    "/rounds/{round_id}/submission",
    response={200: SubmissionDetail, **WRITE},
    tags=["submissions"],
    summary="Open (or get) the caller's unit's submission for a round",
)
def open_my_submission(request, round_id: Id):
    return _submission_detail(actions.open_submission(request.user, round_id))


class SubmitIn(Schema):
    filler_name: Text = Field(..., min_length=1, max_length=50)
    contact: Text = Field(..., min_length=1, max_length=50)


class CommentIn(Schema):
    comment: Text = Field(..., min_length=1, max_length=1000)


class OptionalCommentIn(Schema):
    comment: Text = Field("", max_length=1000)


@api.post(
    "/submissions/{submission_id}/submit",
    response={200: SubmissionDetail, **WRITE},
    tags=["submissions"],
    summary="提交 (the unit's filler)",
)
def submit(request, submission_id: Id, data: SubmitIn):
    return _submission_detail(actions.submit(request.user, submission_id, data.filler_name, data.contact))


@api.post(
    "/submissions/{submission_id}/withdraw",
    response={200: SubmissionDetail, **WRITE},
    tags=["submissions"],
    summary="撤回 (the unit's filler, before signing)",
)
def withdraw(request, submission_id: Id):
    return _submission_detail(actions.withdraw(request.user, submission_id))


@api.post(
    "/submissions/{submission_id}/sign",
    response={200: SubmissionDetail, **WRITE},
    tags=["submissions"],
    summary="签发 (the unit's signer)",
)
def sign(request, submission_id: Id):
    return _submission_detail(actions.sign(request.user, submission_id))


@api.post(
    "/submissions/{submission_id}/return",
    response={200: SubmissionDetail, **WRITE},
    tags=["submissions"],
    summary="退回 with a comment (the unit's signer a submitted package, the office a submitted or signed one)",
)
def send_back(request, submission_id: Id, data: CommentIn):
    if not data.comment.strip():
        raise ApiError(400, "comment_required", _("退回时请填写意见。"))
    return _submission_detail(actions.send_back(request.user, submission_id, data.comment))


@api.post(
    "/submissions/{submission_id}/approve",
    response={200: SubmissionDetail, **WRITE},
    tags=["submissions"],
    summary="审核通过 (office); send {} when there is no comment",
)
def approve(request, submission_id: Id, data: OptionalCommentIn):
    return _submission_detail(actions.approve(request.user, submission_id, data.comment))


# --- filings ------------------------------------------------------------------------------------------
class ActualOut(Schema):
    indicator_id: int
    value: Decimal


class ContributionOut(Schema):
    unit_id: int
    unit: str
    text: str
    created_at: datetime


class FilingOut(Schema):
    id: int
    submission_id: int
    round_id: int
    unit_id: int
    task_id: int
    task_number: str
    task: str
    completion: str
    completed: bool | None
    reason: str
    problems: str
    self_assessment: str
    version: int
    updated_at: datetime
    state: str
    editable: bool


class FilingDetail(FilingOut):
    indicators: list[IndicatorOut]
    actuals: list[ActualOut]
    contributions: list[ContributionOut]


class VersionOut(Schema):
    version: int
    at: datetime
    user: str | None
    completion: str
    completed: bool | None
    reason: str
    problems: str
    self_assessment: str


def _filing(f):
    s = f.submission
    return {
        "id": f.pk,
        "submission_id": s.pk,
        "round_id": s.round_id,
        "unit_id": s.unit_id,
        "task_id": f.task_id,
        "task_number": f.task.number,
        "task": f.task.text,
        "completion": f.completion,
        "completed": f.completed,
        "reason": f.reason,
        "problems": f.problems,
        "self_assessment": f.self_assessment,
        "version": f.version,
        "updated_at": f.updated_at,
        "state": s.state,
        "editable": s.is_editable,
    }


def _filing_detail(f):
    return {
        **_filing(f),
        "indicators": [_indicator(i) for i in f.task.indicators.all()],
        "actuals": [{"indicator_id": a.indicator_id, "value": a.value} for a in f.actuals.all()],
        "contributions": [
            {"unit_id": c.unit_id, "unit": c.unit.name, "text": c.text, "created_at": c.created_at}
            for c in f.contributions.select_related("unit")
        ],
    }


def _filings(user):
    return unit_scope(
        user,
        Filing.objects.select_related("submission__round", "submission__unit", "task"),
        unit_field="submission__unit",
    )


def _scoped_filing(user, filing_id):
    return actions.read_filing(user, filing_id)


@api.get("/filings", response={200: page_of(FilingOut), **READ}, tags=["filings"], summary="填报 (current texts)")
def list_filings(
    request,
    paging: Query[Paging],
    submission: OptionalId = None,
    round: OptionalId = None,
    unit: OptionalId = None,
    task: OptionalId = None,
):
    filings = _filings(request.user).order_by("submission_id", "task__order", "task_id")
    for name, value in (
        ("submission_id", submission),
        ("submission__round_id", round),
        ("submission__unit_id", unit),
        ("task_id", task),
    ):
        if value is not None:
            filings = filings.filter(**{name: value})
    return _paged(filings, paging.page, paging.page_size, _filing)


@api.get("/filings/{filing_id}", response={200: FilingDetail, **READ}, tags=["filings"])
def get_filing(request, filing_id: Id):
    return _filing_detail(_scoped_filing(request.user, filing_id))


@api.get(
    "/filings/{filing_id}/versions",
    response={200: list[VersionOut], **READ},
    tags=["filings"],
    summary="历史版本, newest first",
)
def filing_versions(request, filing_id: Id):
    filing = _scoped_filing(request.user, filing_id)
    return [
        {
            "version": h.version,
            "at": h.history_date,
            "user": str(h.history_user) if h.history_user else None,
            "completion": h.completion,
            "completed": h.completed,
            "reason": h.reason,
            "problems": h.problems,
            "self_assessment": h.self_assessment,
        }
        for h in filing.history.select_related("history_user").order_by("-history_date", "-history_id")
    ]


class FilingEdit(Schema):
    """Fields left out keep their value. ``version`` is the version the edit is based on."""

    version: int = Field(..., ge=0, le=2**31 - 1)
    completion: Text | None = Field(None, max_length=2000)
    completed: bool | None = None
    clear_completed: bool = False
    reason: Text | None = Field(None, max_length=2000)
    problems: Text | None = Field(None, max_length=4000)
    self_assessment: Literal["", "ahead", "on_track", "behind"] | None = None
    actuals: dict[int, Decimal | None] = Field(
        default_factory=dict, description="indicator id → value (null removes it)"
    )


@api.patch(
    "/filings/{filing_id}",
    response={200: FilingDetail, **WRITE},
    tags=["filings"],
    summary="Edit a filing (optimistic lock: 409 when the version is stale)",
)
def edit_filing(request, filing_id: Id, data: FilingEdit):
    filing = _scoped_filing(request.user, filing_id)
    actions.require_editable(request.user, filing)
    indicators = list(filing.task.indicators.all())
    known = {i.pk for i in indicators}
    unknown = [pk for pk in data.actuals if pk not in known]
    if unknown:
        raise ApiError(
            400, "unknown_indicator", _("该任务没有这些指标：%(ids)s。") % {"ids": ", ".join(map(str, unknown))}
        )
    form_data = FilingForm.initial_for(filing, list(filing.actuals.all()))
    form_data["version"] = data.version
    for name in ("completion", "reason", "problems", "self_assessment"):
        if getattr(data, name) is not None:
            form_data[name] = getattr(data, name)
    if data.clear_completed:
        form_data["completed"] = ""
    elif data.completed is not None:
        form_data["completed"] = "yes" if data.completed else "no"
    for pk, value in data.actuals.items():
        form_data[f"actual_{pk}"] = "" if value is None else str(value)
    form = FilingForm({k: ("" if v is None else v) for k, v in form_data.items()}, indicators=indicators)
    if not form.is_valid():
        messages = [f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()]
        raise ApiError(400, "invalid", "；".join(messages))
    filing, saved = actions.save_filing(
        request.user, filing.pk, form.cleaned_data["version"], form.filing_fields(), form.actual_values()
    )
    if not saved:
        raise ApiError(
            409,
            "version_conflict",
            _("保存冲突：他人已在您之前保存了此填报（当前版本 %(version)s）。") % {"version": filing.version},
        )
    return _filing_detail(_scoped_filing(request.user, filing_id))


# --- extensions and reminders -------------------------------------------------------------------------
class ExtensionOut(Schema):
    id: int
    task_id: int
    unit_id: int
    round_id: int | None
    reason: str
    new_date: date
    decision: str
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str


class ReminderOut(Schema):
    id: int
    unit_id: int
    round_id: int
    step: str
    channel: str
    recipient: str
    escalated: bool
    status: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    error: str


@api.get("/extensions", response={200: page_of(ExtensionOut), **READ}, tags=["supervision"], summary="延期申请")
def list_extensions(
    request,
    paging: Query[Paging],
    round: OptionalId = None,
    decision: Literal["pending", "granted", "refused"] | None = None,
):
    extensions = extensions_visible(request.user).order_by("-requested_at", "-pk")
    if round is not None:
        extensions = extensions.filter(round_id=round)
    if decision is not None:
        extensions = extensions.filter(decision=decision)
    return _paged(
        extensions,
        paging.page,
        paging.page_size,
        lambda e: {
            "id": e.pk,
            "task_id": e.task_id,
            "unit_id": e.unit_id,
            "round_id": e.round_id,
            "reason": e.reason,
            "new_date": e.new_date,
            "decision": e.decision,
            "requested_at": e.requested_at,
            "decided_at": e.decided_at,
            "decision_note": e.decision_note,
        },
    )


def _recipient(reminder):
    """A robot's address carries its access key: the log shows where it went, not the key."""
    if reminder.channel == Reminder.Channel.WEBHOOK:
        return reminder.recipient.split("?", 1)[0]
    return reminder.recipient


@api.get("/reminders", response={200: page_of(ReminderOut), **READ}, tags=["supervision"], summary="催办记录 (office)")
def list_reminders(request, paging: Query[Paging], round: OptionalId = None):
    require_office(request.user)
    reminders = reminders_visible(request.user).order_by("-created_at", "-pk")
    if round is not None:
        reminders = reminders.filter(round_id=round)
    return _paged(
        reminders,
        paging.page,
        paging.page_size,
        lambda r: {
            "id": r.pk,
            "unit_id": r.unit_id,
            "round_id": r.round_id,
            "step": r.step,
            "channel": r.channel,
            "recipient": _recipient(r),
            "escalated": r.escalated,
            "status": r.status,
            "attempts": r.attempts,
            "created_at": r.created_at,
            "sent_at": r.sent_at,
            "error": r.error,
        },
    )


urls = api.urls
