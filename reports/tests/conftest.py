import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The full demo (seed documents + the reports additions), with 椒江's signed round approved."""
    from filings.models import Submission
    from units.models import User

    call_command("load_demo", stdout=io.StringIO())
    office = User.objects.get(username="office")
    jiaojiang = Submission.objects.get(round__name="2023年上半年", unit__name="台州市椒江区卫生健康局")
    assert jiaojiang.state == Submission.State.SIGNED
    jiaojiang.approve(office)
    return office
