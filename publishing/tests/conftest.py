"""Fixtures for publishing: the shared ``world`` with its round approved, and helpers to publish it."""

import re

import pytest

from conftest import fill_ready

PLANTED_PHONE = "13812341234"


def approve_round(world, completion_a="托位新增420个。", completion_b="院前急救体系建设稳步推进。"):
    """Both units fill, submit, sign; the office approves. Returns the two submissions."""
    from filings.models import Submission

    subs = []
    for unit, filler, signer, text in (
        (world.unit_a, world.filler_a, world.signer_a, completion_a),
        (world.unit_b, world.filler_b, world.signer_b, completion_b),
    ):
        submission = Submission.objects.open_for(world.round, unit)
        for filing in submission.filings.all():
            fill_ready(filing, filler, completion=text)
        submission.submit(
            filler,
            "张三丰" if unit == world.unit_a else "李四",
            "0576-87654321" if unit == world.unit_a else "13900001111",
        )
        submission.sign(signer)
        submission.approve(world.office)
        subs.append(submission)
    return subs


@pytest.fixture(autouse=True)
def _chinese_first():
    """Each test starts (and leaves) in the site language: a request with Accept-Language en activates English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _only_docx(settings):
    """PDFs take a second each: most tests freeze only the .docx; the PDF test asks for all formats."""
    settings.DUBAN_PUBLISH_FORMATS = ("docx",)


@pytest.fixture
def approved(world):
    approve_round(world)
    return world


def make_publication(world, **fields):
    import datetime

    from publishing.models import Publication

    values = {
        "index_mode": "manual",
        "index_number": "11331021355386184W/2025-141459",
        "title": "测试区卫生健康局2025年第一季度重点工作完成情况",
        "publisher": "测试区卫生健康局",
        "doc_date": datetime.date(2025, 5, 14),
        "genre": "计划总结",
        "source": "区卫生健康局",
        "round": world.round,
        "created_by": world.office,
    }
    values.update(fields)
    return Publication.objects.create(**values)


def publish_now(publication, user, note="", mask_all=True):
    """Scan, mask every hit, publish: the version."""
    from publishing import services

    review = services.current_review(publication) or services.start_review(publication, user)
    for hit in review.hits.all():
        services.decide(hit, user, "mask" if mask_all else "keep", "" if mask_all else "公开需要")
    return services.publish(publication, user, note)


@pytest.fixture
def published(approved):
    publication = make_publication(approved)
    version = publish_now(publication, approved.office)
    return publication, version


def captcha_answer(html):
    """The hashkey on a rendered feedback form and the answer stored for it."""
    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def feedback_post(client, publication, text="请问托位建设进度何时更新？", **extra):
    page = client.get(publication.public_url()).content.decode()
    key, answer = captcha_answer(page)
    data = {"name": "王五", "contact": "13700001234", "text": text, "captcha_0": key, "captcha_1": answer}
    data.update(extra)
    return client.post(
        f"{publication.public_url()}feedback/",
        data,
        REMOTE_ADDR=extra.pop("addr", "203.0.113.7") if "addr" in extra else "203.0.113.7",
    ), data
