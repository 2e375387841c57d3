"""The role × URL matrix over the city world (tests/world.py): every web URL pattern and every API route,
opened by each kind of caller, with the answer each must get and no other scope's text in any 200.

Callers (ROLES): the owner unit's filler and signer (椒江 科室), another unit of the same district (椒江
直属单位's filler), the own district office (椒江), the sibling district's office (玉环), the city office
(台州), another city's bureau office (江干) and anonymous. URL parameters are filled with objects of the
owner unit and its district (OWNER_IDS); a pattern whose parameter has no object fails by name, and a
URL name without a row in WEB fails, so a new view cannot dodge the matrix. The API routes are read
from the OpenAPI schema and need a row in API. Besides the GETs, every caller outside the owner's scope (and the
city office, which reads its districts but never acts on them) POSTs a plausible form to every URL it may not use,
and every API write is tried by every caller: refused, and nothing changes.

Expected answers are declared per URL name from a few shapes (UNIT_READ, OFFICE_READ, …). "login" means
a redirect to the login page; a tuple means any of these answers (used where the answer depends on the
state and both are refusals, never to let a 200 through). The world is built once per module
(``django_db_blocker``) and every test runs in its own savepoint, so writes are rolled back.
"""

import io
import json
import re
import zipfile

import pytest
import time_machine
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import PASSWORD
from tests.world import WORLD_NOW, build_city_world, visible_markers

ROLES = ("filler", "signer", "other_unit", "office", "sibling", "city", "far", "anonymous")
LOGIN = "login"


def _shape(**answers):
    return answers


# Unit-owned object pages: the unit's users and the offices above read them; everyone else: not found.
UNIT_READ = _shape(filler=200, signer=200, other_unit=404, office=200, sibling=404, city=200, far=404, anonymous=LOGIN)
# Office pages on a district's object: unit users are refused (never their page), the district office and the
# city above it read, other districts and cities do not find it.
OFFICE_READ = _shape(
    filler=403, signer=403, other_unit=403, office=200, sibling=404, city=200, far=404, anonymous=LOGIN
)
# Office forms that change a district's object: only the district's own office (the city reads, never acts).
OFFICE_ACT = _shape(filler=403, signer=403, other_unit=403, office=200, sibling=404, city=403, far=404, anonymous=LOGIN)
# Pages without an object: each caller sees their own (the content check proves the scope).
OWN_PAGE = _shape(filler=200, signer=200, other_unit=200, office=200, sibling=200, city=200, far=200, anonymous=LOGIN)
OFFICE_PAGE = _shape(
    filler=403, signer=403, other_unit=403, office=200, sibling=200, city=200, far=200, anonymous=LOGIN
)
PUBLIC = _shape(filler=200, signer=200, other_unit=200, office=200, sibling=200, city=200, far=200, anonymous=200)
# A draft (unpublished) publication on the public site: nobody finds it.
PUBLIC_UNPUBLISHED = _shape(
    filler=404, signer=404, other_unit=404, office=404, sibling=404, city=404, far=404, anonymous=404
)
# POST-only steps: a GET is 405 for a caller who may be told the method; anonymous goes to the login page.
POST_ONLY = _shape(filler=405, signer=405, other_unit=405, office=405, sibling=405, city=405, far=405, anonymous=LOGIN)
# POST-only office steps: a unit user is refused by role first (403), an office told the method.


def but(shape, **answers):
    return {**shape, **answers}


OFFICE_POST = but(POST_ONLY, filler=403, signer=403, other_unit=403)
# A redirect that is not the login page (to the caller's own sheet, ledger, an existing object …).
REDIRECT = 302


