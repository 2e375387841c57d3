import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db, seeds):
    """The full demo (seed documents + the reports additions), with 椒江's signed round approved."""
    from filings.models import Submission
    from units.models import User

    call_command("load_demo", "--seeds", str(seeds), stdout=io.StringIO())
    office = User.objects.get(username="office")
    jiaojiang = Submission.objects.get(round__name="2023年上半年", unit__name="台州市椒江区卫生健康局")
    assert jiaojiang.state == Submission.State.SIGNED
    jiaojiang.approve(office)
    # With levels, 江干's office sees only 江干: the pages are tried as the system admin, who sees
    # 椒江 and 玉环 (each under 台州) as well.
    return User.objects.get(username="admin")
