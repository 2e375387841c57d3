"""The demo has one published item: the approved 玉环 2025年第一季度 round, as on the seed disclosure page."""

import io

from django.core.management import call_command

from publishing.models import Publication


def test_load_demo_publishes_the_yuhuan_round_once(db, client, settings, seeds):
    settings.DUBAN_PUBLISH_FORMATS = ("docx", "xlsx", "pdf")
    call_command("load_demo", "--seeds", str(seeds), stdout=io.StringIO())
    call_command("load_demo", "--seeds", str(seeds), stdout=io.StringIO())  # idempotent
    publication = Publication.objects.get()
    assert publication.state == "published" and publication.index_number == "11331021355386184W/2025-141459"
    assert publication.round.name == "2025年第一季度" and publication.publisher == "玉环市卫生健康局"
    version = publication.latest
    assert version.number == 1 and sorted(a.fmt for a in version.attachments.all()) == ["docx", "pdf", "xlsx"]
    page = client.get("/public/").content.decode()
    assert "玉环市卫生健康局2025年第一季度" in page
    item = client.get(publication.public_url()).content.decode()
    for text in (
        "11331021355386184W/2025-141459",
        "计划总结",
        "主动公开",
        "面向全社会",
        "完善全域全民全程健康服务体系",
    ):
        assert text in item, text
    assert "玉环填报人" not in item and "玉环签发人" not in item  # 填报人 / 签发人 never on a public page