# URL name → expected answer per role, for a GET with the owner's ids.
WEB = {
    "home": OWN_PAGE,
    "login": PUBLIC,
    "password_change": OWN_PAGE,
    "units:list": OFFICE_PAGE,
    "units:create": OFFICE_PAGE,
    "units:edit": OFFICE_ACT,
    "units:users": OFFICE_PAGE,
    "units:user_create": OFFICE_PAGE,
    "units:user_edit": OFFICE_ACT,
    "units:user_unlock": OFFICE_POST,
    "plans:list": OFFICE_PAGE,
    "plans:create": OFFICE_PAGE,
    "plans:detail": OFFICE_READ,
    "plans:edit": OFFICE_ACT,
    "plans:section_create": OFFICE_ACT,
    "plans:section_edit": OFFICE_ACT,
    "plans:task_create": OFFICE_ACT,
    "plans:task_edit": OFFICE_ACT,
    "plans:task_delete": OFFICE_POST,
    "plans:indicator_create": OFFICE_ACT,
    "plans:indicator_edit": OFFICE_ACT,
    "documents:rollup": OFFICE_READ,
    "documents:rollup_css": OWN_PAGE,
    "documents:upload": OFFICE_PAGE,
    # An import preview is its uploader's only (the district office); the city office does not find it.
    "documents:preview": but(OFFICE_READ, city=404),
    "documents:cancel": OFFICE_POST,
    "documents:export_round": OFFICE_READ,
    "documents:export_submission": UNIT_READ,
    "documents:export_plan": OFFICE_READ,
    "filings:round_create": OFFICE_ACT,
    "filings:round": OFFICE_READ,
    "filings:round_lock": OFFICE_POST,
    # 代录入 (一表填报 of the round): only the office that runs the round keys in units' paper forms; the city
    # reads a district's round but never keys in for it (403); other districts and cities do not find it.
    "filings:round_offline_download": OFFICE_ACT,
    "filings:round_offline_upload": OFFICE_ACT,
    "filings:round_offline_confirm": OFFICE_POST,
    # 我的填报 of a round: a unit user is sent to its own sheet; an office never files (403 by role).
    # Another district's or city's office: the round is not theirs, so not found (404) before any role question.
    "filings:round_mine": but(
        UNIT_READ, filler=REDIRECT, signer=REDIRECT, other_unit=REDIRECT, office=403, sibling=404, city=403, far=404
    ),
    # 协办 of a round: the co-units' page (直属单位 co-operates on 科室's task). An office is refused by role:
    # the round is in its scope, co-operating never its step (403).
    "filings:cooperation": but(UNIT_READ, other_unit=200, office=403, city=403),
    "filings:my_rounds": OWN_PAGE,
    "filings:submission": UNIT_READ,
    "filings:submit": POST_ONLY,
    "filings:sign": POST_ONLY,
    "filings:approve": POST_ONLY,
    "filings:return": POST_ONLY,
    "filings:withdraw": POST_ONLY,
    "filings:sheet_row": POST_ONLY,
    # 一表填报: the unit's own filler while the package is editable (the world's 科室 package is submitted:
    # sent back to the sheet with the reason); never the signer or an office (403), never another unit (404).
    "filings:offline_download": but(UNIT_READ, filler=REDIRECT, signer=403, office=403, city=403),
    "filings:offline_upload": but(UNIT_READ, filler=REDIRECT, signer=403, office=403, city=403),
    "filings:offline_confirm": POST_ONLY,
    "filings:filing": UNIT_READ,
    "filings:filing_history": UNIT_READ,
    # 佐证材料: read by whoever sees the filing; the round's .zip is the offices' (the city reads its districts').
    "evidence:attach": POST_ONLY,
    "evidence:download": UNIT_READ,
    "evidence:image": UNIT_READ,
    "evidence:remove": POST_ONLY,
    "evidence:round_zip": OFFICE_READ,
    "supervision:round": OFFICE_READ,
    "supervision:remind": OFFICE_POST,
    "supervision:quality": OFFICE_READ,  # 报送质量 of a unit in a round: the offices reading the round
    "supervision:task": UNIT_READ,  # a task across rounds: its lead unit and the offices above
    "supervision:unit": UNIT_READ,
    "supervision:copy_forward": POST_ONLY,
    "supervision:extension_request": UNIT_READ,
    "supervision:extensions": OFFICE_PAGE,
    "supervision:extension_decide": OFFICE_POST,
    "reports:index": OFFICE_PAGE,
    "reports:plan": OFFICE_READ,
    "reports:generate": OFFICE_POST,
    "reports:next_plan": OFFICE_ACT,
    "reports:next_plan_cancel": OFFICE_POST,
    "reports:summary": OFFICE_READ,
    "reports:regenerate": OFFICE_POST,
    # the world's summary quotes a filing with a phone number: its export waits for the privacy review (back to the summary)
    "reports:export": but(OFFICE_READ, office=REDIRECT, city=REDIRECT),
    "reports:paragraph": OFFICE_READ,
    "reports:paragraph_edit": OFFICE_ACT,
    "reports:paragraph_decide": OFFICE_POST,
    "reports:privacy_decide": OFFICE_POST,
    "reports:paragraph_history": OFFICE_READ,
    "reports:trends": OFFICE_PAGE,
    "reports:trend": but(
        OFFICE_PAGE, office=REDIRECT, sibling=REDIRECT, city=REDIRECT, far=REDIRECT
    ),  # no subject asked: back to the list
    "reports:synonyms": OFFICE_PAGE,
    "reports:synonym_delete": OFFICE_POST,
    # A job is its asker's only (the owner unit's filler).
    "jobs:detail": but(UNIT_READ, signer=404, office=404, city=404),
    "jobs:download": but(UNIT_READ, signer=404, office=404, city=404),
    "jobs:retry": POST_ONLY,
    "jobs:mine": OWN_PAGE,  # 我的后台任务: the caller's own jobs only (jobs/tests/test_worker.py)
    # A bureau's first day: the first-run page is the system administrator's; the roster is each office's own
    # level (its template, its upload; the preview without an upload goes back to the roster page).
    "units:first_run": _shape(
        filler=403, signer=403, other_unit=403, office=403, sibling=403, city=403, far=403, anonymous=LOGIN
    ),
    "units:roster": OFFICE_PAGE,
    "units:roster_template": OFFICE_PAGE,
    "units:roster_preview": but(OFFICE_PAGE, office=REDIRECT, sibling=REDIRECT, city=REDIRECT, far=REDIRECT),
    "search:search": OWN_PAGE,
    "search:public": PUBLIC,
    "search:reindex": POST_ONLY,
    "profile:page": OWN_PAGE,
    "otp_verify": OWN_PAGE,  # the caller's own second factor
    "otp_setup": OWN_PAGE,  # enrols the caller's own authenticator
    # 安全审计: the system administrator only (none of the matrix's roles); anonymous is sent to log in.
    "audit:list": but(OFFICE_PAGE, office=403, sibling=403, city=403, far=403),
    "profile:token_create": POST_ONLY,
    "profile:token_revoke": POST_ONLY,
    "levels:index": OFFICE_PAGE,
    "levels:import": OFFICE_POST,
    # The city round: the city office runs it, 椒江's office sends its part up to it.
    # The city-wide table holds every district's figures: the city office only (a district sends, never reads it).
    "levels:city": but(OFFICE_READ, office=404),
    "levels:city_export": but(OFFICE_READ, office=404),
    "levels:send": OFFICE_POST,
    # The caller's own district's report file for the city round: each district office its own; the city is
    # no district (403 by role); another city's office does not find the round.
    "levels:district_file": but(OFFICE_READ, sibling=200, city=403),
    "levels:split": but(OFFICE_ACT, office=404, city=200),
    "levels:report": OFFICE_READ,
    "levels:review": OFFICE_POST,
    "levels:report_file": OFFICE_READ,
    "scoring:index": but(
        OWN_PAGE, **{r: REDIRECT for r in ROLES if r != "anonymous"}
    ),  # to the caller's own ledger or ranking
    "scoring:ranking": OFFICE_READ,
    "scoring:ranking_xlsx": OFFICE_READ,
    "scoring:recompute": OFFICE_POST,
    "scoring:rules": OFFICE_ACT,
    "scoring:manual_add": OFFICE_POST,
    "scoring:ledger": UNIT_READ,
    "scoring:object": POST_ONLY,
    "scoring:answer": OFFICE_POST,
    "publishing:index": OFFICE_PAGE,
    "publishing:create": but(OFFICE_ACT, office=REDIRECT),  # the round has a draft publication: sent to it
    "publishing:detail": OFFICE_READ,
    "publishing:edit": OFFICE_ACT,
    "publishing:review": OFFICE_READ,
    "publishing:decide": OFFICE_POST,
    "publishing:publish": OFFICE_POST,
    "publishing:withdraw": OFFICE_POST,
    "publishing:feedback": OFFICE_PAGE,
    "publishing:feedback_handle": OFFICE_POST,
    "publishing:public_list": PUBLIC,
    "publishing:public_receipt": PUBLIC,  # 回执查询: state and reply only, for anyone
    "publishing:public_feed": PUBLIC,
    "publishing:public_json": PUBLIC,
    "publishing:public_item": PUBLIC_UNPUBLISHED,
    "publishing:public_version": PUBLIC_UNPUBLISHED,
    "publishing:public_attachment": PUBLIC_UNPUBLISHED,
    "publishing:public_feedback": but(POST_ONLY, anonymous=405),
}
# Patterns left out, with the reason.
SKIPPED = {
    "logout": "ends the session the matrix is using (a POST; nothing to scope)",
    "set_language": "i18n: sets a cookie, holds no data",
    "set_password": "a new user's one-time link: nothing without its token (units/tests/test_first_day.py)",
    "captcha-image": "third-party captcha image by random key, holds no data",
    "captcha-image-2x": "third-party captcha image by random key, holds no data",
    "captcha-audio": "third-party captcha audio by random key, holds no data",
    "captcha-refresh": "third-party captcha: a new random key, holds no data",
}
SKIPPED_NAMESPACES = {
    "admin": "Django admin: staff only (units/tests/test_isolation.py)",
    "api": "the API: its own matrix below",
}

