"""The role × URL matrix: every URL in the URLconf, opened by each role.

* another unit's filler or signer is refused (403/404) and changes nothing;
* an anonymous visitor is sent to the login page;
* the office and the owning unit's filler and signer never get a server error.

The URL patterns are enumerated from the resolver, not listed by hand: a new view with a new
kind of id fails here until its id is mapped to an object owned by unit A below.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from api.models import ApiToken
from conftest import fill_ready
from documents.models import PendingImport
from filings.models import Contribution, Filing, Round, Submission
from jobs.models import Job
from plans.models import Indicator, Plan, Section, Task

# Views that take no other unit's id: they show only the caller's own things (or nothing private).
SELF_SCOPED = {
    "home",  # the caller's own to-do list
    "login",
    "logout",
    "set_language",
    "filings:my_rounds",  # lists the caller's unit's rounds only
    "documents:rollup_css",  # a stylesheet
    "scoring:index",  # redirects to the caller's own ledger (or the office's own level's ranking)
    "password_change",  # the caller's own password only
    "search:search",  # results are scoped to the caller's unit (search/tests)
    "search:public",  # published entries only
    "profile:page",  # the caller's own tokens
    "profile:token_create",  # creates a token for the caller
    "jobs:mine",  # the caller's own jobs (jobs/tests/test_worker.py)
    "set_password",  # a new user's one-time link: nothing without its token (units/tests/test_first_day.py)
    "otp_verify",  # the caller's own second factor
    "otp_setup",  # enrols the caller's own authenticator
}
# The public disclosure site (no login) and its captcha images: they show published items only,
# which publishing/tests/test_public_security.py proves by walking them with every other kind of id.
from publishing.urls import PUBLIC_URL_NAMES  # noqa: E402

SELF_SCOPED |= {f"publishing:{name}" for name in PUBLIC_URL_NAMES} | {
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha-refresh",
}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django admin: staff only, checked separately below
            if entry.namespace == "api":
                continue  # the JSON API: its own role × route matrix in api/tests/test_isolation_matrix.py
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def all_patterns():
    return list(walk(get_resolver().url_patterns))


@pytest.fixture
def owned_by_a(world, settings, tmp_path):
    """A plan only unit A works on, with every kind of object a URL can name."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the evidence file below
    plan = Plan.objects.create(year=2025, title="A 单位专项计划", issuer=world.bureau)
    section = Section.objects.create(plan=plan, label="一、", title="专项")
    task = Task.objects.create(plan=plan, section=section, number="1", text="A 的任务", lead_unit=world.unit_a)
    indicator = Indicator.objects.create(task=task, subject="床位", target_value=30, unit="张")
    round_ = Round.objects.create(
        plan=plan, name="上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2099, 7, 10)
    )
    submission = Submission.objects.open_for(round_, world.unit_a)
    filing = fill_ready(submission.filings.get(), world.filler_a, completion="A 的秘密进展")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.services import attach

    evidence = attach(world.filler_a, filing, SimpleUploadedFile("A 的佐证.pdf", b"%PDF-1.4\n%%EOF\n"))
    submission.submit(world.filler_a, "甲", "1")
    from supervision.models import Extension

    extension = Extension.objects.create(
        task=task, unit=world.unit_a, round=round_, reason="A 的延期理由", new_date=datetime.date(2099, 8, 1)
    )
    scoring = _scoring_and_levels(world, round_, filing)
    return {
        **scoring,
        "extension_id": extension.pk,
        "plan_id": plan.pk,
        "section_id": section.pk,
        "task_id": task.pk,
        "indicator_id": indicator.pk,
        "round_id": round_.pk,
        "submission_id": submission.pk,
        "filing_id": filing.pk,
        "evidence_id": evidence.pk,
        "unit_id": world.unit_a.pk,
        "user_id": world.filler_a.pk,
        "import_id": PendingImport.objects.create(
            uploaded_by=world.office, filename="a.txt", parsed={"kind": "plan"}
        ).pk,
        "job_id": Job.objects.create(
            handler="jobs.tests.handlers.echo",
            args={"text": "A 的导出"},
            key="a",
            label="A 的导出",
            created_by=world.filler_a,
            status=Job.Status.DONE,
            result=b"A secret",
            filename="a.pdf",
        ).pk,
        "fmt": "docx",
        "uidb64": "MQ",
        "token": "not-a-token",
        "summary_id": 1,
        "paragraph_id": 1,
        "synonym_id": 1,  # reports: office-only views, refused before any lookup
        "token_id": ApiToken.issue(world.filler_a, "A")[0].pk,
        **publishing_ids(world, round_),
    }


