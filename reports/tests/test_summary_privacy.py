"""A 工作总结 is scanned for personal data before its export (issue 21, item 12): the office sees each hit and
masks it (the paragraph saved masked, a version) or keeps it with a reason; the export waits until then."""

import datetime

from conftest import fill_ready
from filings.models import Submission
from reports import services
from reports.models import SummaryPrivacyHit

PHONE = "13812341234"


def _summary(world):
    world.round.due = datetime.date(2025, 4, 20)
    world.round.save()
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(filing, world.filler_a, completion=f"托位新增420个，咨询电话{PHONE}。此项内部资料，不宜公开。")
    submission.submit(world.filler_a, "王婧", "0576-88888888")
    submission.sign(world.signer_a)
    submission.approve(world.office)
    return services.generate_summary(world.plan, "year", world.office)


def test_export_waits_for_every_hit_and_masking_saves_the_paragraph(world, client):
    summary = _summary(world)
    client.force_login(world.office)
    response = client.get(f"/reports/summaries/{summary.pk}/export/docx/", follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/reports/summaries/{summary.pk}/#privacy")
    page = response.content.decode()
    assert "隐私审查" in page and PHONE in page and "不宜公开" in page
    hits = list(SummaryPrivacyHit.objects.filter(summary=summary))
    assert {h.kind for h in hits} >= {"mobile", "phrase"}
    for hit in hits:
        if hit.kind == "mobile":
            client.post(f"/reports/summaries/{summary.pk}/privacy/{hit.pk}/", {"decision": "mask"})
        else:
            assert (
                client.post(
                    f"/reports/summaries/{summary.pk}/privacy/{hit.pk}/", {"decision": "keep", "reason": ""}
                ).status_code
                == 302
            )
            assert SummaryPrivacyHit.objects.get(pk=hit.pk).decision == "pending"  # a reason is required
            client.post(
                f"/reports/summaries/{summary.pk}/privacy/{hit.pk}/", {"decision": "keep", "reason": "总结为内部材料"}
            )
    texts = " ".join(summary.paragraphs.values_list("text", flat=True))
    assert PHONE not in texts and "138****1234" in texts
    masked = summary.paragraphs.filter(text__contains="138****1234")
    assert masked.exists() and all(p.updated_by == world.office and p.version > 1 for p in masked)
    kept = SummaryPrivacyHit.objects.filter(summary=summary, decision="keep")
    assert kept.exists() and all(h.reason == "总结为内部材料" and h.decided_by == world.office for h in kept)
    response = client.get(f"/reports/summaries/{summary.pk}/export/docx/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_a_kept_hit_stays_kept_on_the_next_scan(world):
    summary = _summary(world)
    for hit in services.scan_summary(summary):
        services.decide_summary_hit(hit, world.office, "keep", "已核实")
    assert not services.scan_summary(summary).exists()


def test_a_masked_number_is_no_placeholder():
    from reports.drafting import has_placeholder

    assert not has_placeholder("咨询电话138****1234。") and not has_placeholder("35**************23")
    assert has_placeholder("完成***个") and has_placeholder("新增xx家")
