"""The reviewer may rewrite or drop the sentence around a hit, not only mask or keep it — recorded with who
and why (issue 21, item 12)."""

import pytest
from django.urls import reverse

from docparse.privacy import sentence_span
from filings.models import Filing
from publishing import services
from publishing.models import PrivacyHit, PublishError

from .conftest import PLANTED_PHONE, make_publication

TEXT = f"托位新增420个。如有疑问请联系王主任{PLANTED_PHONE}。下季度继续推进。"


def _review(world):
    filing = Filing.objects.get(task=world.tasks[0], submission__unit=world.unit_a)
    Filing.objects.filter(pk=filing.pk).update(completion=TEXT)
    publication = make_publication(world)
    review = services.start_review(publication, world.office)
    return publication, review.hits.get(kind="mobile")


def test_sentence_span_is_the_sentence_around_the_hit():
    start = TEXT.index(PLANTED_PHONE)
    begin, end = sentence_span(TEXT, start, start + len(PLANTED_PHONE))
    assert TEXT[begin:end] == f"如有疑问请联系王主任{PLANTED_PHONE}。"


def test_dropping_the_sentence_takes_it_out_of_the_published_table(approved):
    publication, hit = _review(approved)
    assert hit.sentence == f"如有疑问请联系王主任{PLANTED_PHONE}。"
    with pytest.raises(PublishError):
        services.decide(hit, approved.office, "drop", "")  # why is required
    services.decide(hit, approved.office, "drop", "个人联系方式不公开")
    version = services.publish(publication, approved.office)
    assert "托位新增420个。下季度继续推进。" in version.table_html
    assert "王主任" not in version.table_html and PLANTED_PHONE not in version.table_html
    hit.refresh_from_db()
    assert (hit.decision, hit.reason, hit.decided_by) == ("drop", "个人联系方式不公开", approved.office)


def test_rewriting_the_sentence_publishes_the_new_text_and_refuses_one_still_personal(approved, login):
    publication, hit = _review(approved)
    url = reverse("publishing:decide", args=[publication.pk, hit.pk])
    client = login(approved.office)
    client.post(url, {"decision": "edit", "replacement": f"咨询电话{PLANTED_PHONE}。", "reason": "改为咨询电话"})
    assert PrivacyHit.objects.get(pk=hit.pk).decision == "pending"  # still a phone number: refused
    review_page = client.get(reverse("publishing:review", args=[publication.pk])).content.decode()
    assert "改写所在句子" in review_page and "删去所在句子" in review_page
    client.post(url, {"decision": "edit", "replacement": "如有疑问请咨询区卫生健康局。", "reason": "改为单位名称"})
    hit.refresh_from_db()
    assert (hit.decision, hit.replacement, hit.reason, hit.decided_by) == (
        "edit",
        "如有疑问请咨询区卫生健康局。",
        "改为单位名称",
        approved.office,
    )
    version = services.publish(publication, approved.office)
    assert "托位新增420个。如有疑问请咨询区卫生健康局。下季度继续推进。" in version.table_html
    assert PLANTED_PHONE not in version.table_html
