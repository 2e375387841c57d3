"""The official table holds only approved work: the roll-up page and every round export."""

import io

import pytest
from django.urls import reverse

from conftest import fill_ready
from filings.models import Submission

APPROVED_TEXT = "截至6月底，新增托位336个，已审核通过。"
SIGNED_TEXT = "院前急救站点新建2个，已签发待审核。"
DRAFT_TEXT = "草稿：尚未提交的内容。"


@pytest.fixture
def mixed(world):
    """Unit A approved (task 1, 2); unit B signed (task 3); a third unit's draft for a new task."""
    from plans.models import Task
    from units.models import Unit

    a = Submission.objects.open_for(world.round, world.unit_a)
    for f in a.filings.all():
        fill_ready(f, world.filler_a, completion=APPROVED_TEXT)
    a.submit(world.filler_a, "王婧", "0576-1")
    a.sign(world.signer_a)
    a.approve(world.office)
    b = Submission.objects.open_for(world.round, world.unit_b)
    for f in b.filings.all():
        fill_ready(f, world.filler_b, completion=SIGNED_TEXT)
    b.submit(world.filler_b, "李强", "0576-2")
    b.sign(world.signer_b)
    c_unit = Unit.objects.create(name="基层卫生科", parent=world.bureau, order=3)
    Task.objects.create(
        plan=world.plan, section=world.sections[1], number="4", text="推进家庭医生签约服务。", lead_unit=c_unit, order=4
    )
    c = Submission.objects.open_for(world.round, c_unit)
    for f in c.filings.all():
        fill_ready(f, world.office, completion=DRAFT_TEXT)
    return world


def _text(fmt, content):
    if fmt == "docx":
        from docx import Document

        doc = Document(io.BytesIO(content))
        return "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells) + "\n".join(
            p.text for p in doc.paragraphs
        )
    if fmt == "xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(content)).active
        return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    if fmt == "pdf":
        import subprocess

        # (justified lines spread their characters: pdftotext reads the gaps as spaces)
        return "".join(
            subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
            .stdout.decode()
            .split()
        )
    return content.decode()


@pytest.mark.parametrize("layout", ["status", "form"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "html"])
def test_every_round_export_leaves_out_unapproved_text(mixed, login, fmt, layout):
    client = login(mixed.office)
    url = reverse("documents:export_round", args=[mixed.round.pk, fmt]) + f"?layout={layout}"
    text = _text(fmt, client.get(url).content).replace("\n", "")
    assert APPROVED_TEXT in text
    assert SIGNED_TEXT not in text and DRAFT_TEXT not in text
    assert "未报送" in text


def test_office_can_include_signed_work_marked_unreviewed_but_never_drafts(mixed, login):
    client = login(mixed.office)
    text = _text(
        "docx",
        client.get(
            reverse("documents:export_round", args=[mixed.round.pk, "docx"]) + "?layout=status&include=signed"
        ).content,
    )
    assert "【未审核】" + SIGNED_TEXT in text and DRAFT_TEXT not in text


def test_round_wide_form_carries_each_units_sign_off(mixed, login):
    text = _text(
        "docx",
        login(mixed.office)
        .get(reverse("documents:export_round", args=[mixed.round.pk, "docx"]) + "?layout=form")
        .content,
    )
    assert "医政医管科　签发人：signer_a　填报人：王婧　联系方式：0576-1" in text
    assert "李强" not in text  # unit B is signed, not approved


def test_rollup_page_official_and_working_views(mixed, login):
    client = login(mixed.office)
    official = client.get(reverse("documents:rollup", args=[mixed.round.pk])).content.decode()
    assert APPROVED_TEXT in official and SIGNED_TEXT not in official and DRAFT_TEXT not in official
    working = client.get(reverse("documents:rollup", args=[mixed.round.pk]) + "?view=working").content.decode()
    assert APPROVED_TEXT in working and SIGNED_TEXT in working and "已签发" in working and "草稿" in working


