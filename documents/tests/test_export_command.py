"""export_round on the command line answers like the pages: with --user it acts through the access
registry (another bureau's round is not found, a unit's filler is refused), with exit codes."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import make_user
from units.cli import EXIT_FORBIDDEN, EXIT_NOT_FOUND
from units.models import Unit, User


def test_the_rounds_own_office_exports_it(world, tmp_path):
    out = tmp_path / "t.docx"
    call_command("export_round", world.round.pk, "--format", "docx", "--user", world.office.username, "-o", str(out))
    assert out.read_bytes()[:2] == b"PK"


def test_another_bureaus_office_gets_not_found_and_no_file(world, tmp_path):
    other = Unit.objects.create(name="另一区卫生健康局", kind=Unit.Kind.BUREAU)
    outsider = make_user("other_office", other, User.Role.OFFICE)
    out = tmp_path / "t.docx"
    with pytest.raises(CommandError) as caught:
        call_command("export_round", world.round.pk, "--user", outsider.username, "-o", str(out))
    assert caught.value.returncode == EXIT_NOT_FOUND and not out.exists()


def test_a_units_filler_is_refused(world, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("export_round", world.round.pk, "--user", world.filler_a.username, "-o", str(tmp_path / "t.docx"))
    assert caught.value.returncode == EXIT_FORBIDDEN


def test_an_unknown_login_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="找不到用户"):
        call_command("export_round", world.round.pk, "--user", "nobody", "-o", str(tmp_path / "t.docx"))