# URL kwarg → the object of the owner (椒江's 科室, its district) that fills it; per-URL overrides below.
# fmt: an export format (docx, the cheapest to build).


def owner_ids(w):
    jj = w.jj
    return {
        "unit_id": jj.units["ks"].pk,
        "user_id": jj.fillers["ks"].pk,
        "plan_id": jj.plan.pk,
        "section_id": jj.section.pk,
        "task_id": jj.tasks["ks"].pk,
        "indicator_id": jj.indicator.pk,
        "round_id": jj.round.pk,
        "submission_id": jj.submissions["ks"].pk,
        "filing_id": jj.filings["ks"].pk,
        "evidence_id": w.evidence.pk,
        "extension_id": jj.extension.pk,
        "import_id": jj.pending_import.pk,
        "job_id": jj.job.pk,
        "fmt": "docx",
        "summary_id": jj.summary.pk,
        "paragraph_id": jj.paragraph.pk,
        "synonym_id": w.synonym.pk,
        "token_id": jj.token.pk,
        "report_id": jj.report.pk,
        "action": "approve",
        "scheme_id": jj.scheme.pk,
        "line_id": jj.score_line.pk,
        "objection_id": jj.objection.pk,
        "publication_id": jj.publication.pk,
        "hit_id": jj.hit.pk,
        "feedback_id": jj.feedback.pk,
        "number": 1,
    }


