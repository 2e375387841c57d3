"""Round trip: a round exported as .docx/.xlsx and read back by the importer gives the same table."""

import pytest

from conftest import fill_ready
from documents import exports
from filings.models import Submission

TEXTS = {
    "1": ("截至6月底，新增托位336个，其中普惠托位258个。", True, "ahead", ""),
    "2": ("县域内就诊率达90.77%。", False, "behind", "医共体牵头医院人才不足，建议加大招聘。"),
}


@pytest.fixture
def filed_round(world):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.select_related("task"):
        completion, completed, assessment, problems = TEXTS[filing.task.number]
        fill_ready(
            filing,
            world.filler_a,
            completion=completion,
            completed=completed,
            self_assessment=assessment,
            problems=problems,
            reason="" if completed else "序时推进中",
        )
    submission.submit(world.filler_a, "王婧", "0576-89025399")
    submission.sign(world.signer_a)
    submission.approve(world.office)  # official tables hold approved work only
    return world.round


def read_back(document, fmt):
    from docparse import parse

    parsed = parse(exports.render(document, fmt), f"export.{fmt}")
    return parsed, [task for section in parsed["sections"] for task in section["tasks"]]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_status_table_round_trip(world, filed_round, fmt):
    parsed, tasks = read_back(exports.status_table(filed_round), fmt)
    assert parsed["kind"] == "status_table" and parsed["as_of"] == "2025-04-15"
    assert [t["text"] for t in tasks] == [t.text for t in world.tasks]
    assert [t["lead_unit"] for t in tasks] == ["医政医管科", "医政医管科", "区疾控中心"]
    assert [t["self_assessment"] for t in tasks] == ["ahead", "behind", None]
    assert tasks[0]["completion"] == TEXTS["1"][0]
    assert tasks[1]["problems"] == TEXTS["2"][3]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_filing_form_round_trip(world, filed_round, fmt):
    parsed, tasks = read_back(exports.filing_form(filed_round, unit=world.unit_a), fmt)
    assert parsed["kind"] == "filing_form"
    assert [s["title"] for s in parsed["sections"]] == ["完善健康服务体系"]
    assert [t["text"] for t in tasks] == [world.tasks[0].text, world.tasks[1].text]
    assert [t["completed"] for t in tasks] == [True, False]
    assert [t["completion"] for t in tasks] == [TEXTS["1"][0], TEXTS["2"][0]]
    assert tasks[1]["reason"] == "序时推进中"
    assert [t["units"] for t in tasks] == [["医政科", "区疾控中心"], ["医政科"]]  # task 1's co-unit comes back
    assert parsed["metadata"]["填报人"] == "王婧" and parsed["metadata"]["联系方式"] == "0576-89025399"


def test_exported_form_imports_back_into_the_round(world, filed_round):
    """The office can send the exported form out and file a unit's returned copy into a round."""
    from documents import services
    from filings.models import Filing, Round

    parsed, tasks = read_back(exports.filing_form(filed_round, unit=world.unit_a), "docx")
    again = Round.objects.create(plan=world.plan, name="2025年第二季度", as_of="2025-06-30", due="2099-07-10")
    matches = services.match_tasks(tasks, list(world.plan.tasks.all()))
    assert [task for _p, task, _s in matches] == [world.tasks[0], world.tasks[1]]
    services.import_filings(parsed, again, [(p, t) for p, t, _s in matches], world.office)
    copied = Filing.objects.filter(submission__round=again).order_by("task__order")
    assert [f.completion for f in copied] == [TEXTS["1"][0], TEXTS["2"][0]]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_command_line_import_of_an_export_keeps_kind_round_name_and_leaves_not_filed_rows_empty(
    world, filed_round, fmt, tmp_path
):
    """import_document reads the plan kind and the round's name from the title, and a row the export marked
    （未报送） (区疾控中心 filed nothing) comes back without completion text."""
    from django.core.management import call_command

    from filings.models import Filing, Round

    world.plan.title = "2025年市政府重点工作和民生实事工作"
    world.plan.save()
    filed_round.name = "2025年第一季度（市级分解任务）"
    filed_round.save()
    path = tmp_path / f"status.{fmt}"
    path.write_bytes(exports.render(exports.status_table(filed_round), fmt))
    call_command("import_document", str(path), "--user", world.office.username)
    new_round = Round.objects.exclude(pk=filed_round.pk).get()
    assert new_round.name == "2025年第一季度（市级分解任务）"
    assert new_round.plan.kind == "key_work" and new_round.plan.title == "2025年市政府重点工作和民生实事工作"
    texts = {
        f.task.text: f.completion for f in Filing.objects.filter(submission__round=new_round).select_related("task")
    }
    assert texts[world.tasks[0].text] == TEXTS["1"][0]
    assert world.tasks[2].text not in texts or texts[world.tasks[2].text] == ""
    assert "未报送" not in "".join(texts.values())


@pytest.mark.parametrize("layout", ["status", "form"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_co_units_travel_in_the_lead_cell_and_come_back(world, filed_round, fmt, layout):
    """The seed layouts have no 配合单位 column: the lead cell reads 牵头：X；配合：Y, and the importer splits it."""
    world.tasks[0].co_units.set([world.unit_b])
    document = exports.status_table(filed_round) if layout == "status" else exports.filing_form(filed_round)
    lead = "医政医管科" if layout == "status" else "医政科"
    co = "区疾控中心"
    cells = [r.lead_unit if layout == "status" else r.unit for r in document.rows]
    assert cells[0] == lead and document.rows[0].co_units == co
    _parsed, tasks = read_back(document, fmt)
    assert tasks[0]["lead_unit"] == lead and tasks[0]["units"] == [lead, co]
    assert tasks[1]["units"] == [lead]  # a task without co-units: the lead alone
