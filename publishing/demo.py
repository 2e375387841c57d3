"""Demo: the approved 玉环 2025年第一季度 round published as the seed disclosure page (索引号 11331021355386184W/2025-141459).

Called at the end of ``manage.py load_demo``; looks everything up by name and does nothing when
the round is missing or already has a publication.
"""

import datetime

from django.db import transaction

from filings.models import Round
from units.models import User

from . import services
from .models import Publication

ISSUER = "玉环市卫生健康局"
INDEX_NUMBER = "11331021355386184W/2025-141459"


@transaction.atomic
def load_demo(stdout):
    round_ = Round.objects.filter(plan__issuer__name=ISSUER, name="2025年第一季度").select_related("plan").first()
    office = User.objects.filter(username="office").first()
    if round_ is None or office is None:
        stdout.write("publishing demo: no approved 玉环 2025年第一季度 round, nothing published")
        return None
    existing = (
        Publication.objects.filter(round=round_).first()
        or Publication.objects.filter(index_number=INDEX_NUMBER).first()
    )
    if existing:
        return existing
    table = services.round_table(round_)
    publication = Publication.objects.create(
        round=round_,
        index_mode=Publication.IndexMode.MANUAL,
        index_number=INDEX_NUMBER,
        title=table.title,
        publisher=ISSUER,
        doc_date=datetime.date(2025, 5, 14),
        topic="卫生、体育\\医药管理",
        genre="计划总结",
        source="市卫生健康局",
        summary="玉环市卫生健康局2025年第一季度市政府重点工作和民生实事工作完成情况。",
        created_by=office,
    )
    review = services.start_review(publication, office)
    for hit in review.hits.all():
        services.decide(hit, office, "mask")
    version = services.publish(publication, office)
    stdout.write(
        f"publishing demo: published {publication.index_number} (v{version.number}, {review.hits.count()} privacy hits masked) at /public/{publication.pk}/"
    )
    return publication