def _scoring_and_levels(world, round_, filing):
    """A score line and an 异议 of unit A, and an upward report of A's bureau to a city above it."""
    from levels.models import UpwardReport
    from scoring.models import Objection, ScoreLine, ScoringScheme
    from units.models import Unit

    scheme = ScoringScheme.objects.create(level=world.bureau, year=2025)
    line = ScoreLine.objects.create(
        scheme=scheme,
        key="late:test",
        unit=world.unit_a,
        on=datetime.date(2025, 7, 12),
        event="late",
        rule="late.per_day×2",
        points=-0.2,
        submission=filing.submission,
    )
    objection = Objection.objects.create(
        scheme=scheme,
        unit=world.unit_a,
        line_key=line.key,
        line_text="A 的考核明细",
        comment="A 的异议",
        author=world.filler_a,
    )
    world.bureau.refresh_from_db()
    city = world.bureau.parent
    if city is None:
        city = Unit.objects.create(name="上级市卫生健康委员会", kind=Unit.Kind.CITY)
        world.bureau.parent = city
        world.bureau.save()
    city_plan = Plan.objects.create(year=2025, title="市级计划", issuer=city)
    city_task = Task.objects.create(plan=city_plan, number="1", text="市级任务", lead_unit=city)
    city_round = Round.objects.create(
        plan=city_plan, name="市级上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2099, 7, 20)
    )
    snapshot = {
        "format": "duban-upward/1",
        "city_round": city_round.pk,
        "division_code": "",
        "district": world.bureau.name,
        "tasks": [{"city_task": city_task.pk, "filed": True, "completion": "A 的秘密进展", "indicators": []}],
    }
    report = UpwardReport.objects.create(
        city_round=city_round,
        district=world.bureau,
        snapshot=snapshot,
        content_hash="0" * 64,
        sent_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
    )
    return {
        "scheme_id": scheme.pk,
        "line_id": line.pk,
        "objection_id": objection.pk,
        "report_id": report.pk,
        "action": "approve",
    }


def publishing_ids(world, round_):
    """A draft publication of A's round with a privacy hit, and a feedback row: office-only objects."""
    from publishing.models import Feedback, PrivacyHit, PrivacyReview, Publication

    publication = Publication.objects.create(
        index_number="11331021355386184W/2025-000009",
        title="A 公开",
        publisher="局",
        doc_date=datetime.date(2025, 7, 1),
        round=round_,
        created_by=world.office,
    )
    review = PrivacyReview.objects.create(publication=publication, source_hash="x", created_by=world.office)
    hit = PrivacyHit.objects.create(
        review=review, cell="title", cell_label="标题", kind="name", start=0, end=1, text="甲", masked="*"
    )
    feedback = Feedback.objects.create(publication=publication, version_number=1, text="A 的留言")
    # "key": the captcha image routes are regular expressions; they are public and take no owned id.
    return {"publication_id": publication.pk, "hit_id": hit.pk, "feedback_id": feedback.pk, "number": 1, "key": "0"}


def snapshot():
    return (
        list(Submission.objects.order_by("pk").values_list("pk", "state", "filler_name", "signer_id")),
        list(Filing.objects.order_by("pk").values_list("pk", "completion", "version", "completed")),
        Contribution.objects.count(),
        list(Round.objects.order_by("pk").values_list("pk", "locked")),
        list(Task.objects.order_by("pk").values_list("pk", "text", "lead_unit_id")),
        Plan.objects.count(),
    )


def build_url(route, ids):
    import re

    url = "/" + route
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        assert name in ids, f"URL {route!r} takes <{name}>: map it to an object owned by unit A in owned_by_a"
        url = re.sub(rf"<(?:\w+:)?{name}>", str(ids[name]), url)
    return url


@pytest.mark.parametrize("role", ["filler_b", "signer_b"])
def test_every_url_refuses_another_units_user(world, owned_by_a, client, role):
    client.force_login(getattr(world, role))
    before = snapshot()
    checked = 0
    for name, route, _entry in all_patterns():
        if name in SELF_SCOPED:
            continue
        url = build_url(route, owned_by_a)
        get = client.get(url)
        post = client.post(
            url,
            {
                "completion": "越权写入",
                "text": "越权",
                "comment": "越权",
                "filler_name": "x",
                "contact": "x",
                "task": owned_by_a["task_id"],
                "version": 1,
                "action": "lock",
            },
        )
        assert get.status_code in (403, 404, 405), f"GET {url} ({name}) gave {get.status_code} to {role}"
        assert post.status_code in (403, 404), f"POST {url} ({name}) gave {post.status_code} to {role}"
        checked += 1
    assert checked >= 20
    assert snapshot() == before


def test_every_url_sends_anonymous_visitors_to_login(world, owned_by_a, client):
    before = snapshot()
    for name, route, _entry in all_patterns():
        if name in SELF_SCOPED:
            continue
        url = build_url(route, owned_by_a)
        response = client.get(url)
        assert response.status_code in (302, 403, 404, 405), f"GET {url} gave {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")
    assert snapshot() == before


def test_self_scoped_pages_show_only_the_callers_unit(world, owned_by_a, client):
    client.force_login(world.filler_b)
    page = client.get("/my/rounds/").content.decode()
    assert "A 单位专项计划" not in page
    assert "2025年第一季度" in page


def test_unit_users_cannot_enter_the_admin(world, client):
    client.force_login(world.filler_a)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_unknown_ids_give_404(world, login):
    client = login(world.office)
    for url in ["/submissions/999999/", "/filings/999999/", "/rounds/999999/", "/plans/999999/"]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["office", "filler_a", "signer_a"])
def test_every_url_answers_the_office_and_the_owning_unit_without_error(world, owned_by_a, client, role):
    """Owner and office: a page, a redirect, a refusal for another role's page — never a 500."""
    client.force_login(getattr(world, role))
    for name, route, _entry in all_patterns():
        if name in ("logout",):
            continue
        url = build_url(route, owned_by_a)
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (
            f"GET {url} ({name}) gave {response.status_code} to {role}"
        )
        if role == "filler_a" and name in ("filings:submission", "filings:filing", "filings:filing_history"):
            assert response.status_code == 200, f"{role} cannot open their own {name}"


def test_home_is_a_to_do_list_for_every_role(world, owned_by_a, client):
    for role, heading in (("office", "待审核的报送"), ("filler_a", "需要填报"), ("signer_a", "待签发的报送")):
        client.force_login(getattr(world, role))
        page = client.get("/").content.decode()
        assert heading in page, role
