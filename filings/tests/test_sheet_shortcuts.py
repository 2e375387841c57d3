"""申请延期 is offered on each row of the filler's sheet, not only on the single-task page (issue 21)."""

from django.urls import reverse

from filings.models import Submission


def test_the_fillers_sheet_offers_an_extension_on_each_row(world, login):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    page = login(world.filler_a).get(submission.get_absolute_url()).content.decode()
    for filing in submission.filings.all():
        assert reverse("supervision:extension_request", args=[filing.pk]) in page
    assert page.count("申请延期") >= submission.filings.count()
    signer_page = login(world.signer_a).get(submission.get_absolute_url()).content.decode()
    assert 'class="ask-extension"' not in signer_page
