"""Upload → preview → confirm, batch import, and the demo data, on the seed documents."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from documents.models import PendingImport
from filings.models import Filing, Round, Submission
from plans.models import Indicator, Plan


def upload(client, name, data):
    return client.post(reverse("documents:upload"), {"document": SimpleUploadedFile(name, data)})


def test_plan_upload_previews_then_confirms_into_sections_tasks_and_indicators(world, login, seeds):
    client = login(world.office)
    response = upload(client, "jianggan.txt", (seeds / "jianggan-2020-work-plan.txt").read_bytes())
    pending = PendingImport.objects.get()
    assert response["Location"] == pending.get_absolute_url()
    page = client.get(pending.get_absolute_url()).content.decode()
    assert "2020 年江干区卫生健康工作要点" in page and "（16）" in page
    assert "<mark" in page and "90 个</mark>" in page  # indicators highlighted in the source text
    assert not Plan.objects.filter(year=2020).exists()  # nothing saved before confirmation

    client.post(
        pending.get_absolute_url(), {"kind": "work_points", "title": "2020年江干区卫生健康工作要点", "year": 2020}
    )
    plan = Plan.objects.get(year=2020)
    assert plan.sections.count() == 5 and plan.tasks.count() == 16
    assert plan.sections.first().title.startswith("紧抓机遇")
    beds = Indicator.objects.get(task__plan=plan, subject="托位")
    assert (beds.target_value, beds.unit, beds.comparator) == (90, "个", "add")
    signing = Indicator.objects.get(task__plan=plan, unit="人", target_value=253900)
    assert signing.scale == 10000 and signing.comparator == "reach"
    assert not PendingImport.objects.exists()


def test_filled_form_upload_creates_plan_round_and_filings(world, login, seeds):
    client = login(world.office)
    upload(client, "jiaojiang.txt", (seeds / "jiaojiang-2023-target-filing-form.txt").read_bytes())
    pending = PendingImport.objects.get()
    page = client.get(pending.get_absolute_url()).content.decode()
    assert "2023年政府工作报告目标任务" in page and "2023年上半年" in page and "已完成" in page
    client.post(
        pending.get_absolute_url(),
        {
            "mode": "new",
            "kind": "gov_report",
            "plan_title": "2023年政府工作报告目标任务",
            "round_name": "2023年上半年",
            "as_of": "2023-06-30",
            "due": "2023-07-21",
        },
    )
    round_ = Round.objects.get(name="2023年上半年")
    assert round_.as_of.isoformat() == "2023-06-30"
    filings = Filing.objects.filter(submission__round=round_)
    assert filings.count() == 8 and all(f.completed is True for f in filings)
    assert round_.plan.sections.count() == 2
    assert "48396" in filings.get(task__text__startswith="创建国家老年友好城市").completion
    submission = Submission.objects.get(round=round_)
    assert (submission.filler_name, submission.contact) == ("王婧", "0576-89025399")


def test_status_table_into_an_existing_round_matches_tasks_by_text(world, login, seeds):
    client = login(world.office)
    upload(client, "yuhuan.txt", (seeds / "yuhuan-2025-q1-key-work-status.txt").read_bytes())
    first = PendingImport.objects.get()
    client.post(
        first.get_absolute_url(),
        {
            "mode": "new",
            "kind": "key_work",
            "plan_title": "玉环2025重点工作",
            "round_name": "2025年第一季度",
            "as_of": "2025-04-15",
        },
    )
    plan = Plan.objects.get(title="玉环2025重点工作")
    second_round = plan.rounds.create(name="2025年第二季度", as_of="2025-06-30", due="2025-07-10")

    upload(client, "yuhuan.txt", (seeds / "yuhuan-2025-q1-key-work-status.txt").read_bytes())
    pending = PendingImport.objects.get()
    page = client.get(pending.get_absolute_url() + f"?round={second_round.pk}").content.decode()
    assert page.count("相似度 1.00") == 9
    tasks = list(plan.tasks.order_by("order"))
    data = {"mode": "existing", "round": second_round.pk, **{f"match_{i}": t.pk for i, t in enumerate(tasks)}}
    data["match_8"] = ""  # the office chose not to import the last row
    client.post(pending.get_absolute_url(), data)
    filings = Filing.objects.filter(submission__round=second_round).exclude(version=0)
    assert filings.count() == 8 and all(f.self_assessment == "on_track" for f in filings)


def test_cancel_saves_nothing(world, login, seeds):
    client = login(world.office)
    upload(client, "jianggan.txt", (seeds / "jianggan-2020-work-plan.txt").read_bytes())
    pending = PendingImport.objects.get()
    client.post(reverse("documents:cancel", args=[pending.pk]))
    assert not PendingImport.objects.exists() and not Plan.objects.filter(year=2020).exists()


@pytest.mark.parametrize(
    "name, data", [("broken.docx", b"PK\x03\x04 not really a zip"), ("noise.xlsx", bytes(range(256)) * 40)]
)
def test_malformed_documents_get_a_clear_error_and_nothing_is_saved(world, login, name, data):
    plans_before = Plan.objects.count()
    response = upload(login(world.office), name, data)
    page = response.content.decode()
    assert response.status_code == 200 and ("无法" in page or "不是" in page) and "Cannot" not in page
    assert Plan.objects.count() == plans_before and not PendingImport.objects.exists()


def test_oversized_upload_is_refused(world, login, settings):
    settings.DUBAN_MAX_UPLOAD_BYTES = 1000
    response = upload(login(world.office), "big.txt", "字".encode() * 2000)
    assert "文件过大" in response.content.decode() and not PendingImport.objects.exists()


def test_docx_plan_gives_the_same_tasks_as_the_text(world, login, seeds):
    from docx import Document

    document = Document()
    for line in (seeds / "jianggan-2020-work-plan.txt").read_bytes().decode("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    client = login(world.office)
    upload(client, "jianggan.docx", buffer.getvalue())
    pending = PendingImport.objects.get()
    client.post(pending.get_absolute_url(), {"kind": "work_points", "title": "江干2020", "year": 2020})
    assert Plan.objects.get(title="江干2020").tasks.count() == 16


def test_import_document_command_dry_run_saves_nothing_then_imports(world, capsys, seeds):
    path = str(seeds / "jianggan-2020-work-plan.txt")
    call_command("import_document", path, "--dry-run")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["tasks"] == 16 and summary["dry_run"] is True
    assert not Plan.objects.filter(year=2020).exists()
    call_command("import_document", path)
    assert Plan.objects.get(year=2020).tasks.count() == 16


def test_import_document_command_reports_unreadable_files(world, tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError, match="无法导入"):
        call_command("import_document", str(bad))


def test_load_demo_imports_the_three_seed_documents_with_logins(db, capsys, seeds):
    call_command("load_demo", "--seeds", str(seeds))
    out = capsys.readouterr().out
    assert "office" in out and "filler" in out and "signer" in out
    assert Plan.objects.get(year=2020).tasks.count() == 16
    assert Submission.objects.get(round__name="2023年上半年").state == "signed"
    assert Submission.objects.get(round__name="2025年第一季度").state == "approved"
    assert Round.objects.get(name="2023年上半年").as_of.isoformat() == "2023-06-30"
    plans = Plan.objects.count()  # the three seed plans (+ the reports demo's prior-year plan)
    call_command("load_demo", "--seeds", str(seeds))  # idempotent
    assert Plan.objects.count() == plans >= 3


def test_plan_with_unit_notes_and_deadlines_assigns_lead_and_co_units(world, login):
    from docx import Document

    from units.models import Unit

    document = Document()
    for line in [
        "测试区卫生健康局2024年工作要点",
        "一、深化医药卫生体制改革",
        "（一）推进医共体建设。",
        "1.全面推进紧密型县域医共体建设，县域内就诊率达到90%以上。（牵头单位：医政医管科；配合单位：区疾控中心、财务科）",
        "2.新增家庭医生签约服务对象1.5万人，6月底前完成。（牵头单位：基层卫生科）",
    ]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    client = login(world.office)
    upload(client, "plan2024.docx", buffer.getvalue())
    pending = PendingImport.objects.get()
    client.post(pending.get_absolute_url(), {"kind": "work_points", "title": "2024年工作要点", "year": 2024})
    first, second = Plan.objects.get(title="2024年工作要点").tasks.order_by("order")
    assert first.lead_unit == world.unit_a  # matched by name, not duplicated
    assert set(first.co_units.values_list("name", flat=True)) == {"区疾控中心", "财务科"}
    assert "牵头单位" not in first.text
    assert Unit.objects.get(name="财务科").parent == world.bureau
    assert second.lead_unit.name == "基层卫生科" and second.deadline.isoformat() == "2024-06-30"
    signing = second.indicators.get()
    assert (signing.target_value, signing.unit, signing.comparator) == (15000, "人", "add")
