"""Publishing a round's approved table: catalogue, privacy review, frozen versions, corrections, withdrawal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import fill_ready
from filings.models import Filing
from publishing import services
from publishing.models import Attachment, FrozenError, PrivacyHit, Publication, PublicationVersion, PublishError

from .conftest import PLANTED_PHONE, make_publication, publish_now


def docx_text(data):
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells) + "\n".join(
        p.text for p in document.paragraphs
    )


def article(response):
    """The published part of an item page (the form below it carries a fresh CSRF token and captcha)."""
    html = response.content.decode()
    return html[html.index('<table class="gk-catalogue"') : html.index("</article>")]


def lead_filing(world, task_index=0):
    return Filing.objects.get(task=world.tasks[task_index], submission__unit=world.tasks[task_index].lead_unit)


def test_office_creates_reviews_and_publishes_through_the_pages(approved, login):
    client = login(approved.office)
    response = client.post(
        reverse("publishing:create", args=[approved.round.pk]),
        {
            "index_mode": "generated",
            "credit_code": "11331021355386184W",
            "title": "2025年第一季度完成情况",
            "publisher": "测试区卫生健康局",
            "date_kind": "issued",
            "doc_date": "2025-05-14",
            "disclosure_mode": "主动公开",
            "disclosure_scope": "面向全社会",
            "topic": "卫生、体育\\医药管理",
            "genre": "计划总结",
            "validity": "有效",
            "summary": "一季度完成情况。",
        },
    )
    publication = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("publishing:review", args=[publication.pk])
    assert publication.index_number == "11331021355386184W/2025-000001"
    assert publication.state == "draft" and publication.disclosure_mode == "主动公开"
    page = client.get(response["Location"]).content.decode()
    assert "未发现个人信息" in page
    response = client.post(reverse("publishing:publish", args=[publication.pk]))
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.state == "published" and publication.versions.count() == 1
    assert client.get(publication.public_url()).status_code == 200


def test_generated_serials_count_up_per_code_and_year(approved):
    make_publication(approved, index_number="11331021355386184W/2025-000041", round=None)
    assert services.next_index_number("11331021355386184W", 2025) == "11331021355386184W/2025-000042"
    assert services.next_index_number("11331021355386184W", 2026) == "11331021355386184W/2026-000001"


def test_hand_entered_index_number_is_validated_by_its_check_digit(approved, login):
    client = login(approved.office)
    data = {
        "index_mode": "manual",
        "index_number": "11331021355386184X/2025-141459",
        "title": "t",
        "publisher": "p",
        "date_kind": "issued",
        "doc_date": "2025-05-14",
        "disclosure_mode": "主动公开",
        "disclosure_scope": "面向全社会",
        "validity": "有效",
    }
    page = client.post(reverse("publishing:create", args=[approved.round.pk]), data).content.decode()
    assert "校验位不正确" in page and not Publication.objects.exists()
    data["index_number"] = "11331021355386184W/2025-141459"
    assert client.post(reverse("publishing:create", args=[approved.round.pk]), data).status_code == 302
    assert Publication.objects.get().index_number == "11331021355386184W/2025-141459"


def test_summary_longer_than_150_characters_is_refused(approved, login):
    data = {
        "index_mode": "manual",
        "index_number": "11331021355386184W/2025-1",
        "title": "t",
        "publisher": "p",
        "date_kind": "issued",
        "doc_date": "2025-05-14",
        "disclosure_mode": "主动公开",
        "disclosure_scope": "面向全社会",
        "validity": "有效",
        "summary": "字" * 151,
    }
    response = login(approved.office).post(reverse("publishing:create", args=[approved.round.pk]), data)
    assert response.status_code == 200 and not Publication.objects.exists()


def test_planted_phone_blocks_publishing_until_masked(approved):
    filing = lead_filing(approved)
    Filing.objects.filter(pk=filing.pk).update(completion=f"托位新增420个，咨询电话{PLANTED_PHONE}。")
    publication = make_publication(approved)
    review = services.start_review(publication, approved.office)
    hit = review.hits.get(kind="mobile")
    assert hit.text == PLANTED_PHONE and hit.before.endswith("咨询电话") and hit.masked == "138****1234"
    with pytest.raises(PublishError, match="未处理"):
        services.publish(publication, approved.office)
    services.decide(hit, approved.office, "mask")
    version = services.publish(publication, approved.office)
    assert "138****1234" in version.table_html and PLANTED_PHONE not in version.table_html
    assert PLANTED_PHONE not in docx_text(bytes(version.attachments.get(fmt="docx").content))
    hit.refresh_from_db()
    assert hit.decided_by == approved.office and hit.decided_at is not None and hit.decision == "mask"


def test_keeping_a_hit_needs_a_reason_and_is_logged(approved):
    Filing.objects.filter(pk=lead_filing(approved).pk).update(completion="本季度《内部资料汇编》修订完成。")
    publication = make_publication(approved)
    hit = services.start_review(publication, approved.office).hits.get(kind="phrase")
    with pytest.raises(PublishError):
        services.decide(hit, approved.office, "keep", " ")
    services.decide(hit, approved.office, "keep", "《内部资料汇编》是书名，已公开出版")
    version = services.publish(publication, approved.office)
    assert "《内部资料汇编》修订完成" in version.table_html
    assert PrivacyHit.objects.get(pk=hit.pk).reason == "《内部资料汇编》是书名，已公开出版"


def test_the_rounds_people_are_found_and_never_published_by_default(approved):
    # The status table carries no 填报人 / 签发人 / 联系方式; a name typed into a text is a hit.
    approved.signer_a.display_name = "赵签发"
    approved.signer_a.save()
    Filing.objects.filter(pk=lead_filing(approved).pk).update(completion="由张三丰牵头，赵签发审定。")
    publication = make_publication(approved)
    review = services.start_review(publication, approved.office)
    assert sorted(h.text for h in review.hits.filter(kind="name")) == ["张三丰", "赵签发"]
    for hit in review.hits.all():
        services.decide(hit, approved.office, "mask")
    version = services.publish(publication, approved.office)
    html = version.table_html + docx_text(bytes(version.attachments.get(fmt="docx").content))
    for private in ("张三丰", "李四", "赵签发", "0576-87654321", "13900001111", "signer_a", "filler_a"):
        assert private not in html
    assert "张**" in version.table_html


def test_data_changed_after_the_scan_needs_a_new_scan(approved):
    publication = make_publication(approved)
    services.start_review(publication, approved.office)
    Filing.objects.filter(pk=lead_filing(approved).pk).update(completion=f"改了，电话{PLANTED_PHONE}")
    with pytest.raises(PublishError, match="重新进行隐私审查"):
        services.publish(publication, approved.office)
    assert not PublicationVersion.objects.exists()


def test_unapproved_filings_never_reach_the_table(world):
    from .conftest import approve_round

    approve_round(world)
    # Unit B's package goes back to draft state in the database (as if never approved).
    from filings.models import Submission

    Submission.objects.filter(unit=world.unit_b).update(state="submitted")
    table = services.round_table(world.round)
    texts = [row.completion for row in table.rows]
    assert texts[0] == "托位新增420个。" and texts[2] == "（未报送）"


def test_nothing_approved_cannot_be_published(world):
    publication = make_publication(world)
    services.start_review(publication, world.office)
    with pytest.raises(PublishError, match="审核通过"):
        services.publish(publication, world.office)


# --- the snapshot ------------------------------------------------------------------------------------


def test_snapshot_is_immutable_when_a_filing_changes_later(published, client):
    publication, version = published
    page_before = article(client.get(publication.public_url()))
    docx_before = client.get(reverse("publishing:public_attachment", args=[publication.pk, 1, "docx"])).content
    filing = Filing.objects.get(task__order=1, submission__unit__name="医政医管科")
    # The package is approved, so save_edit refuses (its state guard); a plain save (the admin's) still changes the row.
    assert not filing.save_edit(
        filing.submission.unit.users.first(), filing.version, {"completion": "发布后改写的内容"}
    )
    filing.completion = "发布后改写的内容"
    filing.save()
    page_after = article(client.get(publication.public_url()))
    docx_after = client.get(reverse("publishing:public_attachment", args=[publication.pk, 1, "docx"])).content
    assert page_after == page_before and "发布后改写的内容" not in page_after
    assert docx_after == docx_before
    assert PublicationVersion.objects.get(pk=version.pk).verify()


def test_versions_and_attachments_refuse_edits_and_deletes(published):
    publication, version = published
    version.table_html = "篡改"
    with pytest.raises(FrozenError):
        version.save()
    with pytest.raises(FrozenError):
        version.delete()
    attachment = version.attachments.first()
    with pytest.raises(FrozenError):
        attachment.save()
    with pytest.raises(FrozenError):
        attachment.delete()
    with pytest.raises(FrozenError):
        publication.delete()
    # A raw UPDATE behind the model's back is caught by the hash.
    PublicationVersion.objects.filter(pk=version.pk).update(table_html="篡改")
    assert not PublicationVersion.objects.get(pk=version.pk).verify()


def test_index_number_never_changes_once_published(published, login):
    publication, _version = published
    publication.index_number = "11331021355386184W/2025-999999"
    with pytest.raises(FrozenError):
        publication.save()
    publication.refresh_from_db()
    response = login(publication.created_by).post(
        reverse("publishing:edit", args=[publication.pk]),
        {
            "index_mode": "manual",
            "index_number": "11331021355386184W/2025-999999",
            "title": "新名称",
            "publisher": "测试区卫生健康局",
            "date_kind": "issued",
            "doc_date": "2025-05-14",
            "disclosure_mode": "主动公开",
            "disclosure_scope": "面向全社会",
            "validity": "有效",
        },
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.index_number == "11331021355386184W/2025-141459" and publication.title == "新名称"


def test_correction_is_version_two_and_version_one_stays_readable(published, client):
    publication, v1 = published
    filing = Filing.objects.get(task__order=1, submission__unit__name="医政医管科")
    Filing.objects.filter(pk=filing.pk).update(completion="更正后：托位新增430个。")
    with pytest.raises(PublishError, match="更正说明"):
        publish_now(publication, publication.created_by, note="")
    v2 = publish_now(publication, publication.created_by, note="第1行托位数由420个更正为430个。")
    assert v2.number == 2 and v2.correction_note.startswith("第1行")
    assert Publication.objects.get(pk=publication.pk).index_number == "11331021355386184W/2025-141459"
    latest = client.get(publication.public_url()).content.decode()
    assert "托位新增430个" in latest and "更正说明" in latest and "第1行托位数由420个更正为430个" in latest
    old = client.get(v1.public_url()).content.decode()
    assert "托位新增420个" in old and "已被第2版更正" in old
    assert client.get(reverse("publishing:public_attachment", args=[publication.pk, 1, "docx"])).status_code == 200
    assert "430" in docx_text(
        client.get(reverse("publishing:public_attachment", args=[publication.pk, 2, "docx"])).content
    )


def test_withdrawal_marks_yifeizhi_with_reason_and_deletes_nothing(published, client):
    publication, version = published
    with pytest.raises(PublishError):
        publication.withdraw(publication.created_by, "")
    publication.withdraw(publication.created_by, "内容有误，另行发布")
    publication.refresh_from_db()
    assert publication.state == "withdrawn" and publication.validity == "已废止"
    assert (
        PublicationVersion.objects.filter(pk=version.pk).exists()
        and Attachment.objects.filter(version=version).exists()
    )
    response = client.get(publication.public_url())
    page = response.content.decode()
    assert response.status_code == 410 and "已废止" in page and "内容有误，另行发布" in page and "托位新增" not in page
    with pytest.raises(PublishError):
        services.publish(publication, publication.created_by, "再发")


def test_all_three_attachments_are_rendered_at_publishing(approved, settings):
    settings.DUBAN_PUBLISH_FORMATS = ("docx", "xlsx", "pdf")
    version = publish_now(make_publication(approved), approved.office)
    files = {a.fmt: bytes(a.content) for a in version.attachments.all()}
    assert files["pdf"].startswith(b"%PDF") and files["docx"][:2] == b"PK" and files["xlsx"][:2] == b"PK"
    assert version.verify()


# --- the 20-working-day warning ----------------------------------------------------------------------


def test_round_unpublished_twenty_working_days_after_as_of_is_flagged(approved, login, settings):
    settings.DUBAN_HOLIDAYS = "2025-05-01..2025-05-05"
    settings.DUBAN_MAKEUP_WORKDAYS = "2025-04-27"
    assert services.publish_deadline(approved.round) == datetime.date(2025, 5, 15)
    rows = services.rounds_overview([approved.round], today=datetime.date(2025, 5, 15))
    assert rows[0]["overdue"] is False
    rows = services.rounds_overview([approved.round], today=datetime.date(2025, 5, 16))
    assert rows[0]["overdue"] is True
    page = login(approved.office).get(reverse("publishing:index")).content.decode()
    assert "20个工作日" in page and "已超期" in page
    publish_now(make_publication(approved), approved.office)
    assert services.rounds_overview([approved.round], today=datetime.date(2025, 6, 30))[0]["overdue"] is False


# --- who may act ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["filler_a", "signer_a", "filler_b", "signer_b"])
def test_only_the_office_may_publish_correct_or_withdraw(approved, client, role):
    publication = make_publication(approved)
    client.force_login(getattr(approved, role))
    hit_url = reverse("publishing:decide", args=[publication.pk, 1])
    for url in (
        reverse("publishing:create", args=[approved.round.pk]),
        reverse("publishing:review", args=[publication.pk]),
        reverse("publishing:publish", args=[publication.pk]),
        reverse("publishing:withdraw", args=[publication.pk]),
        reverse("publishing:edit", args=[publication.pk]),
        hit_url,
        reverse("publishing:feedback"),
    ):
        assert client.post(url, {"reason": "x", "correction_note": "x", "decision": "mask"}).status_code == 403, url
    assert not PublicationVersion.objects.exists()
    assert Publication.objects.get().state == "draft"


def test_anonymous_visitors_are_sent_to_login_for_office_pages(published, client):
    publication, _version = published
    for url in (
        reverse("publishing:index"),
        reverse("publishing:review", args=[publication.pk]),
        reverse("publishing:feedback"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(reverse("publishing:withdraw", args=[publication.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert Publication.objects.get().state == "published"


def test_office_masks_a_hit_with_one_click_on_the_review_page(approved, login):
    Filing.objects.filter(pk=lead_filing(approved).pk).update(completion=f"咨询电话{PLANTED_PHONE}")
    publication = make_publication(approved)
    client = login(approved.office)
    page = client.get(reverse("publishing:review", args=[publication.pk])).content.decode()
    assert "遮盖为 138****1234" in page and "<mark>13812341234</mark>" in page
    hit = PrivacyHit.objects.get(kind="mobile")
    client.post(reverse("publishing:decide", args=[publication.pk, hit.pk]), {"decision": "mask"})
    page = client.get(reverse("publishing:review", args=[publication.pk])).content.decode()
    assert "发布预览" in page and "138****1234" in page
    assert client.post(reverse("publishing:publish", args=[publication.pk])).status_code == 302
    assert Publication.objects.get().state == "published"


def test_catalogue_english_for_english_browsers(published, client):
    publication, _version = published
    page = client.get(publication.public_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Index number:" in page and "Leave a message" in page


def test_rights_are_registered_as_rules_permissions(world):
    from publishing import rights

    for action in ("publish", "withdraw", "review_privacy", "handle_feedback"):
        assert rights.can(world.office, action)
        assert not any(
            rights.can(getattr(world, role), action) for role in ("filler_a", "signer_a", "filler_b", "signer_b")
        )


def test_fill_ready_helper_is_used(world):
    # conftest.fill_ready is the project's way to write a filing; keep the import meaningful.
    from filings.models import Submission

    filing = fill_ready(Submission.objects.open_for(world.round, world.unit_a).filings.first(), world.filler_a)
    assert filing.version == 1


def test_publishing_needs_a_privacy_review_first(approved):
    publication = make_publication(approved)
    with pytest.raises(PublishError, match="请先进行隐私审查"):
        services.publish(publication, approved.office)
    assert not PublicationVersion.objects.exists()


def test_a_new_publication_is_dated_today_and_numbered_from_the_bureaus_credit_code(
    approved, login, settings, time_machine
):
    from units.models import Unit

    # in the site's zone: 发文日期 is the bureau's date, whatever the machine's zone
    time_machine.move_to(datetime.datetime(2025, 5, 6, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False)
    settings.DUBAN_CREDIT_CODE = ""
    url = reverse("publishing:create", args=[approved.round.pk])
    form = login(approved.office).get(url).context["form"]
    # no code known: the office types the 索引号 (a generated one would be refused on the first save)
    assert form.initial["index_mode"] == "manual" and form.initial["doc_date"] == datetime.date(2025, 5, 6)
    Unit.objects.filter(pk=approved.round.plan.issuer_id).update(credit_code="11331021355386184W")
    form = login(approved.office).get(url).context["form"]
    assert form.initial["index_mode"] == "generated" and form.initial["credit_code"] == "11331021355386184W"