def test_export_round_command_is_approved_only_unless_asked(mixed, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "t.html"
    call_command("export_round", mixed.round.pk, "--format", "html", "-o", str(out))
    assert SIGNED_TEXT not in out.read_text() and APPROVED_TEXT in out.read_text()
    call_command("export_round", mixed.round.pk, "--format", "html", "--include-signed", "-o", str(out))
    assert "【未审核】" + SIGNED_TEXT in out.read_text()


@pytest.mark.parametrize("spacing", [" ", ""])
def test_the_status_table_title_names_the_year_once(world, spacing):
    from documents.exports import status_table

    world.plan.title = f"{world.plan.year}{spacing}年测试区卫生健康工作要点"
    world.plan.save()
    title = status_table(world.round).title
    # the year once, and the district once: the issuer 测试区卫生健康局 already names it
    assert title == "测试区卫生健康局2025年第一季度卫生健康工作要点完成情况"


@pytest.mark.parametrize("spacing", [" ", ""])
def test_the_form_title_names_the_year_once(world, spacing):
    from documents.exports import filing_form

    world.plan.title = f"{world.plan.year}{spacing}年测试区卫生健康工作要点"
    world.plan.save()
    assert filing_form(world.round).title.startswith("2025年第一季度测试区卫生健康工作要点完成情况填报表（截至")
    world.round.name = "第一季度"
    world.round.save()
    assert filing_form(world.round).title.startswith("2025年第一季度测试区卫生健康工作要点完成情况填报表（截至")


def test_the_status_title_keeps_a_plan_title_that_ends_in_gongzuo(world):
    from documents.exports import status_table

    world.plan.title = "2025年市政府重点工作和民生实事工作"
    world.plan.save()
    assert status_table(world.round).title == "测试区卫生健康局2025年第一季度市政府重点工作和民生实事工作完成情况"


def test_a_units_official_form_prints_no_sign_off_of_a_package_it_does_not_show(mixed, tmp_path):
    """export_round --unit U: a draft's 填报人 / 联系方式 / 签发人 / 填报时间 never stand under （未报送） rows."""
    import datetime

    from django.core.management import call_command

    from units.models import Unit

    c_unit = Unit.objects.get(name="基层卫生科")
    draft = Submission.objects.get(round=mixed.round, unit=c_unit)
    draft.filler_name, draft.contact, draft.signer = "赵六", "0576-3333", mixed.signer_a
    draft.submitted_at = datetime.datetime(2025, 4, 10, 9, tzinfo=datetime.UTC)
    draft.save()
    out = tmp_path / "c.html"
    call_command(
        "export_round", mixed.round.pk, "--layout", "form", "--unit", str(c_unit.pk), "--format", "html", "-o", str(out)
    )
    html = out.read_text()
    assert "（未报送）" in html and DRAFT_TEXT not in html
    for leak in ("赵六", "0576-3333", "signer_a", "2025年4月10日"):
        assert leak not in html
    assert "填报人：" in html  # the blank lines of the form stay, to be filled by hand
    # the unit's own approved package does show its sign-off
    call_command(
        "export_round",
        mixed.round.pk,
        "--layout",
        "form",
        "--unit",
        str(mixed.unit_a.pk),
        "--format",
        "html",
        "-o",
        str(out),
    )
    assert "填报人：王婧" in out.read_text() and "签发人：signer_a" in out.read_text()


def test_the_whole_bureaus_form_names_its_signer(mixed):
    from documents.exports import filing_form
    from units.models import User

    form = filing_form(mixed.round)
    assert form.signer == "signer_a"  # no bureau 签发人 account: whoever signed the packages it shows
    User.objects.create_user("chief", role=User.Role.SIGNER, unit=mixed.bureau, display_name="王局长")
    assert filing_form(mixed.round).signer == "王局长"


def test_the_plan_carries_its_issue_date_under_the_signature(world):
    import datetime

    from documents import exports

    assert exports.plan_document(world.plan).issued_on is None
    world.plan.issued_on = datetime.date(2025, 1, 10)
    world.plan.save()
    document = exports.plan_document(world.plan)
    assert document.issued_on == datetime.date(2025, 1, 10) and document.issuer == "测试区卫生健康局"
    text = _text("pdf", exports.render(document, "pdf"))
    assert text.endswith("测试区卫生健康局2025年1月10日—1—")


def test_an_imported_plan_keeps_its_issue_date(world):
    from documents.services import import_plan

    doc = {
        "title": "2026年测试区卫生健康工作要点",
        "year": 2026,
        "metadata": {"成文日期": "2026-02-03"},
        "sections": [{"title": "一、保障", "tasks": [{"text": "加强组织领导。"}]}],
    }
    plan = import_plan(doc, issuer=world.bureau)
    assert str(plan.issued_on) == "2026-02-03"


def _sign_off(world, unit, filler, signer, at, contact="0576-1"):
    """``unit``'s package submitted, signed and approved at ``at`` (a fixed moment)."""
    import time_machine

    with time_machine.travel(at, tick=False):
        package = Submission.objects.open_for(world.round, unit)
        for f in package.filings.all():
            fill_ready(f, filler, completion=APPROVED_TEXT)
        package.submit(filler, filler.display_name, contact)
        package.sign(signer)
        package.approve(world.office)
    return package


def _moment(day):
    import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings

    return datetime.datetime(2025, 4, day, 10, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_the_whole_bureaus_form_names_the_bureau_its_signers_and_its_latest_filing_date(world, fmt):
    """The bureau's 填报表 of the whole round: 填报单位 the bureau, 签发人 the units that signed, 填报时间 the latest
    sign-off's date (no empty 填报人/联系方式 labels under the units' own lines)."""
    from documents import exports

    _sign_off(world, world.unit_a, world.filler_a, world.signer_a, _moment(16))
    _sign_off(world, world.unit_b, world.filler_b, world.signer_b, _moment(18))
    import datetime

    form = exports.filing_form(world.round)
    assert (form.unit_name, form.signer, form.filed_on) == (
        "测试区卫生健康局",
        "signer_a、signer_b",
        datetime.date(2025, 4, 18),
    )
    data = exports.render(form, fmt)
    text = data.decode() if fmt == "html" else _text(fmt, data)
    flat = "".join(text.split())
    assert "填报单位（盖章）：测试区卫生健康局" in flat and "签发人：signer_a、signer_b" in flat
    assert "医政医管科签发人：signer_a填报人：filler_a联系方式：0576-1填报时间：2025年4月16日" in flat
    assert "填报时间：2025年4月18日" in flat
    assert "填报人：联系方式" not in flat and "联系方式：填报" not in flat  # no empty label


def test_more_signers_than_the_header_holds_read_each_unit(world):
    """Many units signed: the header says 各单位（见表后） and each unit's line names its 签发人; re-importing the form
    makes no 签发人 called 各单位."""
    from conftest import make_user
    from documents import exports
    from documents.tests.test_lossless import empty_database, reimport_report
    from plans.models import Task
    from units.models import Unit, User

    for n, name in enumerate(("基层卫生科", "妇幼健康科"), start=3):
        unit = Unit.objects.create(name=name, parent=world.bureau, order=n)
        Task.objects.create(
            plan=world.plan,
            section=world.sections[1],
            number=str(n + 1),
            text=f"{name}任务。",
            lead_unit=unit,
            order=n + 1,
        )
        _sign_off(
            world,
            unit,
            make_user(f"filler{n}", unit, User.Role.FILLER),
            make_user(f"signer{n}", unit, User.Role.SIGNER),
            _moment(n + 10),
        )
    _sign_off(world, world.unit_a, world.filler_a, world.signer_a, _moment(16))
    _sign_off(world, world.unit_b, world.filler_b, world.signer_b, _moment(17))
    form = exports.filing_form(world.round)
    assert form.signer == exports.EACH_UNIT_SIGNED == "各单位（见表后）"
    assert [u.signer for u in form.units] == ["signer_a", "signer_b", "signer3", "signer4"]
    data = exports.render(form, "docx")
    empty_database()
    office = User.objects.get(username="office-new")
    reimport_report(data, "docx", office)
    signers = set(User.objects.filter(role=User.Role.SIGNER).values_list("display_name", flat=True))
    assert signers == {"signer_a", "signer_b", "signer3", "signer4"}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_bureau_that_reports_for_itself_signs_its_whole_form_as_the_seed_prints_it(world, fmt):
    """椒江's form: the bureau itself is the round's only reporting unit; the form carries its 签发人 in the header and
    its 填报人 / 联系方式 / 填报时间 under the table (not one unit line repeating the header)."""
    from documents import exports
    from units.models import User

    world.plan.tasks.update(lead_unit=world.bureau)
    filler = User.objects.create_user("wangjing", unit=world.bureau, role=User.Role.FILLER, display_name="王婧")
    signer = User.objects.create_user("yan", unit=world.bureau, role=User.Role.SIGNER, display_name="严邦星")
    _sign_off(world, world.bureau, filler, signer, _moment(21), contact="0576-89025399")
    form = exports.filing_form(world.round)
    assert form.units == []
    assert (form.signer, form.filler, form.contact) == ("严邦星", "王婧", "0576-89025399")
    flat = "".join(_text(fmt, exports.render(form, fmt)).split())
    assert "填报单位（盖章）：测试区卫生健康局" in flat and "签发人：严邦星" in flat
    assert "填报人：王婧" in flat and "联系方式：0576-89025399" in flat and "填报时间：2025年4月21日" in flat
    assert flat.count("严邦星") == 1