def url_overrides(w):
    """Patterns whose ids name the city's objects: the city round its districts report into, the city task split."""
    city_round = {"round_id": w.city_round.pk}
    return {
        "levels:city": city_round,
        "levels:city_export": {**city_round, "fmt": "xlsx"},
        "levels:send": city_round,
        "levels:district_file": {**city_round, "fmt": "json"},
        "levels:report_file": {"fmt": "json"},
        "levels:split": {"task_id": w.city_task.pk},
        "reports:export": {"fmt": "docx"},
    }


# Query strings that make a page show data: the searches ask for a word of every filing (完成情况).
QUERIES = {"search:search": "?q=完成情况", "search:public": "?q=完成情况", "publishing:public_list": "?q=完成情况"}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES or entry.app_name in SKIPPED_NAMESPACES:
                continue
            if str(entry.pattern) == "i18n/":
                continue  # set_language only: see SKIPPED
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace and entry.name else entry.name), prefix + str(entry.pattern)


def web_patterns():
    return [(name, route) for name, route in walk(get_resolver().url_patterns) if name not in SKIPPED]


def build_url(name, route, ids):
    url = "/" + route
    for kwarg in re.findall(r"<(?:\w+:)?(\w+)>", route):
        assert kwarg in ids, f"URL {name} ({route}) takes <{kwarg}>: map it to an owner object in owner_ids()"
        url = re.sub(rf"<(?:\w+:)?{kwarg}>", str(ids[kwarg]), url)
    assert "(?P<" not in url, f"URL {name} ({route}) is a regular expression: fill it or skip it with a reason"
    return url


