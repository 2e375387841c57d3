"""The public side: only published items are reachable, nothing private leaks, bad feedback is refused."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from filings.models import Round
from publishing.models import Feedback, FeedbackAttempt, Publication
from publishing.urls import PUBLIC_URL_NAMES, urlpatterns

from .conftest import captcha_answer, make_publication, publish_now

SECRET = "未公开轮次的秘密进展"


@pytest.fixture
def corpus(published, world):
    """One published item, one withdrawn, one draft, and a round with filings but no publication."""
    import datetime

    from conftest import fill_ready
    from filings.models import Submission
    from plans.models import Plan, Task

    live, _v = published
    gone = make_publication(world, index_number="11331021355386184W/2025-000002", title="将被废止的公开信息")
    publish_now(gone, world.office)
    gone.withdraw(world.office, "重复发布")
    draft = make_publication(world, index_number="11331021355386184W/2025-000003", title="草稿公开信息")
    plan = Plan.objects.create(year=2025, title="未公开计划", issuer=world.bureau)
    Task.objects.create(plan=plan, number="1", text="未公开任务", lead_unit=world.unit_a)
    hidden = Round.objects.create(
        plan=plan, name="未公开轮次", as_of=datetime.date(2025, 6, 30), due=datetime.date(2099, 7, 1)
    )
    fill_ready(Submission.objects.open_for(hidden, world.unit_a).filings.get(), world.filler_a, completion=SECRET)
    return {"live": live, "gone": gone, "draft": draft, "hidden_round": hidden}


def public_routes():
    for pattern in urlpatterns:
        if pattern.name in PUBLIC_URL_NAMES:
            yield pattern.name, str(pattern.pattern)


def fill(route, publication_id, number=1, fmt="docx"):
    return "/" + route.replace("<int:publication_id>", str(publication_id)).replace(
        "<int:number>", str(number)
    ).replace("<str:fmt>", fmt)


def test_every_public_url_with_ids_of_drafts_withdrawn_and_unpublished_rounds_leaks_nothing(corpus, client):
    gone, draft = corpus["gone"], corpus["draft"]
    # A draft and unknown ids. No public URL takes a round's id: the hidden round is checked by its text below.
    ids = [draft.pk, 999999, 0]
    assert not any("round" in route for _name, route in public_routes())
    checked = 0
    for name, route in public_routes():
        if "<int:publication_id>" not in route:
            continue
        for pub_id in ids:
            for number in (1, 2):
                for fmt in ("docx", "xlsx", "pdf", "html"):
                    url = fill(route, pub_id, number, fmt)
                    response = client.get(url) if name != "public_feedback" else client.post(url, {"text": "x"})
                    assert response.status_code in (404, 405), f"{url} ({name}) gave {response.status_code}"
                    checked += 1
        # A withdrawn item: at most its 已废止 notice, never its table or files.
        for number in (1, 2):
            url = fill(route, gone.pk, number)
            response = client.get(url) if name != "public_feedback" else client.post(url, {"text": "x"})
            body = response.content.decode(errors="replace")
            assert response.status_code in (404, 405, 410), f"{url} gave {response.status_code}"
            assert "托位新增" not in body and "PK" not in body[:2]
            checked += 1
    assert checked > 50
    everything = "".join(
        client.get(fill(route, corpus["live"].pk)).content.decode(errors="replace")
        for name, route in public_routes()
        if name not in ("public_attachment", "public_feedback")
    )
    assert "草稿公开信息" not in everything and SECRET not in everything and "未公开轮次" not in everything
    assert "将被废止的公开信息" not in client.get("/public/").content.decode()
    assert Feedback.objects.count() == 0


def test_public_pages_never_show_fillers_signers_or_contacts(corpus, client):
    live = corpus["live"]
    pages = [
        client.get(url).content.decode()
        for url in ("/public/", live.public_url(), "/public/items.json", "/public/feed.atom")
    ]
    for private in ("张三丰", "李四", "0576-87654321", "13900001111", "filler_a", "signer_a"):
        assert not any(private in page for page in pages), private


def test_json_list_carries_the_catalogue_fields_for_the_portal(corpus, client):
    data = json.loads(client.get("/public/items.json").content)
    by_title = {item["title"]: item for item in data["items"]}
    item = by_title["测试区卫生健康局2025年第一季度重点工作完成情况"]
    for field in (
        "index_number",
        "publisher",
        "doc_date",
        "disclosure_mode",
        "disclosure_scope",
        "topic",
        "genre",
        "doc_number",
        "source",
        "summary",
        "validity",
        "version",
        "content_hash",
        "attachments",
        "url",
    ):
        assert field in item
    assert item["index_number"] == "11331021355386184W/2025-141459" and item["disclosure_mode"] == "主动公开"
    assert item["attachments"][0]["url"].endswith("/v1/attachment.docx")
    gone = by_title["将被废止的公开信息"]
    assert gone["validity"] == "已废止" and "attachments" not in gone
    assert "草稿公开信息" not in by_title


def test_atom_feed_lists_published_items(corpus, client):
    response = client.get("/public/feed.atom")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    assert body.count("<entry>") == 1 and "11331021355386184W/2025-141459" in body


def test_list_is_newest_first_with_search_by_title_and_year(published, world, client):
    import datetime

    newer = make_publication(
        world,
        index_number="11331021355386184W/2026-000001",
        title="2026年民生实事进展",
        doc_date=datetime.date(2026, 1, 10),
    )
    publish_now(newer, world.office)
    page = client.get("/public/").content.decode()
    assert page.index("2026年民生实事进展") < page.index("2025年第一季度重点工作")
    assert "2025年第一季度" not in client.get("/public/", {"q": "民生"}).content.decode()
    found = client.get("/public/", {"year": "2025"}).content.decode()
    assert "2025年第一季度重点工作" in found and "2026年民生实事进展" not in found
    assert client.get("/public/", {"year": "abcd", "q": "<script>"}).status_code == 200


# --- feedback ----------------------------------------------------------------------------------------


def post(client, publication, addr="203.0.113.7", solve=True, **fields):
    page = client.get(publication.public_url()).content.decode()
    key, answer = captcha_answer(page)
    data = {
        "name": "王五",
        "contact": "13700001234",
        "text": "托位建设进度何时更新？",
        "captcha_0": key,
        "captcha_1": answer if solve else "999",
    }
    data.update(fields)
    return client.post(reverse("publishing:public_feedback", args=[publication.pk]), data, REMOTE_ADDR=addr), data


def test_feedback_gets_a_receipt_and_reaches_the_office_only(published, client, login):
    publication, _v = published
    response, _data = post(client, publication)
    assert response.status_code == 302
    item = Feedback.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert f"回执号：{item.receipt_number}" in page
    assert "托位建设进度何时更新" not in page and "13700001234" not in page  # the public never sees feedback
    assert re.fullmatch(r"\d{8}-[A-Z0-9]{6}", item.receipt_number)
    office = login(published[0].created_by)
    listing = office.get(reverse("publishing:feedback")).content.decode()
    assert "托位建设进度何时更新" in listing and "13700001234" in listing and item.receipt_number in listing
    office.post(reverse("publishing:feedback_handle", args=[item.pk]), {"state": "handled", "note": "已电话答复"})
    item.refresh_from_db()
    assert item.state == "handled" and item.note == "已电话答复" and item.handled_by == published[0].created_by


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "正常\x00字"]
)
def test_script_payloads_are_refused_and_nothing_is_stored(published, client, payload):
    response, _data = post(client, published[0], text=payload)
    page = response.content.decode()
    assert response.status_code == 400 and ("不能包含网页代码" in page or "空字符" in page), re.findall(
        r'role="alert">(.*?)</div>', page
    )
    assert "<script>alert(1)</script>" not in page
    response, _data = post(client, published[0], name=payload, addr="203.0.113.8")
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_ten_thousand_characters_are_refused(published, client):
    response, _data = post(client, published[0], text="字" * 10000)
    assert response.status_code == 400 and "不能超过1000字" in response.content.decode()
    assert Feedback.objects.count() == 0
    response, _data = post(client, published[0], text="字" * 1000, addr="203.0.113.9")
    assert response.status_code == 302 and Feedback.objects.count() == 1


def test_wrong_or_replayed_captcha_is_refused(published, client):
    response, _data = post(client, published[0], solve=False)
    assert response.status_code == 400 and "验证码错误" in response.content.decode()
    assert Feedback.objects.count() == 0
    response, data = post(client, published[0], addr="203.0.113.10")
    assert response.status_code == 302 and Feedback.objects.count() == 1
    replay = client.post(
        reverse("publishing:public_feedback", args=[published[0].pk]), data, REMOTE_ADDR="203.0.113.11"
    )
    assert replay.status_code == 400 and "验证码错误" in replay.content.decode()
    assert Feedback.objects.count() == 1
    missing = client.post(
        reverse("publishing:public_feedback", args=[published[0].pk]), {"text": "无验证码"}, REMOTE_ADDR="203.0.113.12"
    )
    assert missing.status_code == 400 and Feedback.objects.count() == 1


def test_a_captcha_key_is_spent_after_one_wrong_answer(published, client):
    from captcha.models import CaptchaStore

    page = client.get(published[0].public_url()).content.decode()
    key, answer = captcha_answer(page)
    data = {
        "name": "王五",
        "contact": "13700001234",
        "text": "托位建设进度何时更新？",
        "captcha_0": key,
        "captcha_1": "999",
    }
    url = reverse("publishing:public_feedback", args=[published[0].pk])
    assert client.post(url, data, REMOTE_ADDR="203.0.113.20").status_code == 400
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    retry = client.post(
        url, {**data, "captcha_1": answer}, REMOTE_ADDR="203.0.113.20"
    )  # the right sum, second try: refused
    assert retry.status_code == 400 and "验证码错误" in retry.content.decode()
    assert Feedback.objects.count() == 0


def test_fifty_posts_a_minute_from_one_address_are_throttled(published, client, settings):
    settings.DUBAN_FEEDBACK_RATE_LIMIT = 5
    statuses = []
    for index in range(50):
        response, _data = post(client, published[0], text=f"第{index}条留言")
        statuses.append(response.status_code)
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    assert "留言过于频繁" in response.content.decode()
    assert Feedback.objects.count() == 5
    # Another address is not affected, and no address is stored in the clear.
    response, _data = post(client, published[0], addr="198.51.100.1", text="另一个地址")
    assert response.status_code == 302
    assert not FeedbackAttempt.objects.filter(address__contains="203.0.113").exists()


def test_feedback_with_csrf_enforced_needs_the_token(published):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("publishing:public_feedback", args=[published[0].pk]), {"text": "无令牌"})
    assert response.status_code == 403 and Feedback.objects.count() == 0


def test_no_feedback_under_withdrawn_or_draft_items(corpus, client):
    for publication in (corpus["gone"], corpus["draft"]):
        response = client.post(
            reverse("publishing:public_feedback", args=[publication.pk]), {"text": "x"}, REMOTE_ADDR="192.0.2.1"
        )
        assert response.status_code == 404
    assert Feedback.objects.count() == 0
    assert Publication.objects.filter(state="draft").count() == 1


def test_catalogue_edits_stay_internal_until_the_next_version(published, client, login):
    publication, _v = published
    response = login(publication.created_by).post(
        reverse("publishing:edit", args=[publication.pk]),
        {
            "title": "尚未发布的新名称",
            "publisher": "测试区卫生健康局",
            "date_kind": "issued",
            "doc_date": "2025-05-14",
            "disclosure_mode": "主动公开",
            "disclosure_scope": "面向全社会",
            "validity": "有效",
            "summary": "内部草拟的概述",
        },
    )
    assert response.status_code == 302
    client.logout()
    pages = "".join(
        client.get(url).content.decode()
        for url in (
            "/public/",
            "/public/?q=尚未发布",
            publication.public_url(),
            "/public/items.json",
            "/public/feed.atom",
        )
    )
    assert "尚未发布的新名称" not in pages and "内部草拟的概述" not in pages
    assert "测试区卫生健康局2025年第一季度重点工作完成情况" in client.get("/public/").content.decode()