def add_evidence(w):
    """A photo attached to 椒江 科室's filing (stored in the module's temporary MEDIA_ROOT), its name a marker."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from evidence.models import Evidence
    from tests.world import marker

    data = b"\x89PNG\r\n\x1a\n" + b"\0" * 64  # the bytes of a PNG signature: enough to be served as one
    digest = hashlib.sha256(data).hexdigest()
    name = default_storage.save(f"evidence/{digest[:2]}/{digest}.png", ContentFile(data))
    label = marker("E-jj-ks")
    w.markers[label] = {w.jj.units["ks"]}
    w.evidence = Evidence.objects.create(
        filing=w.jj.filings["ks"],
        file=name,
        name=f"{label}现场照片.png",
        size=len(data),
        sha256=digest,
        kind="image",
        content_type="image/png",
        attached_by=w.jj.fillers["ks"],
        attached_at=timezone.now(),
    )


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The city world, built once for this module inside a transaction rolled back at its end."""
    from django.test import override_settings

    traveller = time_machine.travel(WORLD_NOW, tick=False)
    traveller.start()
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            w = build_city_world(PASSWORD)
            add_evidence(w)
            w.callers = {
                "filler": w.jj.fillers["ks"],
                "signer": w.jj.signers["ks"],
                "other_unit": w.jj.fillers["zs"],
                "office": w.jj.office,
                "sibling": w.yh.office,
                "city": w.city_office,
                "far": w.far_office,
                "anonymous": None,
            }
            yield w
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            traveller.stop()


def body_text(response):
    """The answer's text: HTML/JSON/CSV as is, .docx/.xlsx as their XML parts (where a marker would sit)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "".join(
                archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith((".xml", ".rels"))
            )
    return raw.decode("utf-8", "replace")


def check(response, expected, label, w, user):
    """The problems with one answer (empty when it is as expected and leaks nothing)."""
    problems = []
    status = response.status_code
    if expected == LOGIN:
        if not (status == 302 and response["Location"].startswith("/accounts/login/")):
            problems.append(f"{label}: expected a redirect to login, got {status} {response.get('Location', '')}")
    elif status not in (expected if isinstance(expected, tuple) else (expected,)):
        problems.append(f"{label}: expected {expected}, got {status}")
    if status == 200:
        text = body_text(response)
        leaked = sorted(m for m in set(w.markers) - visible_markers(w, user) if m in text)
        if leaked:
            problems.append(f"{label}: 200 shows other-scope text {leaked}")
    return problems


def login_as(client, w, role):
    client.raise_request_exception = False  # a 500 is one more wrong answer in the list, not the end of the walk
    user = w.callers[role]
    if user is not None:
        client.force_login(user)
    return user


def test_every_web_pattern_has_a_row_and_every_row_a_pattern(matrix_world):
    world = matrix_world
    names = {name for name, _route in web_patterns()}
    assert names - set(WEB) == set(), f"add rows to WEB for {sorted(names - set(WEB))}"
    assert set(WEB) - names == set(), f"WEB names patterns that no longer exist: {sorted(set(WEB) - names)}"
    ids = {**owner_ids(world)}
    for name, route in web_patterns():
        build_url(name, route, {**ids, **url_overrides(world).get(name, {})})


@pytest.mark.parametrize("role", ROLES)
def test_every_web_url_answers_each_caller_as_declared_and_leaks_nothing(matrix_world, client, role, db):
    world = matrix_world
    user = login_as(client, world, role)
    ids, overrides = owner_ids(world), url_overrides(world)
    problems = []
    for name, route in web_patterns():
        url = build_url(name, route, {**ids, **overrides.get(name, {})}) + QUERIES.get(name, "")
        problems += check(client.get(url), WEB[name][role], f"GET {url} ({name}) as {role}", world, user)
    assert not problems, "\n".join(problems)


def owned_state():
    """Everything of the districts a POST could change, as plain values (compared before and after)."""
    from api.models import ApiToken
    from documents.models import PendingImport
    from evidence.models import Evidence
    from filings.models import Contribution, Filing, Round, Submission
    from jobs.models import Job
    from levels.models import UpwardReport
    from plans.models import Indicator, Plan, Section, Task
    from publishing.models import Feedback, PrivacyHit, Publication
    from reports.models import Paragraph, SubjectSynonym, Summary
    from scoring.models import Objection, ScoreLine, ScoringScheme
    from supervision.models import Extension, Reminder
    from units.models import Unit, User

    rows = {
        Submission: ("state", "filler_name", "signer_id", "return_comment"),
        Filing: ("completion", "version", "completed", "problems"),
        Round: ("name", "locked", "due"),
        Plan: ("title",),
        Section: ("title",),
        Task: ("text", "lead_unit_id"),
        Indicator: ("target_value",),
        Contribution: ("text",),
        Extension: ("decision", "new_date"),
        Reminder: ("status",),
        Unit: ("name", "parent_id", "email"),
        User: ("is_active", "role", "unit_id", "password"),
        Publication: ("state", "title", "index_number"),
        PrivacyHit: ("decision",),
        Feedback: ("state", "note"),
        Summary: ("generated_at",),
        Paragraph: ("text", "version"),
        SubjectSynonym: ("alias",),
        ScoringScheme: ("rules", "computed_at"),
        ScoreLine: ("points",),
        Objection: ("state", "answer"),
        UpwardReport: ("state", "content_hash"),
        PendingImport: ("filename",),
        Job: ("status",),
        ApiToken: ("revoked_at",),
        Evidence: ("filing_id", "removed_at", "name"),
    }
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", *fields)) for model, fields in rows.items()
    }


OUTSIDERS = ("other_unit", "sibling", "city", "far", "anonymous")
# POSTs that act on the caller's own things even with the owner's ids in the URL: a token for oneself; the
# sibling district sends its own part of the city round up; the city imports and reviews what is sent to it.
POST_OWN = {
    "profile:token_create": set(OUTSIDERS),
    "levels:send": {"sibling"},
    "levels:import": {"city"},
    "levels:review": {"city"},
}


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_outsider_post_to_any_web_url_changes_the_owners_data(matrix_world, client, role, db):
    """A POST to every URL the caller may not use (its GET row is a refusal) with a plausible form: refused
    (403/404/405 or the login page) and nothing of anyone's changes. The city office may read its districts'
    pages but never act on them."""
    world = matrix_world
    login_as(client, world, role)
    ids, overrides = owner_ids(world), url_overrides(world)
    form = {
        "completion": "越权写入",
        "completed": "yes",
        "self_assessment": "on_track",
        "text": "越权",
        "comment": "越权",
        "note": "越权",
        "reason": "越权",
        "title": "越权",
        "name": "越权",
        "filler_name": "越权",
        "contact": "1",
        "action": "lock",
        "decision": "granted",
        "state": "handled",
        "answer": "越权",
        "new_date": "2025-09-01",
    }
    problems = []
    before = owned_state()  # each POST runs in a savepoint rolled back after it: the state before each is this one
    for name, route in web_patterns():
        expected = WEB[name][role]
        if expected in (200, REDIRECT) or name == "login" or role in POST_OWN.get(name, ()):
            continue  # the caller's own page or step (its writes are the caller's own)
        url = build_url(name, route, {**ids, **overrides.get(name, {})})
        version = world.jj.paragraph.version if name.startswith("reports:paragraph") else world.jj.filings["ks"].version
        sid = transaction.savepoint()
        response = client.post(url, {**form, "version": version})
        refused = response.status_code in (403, 404, 405) or (
            response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        )
        if not refused:
            problems.append(
                f"POST {url} ({name}) as {role}: expected a refusal, got {response.status_code} {response.get('Location', '')}"
            )
        after = owned_state()
        if after != before:
            changed = sorted(k for k in before if before[k] != after[k])
            problems.append(f"POST {url} ({name}) as {role}: changed {changed}")
        transaction.savepoint_rollback(sid)
    assert not problems, "\n".join(problems)


# --- the API ------------------------------------------------------------------------------------------
# (method, path) → expected answer per role. Anonymous callers get 401 everywhere.
API_UNIT_READ = but(UNIT_READ, anonymous=401)
API_OFFICE_READ = but(OFFICE_READ, anonymous=401)
API_OWN = but(OWN_PAGE, anonymous=401)
API = {
    ("get", "/api/units"): API_OWN,
    ("get", "/api/units/{unit_id}"): API_UNIT_READ,
    ("get", "/api/plans"): but(OFFICE_PAGE, anonymous=401),
    ("get", "/api/plans/{plan_id}"): API_OFFICE_READ,
    ("get", "/api/rounds"): API_OWN,
    ("get", "/api/rounds/{round_id}"): but(API_UNIT_READ, other_unit=200),  # 直属单位 files in the same round
    ("get", "/api/rounds/{round_id}/table"): API_OFFICE_READ,
    ("get", "/api/rounds/{round_id}/dashboard"): API_OFFICE_READ,
    ("get", "/api/submissions"): API_OWN,
    ("get", "/api/submissions/{submission_id}"): API_UNIT_READ,
    ("get", "/api/filings"): API_OWN,
    ("get", "/api/filings/{filing_id}"): API_UNIT_READ,
    ("get", "/api/filings/{filing_id}/versions"): API_UNIT_READ,
    ("get", "/api/extensions"): API_OWN,
    ("get", "/api/reminders"): but(OFFICE_PAGE, anonymous=401),
    # Writes, each from the world's state (椒江 科室's package submitted, not signed). Refused callers:
    # 403 when the step is never theirs (an office's step to a unit user and back), 404 out of scope.
    # the same answers as the page filings:round_mine: another district's round is not found, whoever asks
    ("post", "/api/rounds/{round_id}/submission"): but(
        API_UNIT_READ, office=403, city=403, sibling=404, far=404, other_unit=200
    ),
    ("post", "/api/submissions/{submission_id}/submit"): but(
        API_UNIT_READ, filler=409, signer=403, office=403, city=403
    ),
    ("post", "/api/submissions/{submission_id}/withdraw"): but(API_UNIT_READ, signer=403, office=403, city=403),
    ("post", "/api/submissions/{submission_id}/sign"): but(API_UNIT_READ, filler=403, office=403, city=403),
    ("post", "/api/submissions/{submission_id}/return"): but(API_UNIT_READ, filler=403, city=403),
    ("post", "/api/submissions/{submission_id}/approve"): but(
        API_UNIT_READ, filler=403, signer=403, office=409, city=403
    ),
    ("patch", "/api/filings/{filing_id}"): but(API_UNIT_READ, filler=409, signer=403, office=403, city=403),
}
API_BODIES = {
    "/api/submissions/{submission_id}/submit": {"filler_name": "越权", "contact": "1"},
    "/api/submissions/{submission_id}/return": {"comment": "越权退回"},
    "/api/filings/{filing_id}": {"version": 1, "completion": "越权写入"},
}


def api_operations():
    from api.endpoints import api

    schema = api.get_openapi_schema()
    return [(method, path) for path, item in schema["paths"].items() for method in item]


def api_url(path, ids):
    url = path
    for kwarg in re.findall(r"{(\w+)}", path):
        assert kwarg in ids, f"API route {path} takes {{{kwarg}}}: map it to an owner object in owner_ids()"
        url = url.replace("{" + kwarg + "}", str(ids[kwarg]))
    return url


def api_call(client, method, path, ids, headers):
    url = api_url(path, ids)
    if method == "get":
        return url, client.get(url, **headers)
    body = json.dumps(API_BODIES.get(path, {}))
    return url, getattr(client, method)(url, data=body, content_type="application/json", **headers)


def state_of_world():
    from filings.models import Contribution, Filing, Round, Submission

    return (
        list(
            Submission.objects.order_by("pk").values_list("pk", "state", "filler_name", "signer_id", "return_comment")
        ),
        list(Filing.objects.order_by("pk").values_list("pk", "completion", "version", "completed")),
        list(Round.objects.order_by("pk").values_list("pk", "locked")),
        Contribution.objects.count(),
    )


def bearer(user):
    from api.models import ApiToken

    if user is None:
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'matrix')[1]}"}


def test_every_api_route_has_a_row(matrix_world):
    routes = set(api_operations())
    assert routes - set(API) == set(), f"add rows to API for {sorted(routes - set(API))}"
    assert set(API) - routes == set(), f"API names routes that no longer exist: {sorted(set(API) - routes)}"


@pytest.mark.parametrize("role", ROLES)
def test_every_api_read_answers_each_caller_as_declared_and_leaks_nothing(matrix_world, client, role, db):
    world = matrix_world
    user = world.callers[role]
    client.raise_request_exception = False
    headers, ids = bearer(user), owner_ids(world)
    problems = []
    for method, path in api_operations():
        if method != "get":
            continue
        url, response = api_call(client, method, path, ids, headers)
        problems += check(response, API[(method, path)][role], f"GET {url} as {role}", world, user)
        if response.status_code >= 400 and not (
            response["Content-Type"].startswith("application/json") and {"code", "message"} <= set(response.json())
        ):
            problems.append(f"GET {url} as {role}: the error is not the API's JSON error {{code, message}}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_api_write_is_refused_to_outsiders_and_applies_the_rights(matrix_world, client, role, db):
    world = matrix_world
    """Each write from the same state (a savepoint per request); an outsider's write changes nothing."""
    user = world.callers[role]
    client.raise_request_exception = False
    headers, ids = bearer(user), owner_ids(world)
    problems = []
    for method, path in api_operations():
        if method == "get":
            continue
        before = state_of_world()
        sid = transaction.savepoint()
        url, response = api_call(client, method, path, ids, headers)
        expected = API[(method, path)][role]
        problems += check(response, expected, f"{method.upper()} {url} as {role}", world, user)
        if expected != 200 and state_of_world() != before:
            problems.append(f"{method.upper()} {url} as {role}: a refused write changed the data")
        transaction.savepoint_rollback(sid)
    assert not problems, "\n".join(problems)
