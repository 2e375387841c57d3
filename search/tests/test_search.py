"""Search: segmentation, the index kept current on save, queries, scope, filters, the page."""

import datetime
import re

import pytest
from django.core.management import call_command

from conftest import fill_ready
from filings.models import Contribution, Filing, Submission
from search import query, segment
from search.index import rebuild
from search.models import Entry
from supervision.models import Extension


def test_domain_words_stay_whole_and_their_parts_are_indexed():
    assert "家庭医生签约" in segment.query_tokens("家庭医生签约")
    assert "普惠托育" in segment.query_tokens("普惠托育")
    tokens = segment.index_tokens("推进家庭医生签约服务和医养结合，新增托位90个。")
    for word in ("家庭医生签约", "签约", "医养结合", "托位"):
        assert word in tokens
    assert all(len(t) >= 2 for t in tokens)


def test_query_parsing_words_and_quoted_phrases():
    terms = segment.parse_query('托位  "医共体 建设"  “两慢病”')
    assert [(t.text, t.phrase) for t in terms] == [("医共体 建设", True), ("两慢病", True), ("托位", False)]
    one = segment.parse_query("托")[0]
    assert one.tokens == [] and one.substring


@pytest.fixture
def filed(world):
    """Unit A files 托位 and 医共体 texts; unit B files 急救; a 协办意见, a 退回 and a 延期."""
    sub_a = Submission.objects.open_for(world.round, world.unit_a)
    f1, f2 = sub_a.filings.order_by("task__order")
    fill_ready(f1, world.filler_a, completion="新增普惠托位120个，家庭医生签约服务覆盖率达到75%。")
    fill_ready(
        f2,
        world.filler_a,
        completion="深化医共体建设，县域内就诊率达到91%。",
        problems="两慢病管理人员不足，建议增加编制。",
    )
    sub_b = Submission.objects.open_for(world.round, world.unit_b)
    fill_ready(sub_b.filings.get(), world.filler_b, completion="院前急救体系建设稳步推进，新增急救分站2个。")
    Contribution.objects.create(filing=f1, unit=world.unit_b, author=world.filler_b, text="配合开展托育机构卫生评价。")
    Extension.objects.create(
        task=world.tasks[2],
        unit=world.unit_b,
        round=world.round,
        reason="急救车辆采购招标延迟",
        new_date=datetime.date(2099, 6, 1),
    )
    return {"a": sub_a, "b": sub_b, "f1": f1, "f2": f2}


def kinds(results):
    return sorted(h.entry.kind for h in results.hits)


def test_two_character_words_find_tasks_filings_and_contributions(world, filed):
    results = query.search(world.office, "托位")
    assert kinds(results) == ["filing", "task"]  # task 1 text 新增托位1900个, the filing's text
    assert query.search(world.office, "签约").total == 1  # inside 家庭医生签约
    assert kinds(query.search(world.office, "托育")) == ["contribution"]
    assert kinds(query.search(world.office, "招标")) == ["extension"]


def test_several_words_mean_and_and_quotes_mean_a_phrase(world, filed):
    assert query.search(world.office, "医共体 就诊率").total == 2  # the task and the filing
    assert query.search(world.office, "医共体 托位").total == 0
    assert query.search(world.office, '"新增普惠托位"').total == 1
    assert query.search(world.office, '"托位新增"').total == 0


def test_snippets_mark_the_matches_and_link_to_the_filing(world, filed):
    hit = next(h for h in query.search(world.office, "医共体").hits if h.entry.kind == "filing")
    assert "<mark>医共体</mark>" in hit.snippet
    assert hit.entry.url == f"/filings/{filed['f2'].pk}/"


def test_a_unit_finds_only_its_own_units_entries(world, filed):
    # B's 协办意见 on A's task 1: B finds it (with the task's text) as its own; A's filing text stays A's.
    assert kinds(query.search(world.filler_b, "托位")) == ["cooperation"]
    assert query.search(world.filler_b, "普惠").total == 0 and query.search(world.filler_b, "签约").total == 0
    assert kinds(query.search(world.filler_b, "急救")) == ["extension", "filing", "task"]
    assert query.search(world.signer_a, "急救").total == 0
    assert query.search(world.office, "急救").total == 3


def test_filters_narrow_the_results(world, filed):
    assert kinds(query.search(world.office, "托位", {"kind": "filing"})) == ["filing"]
    assert query.search(world.office, "托位", {"unit": world.unit_b.pk}).total == 0
    assert query.search(world.office, "托位", {"year": 2024}).total == 0
    assert query.search(world.office, "托位", {"round": world.round.pk}).total == 1
    assert query.search(world.office, "托位", {"state": "draft"}).total == 1
    filed["a"].submit(world.filler_a, "甲", "1")
    assert query.search(world.office, "托位", {"state": "draft"}).total == 0
    assert query.search(world.office, "托位", {"state": "submitted"}).total == 1
    assert query.search(world.office, "医共体", {"self_assessment": "on_track", "kind": "filing"}).total == 1
    assert query.search(world.office, "医共体", {"self_assessment": "behind"}).total == 0


def test_figure_flags_are_a_filter(world, filed):
    f1 = Filing.objects.get(pk=filed["f1"].pk)
    assert query.search(world.office, "托位", {"flagged": "1"}).total == 0
    # 120个 written, 200 entered as the actual: the figure check flags it.
    assert f1.save_edit(world.filler_a, f1.version, {}, {world.indicator: 200})
    assert query.search(world.office, "托位", {"flagged": "1"}).total == 1


def test_the_index_follows_edits_and_deletes(world, filed):
    f2 = Filing.objects.get(pk=filed["f2"].pk)
    assert f2.save_edit(world.filler_a, f2.version, {"completion": "完成安宁疗护病床设置。", "problems": ""})
    assert query.search(world.office, "医共体", {"kind": "filing"}).total == 0
    assert query.search(world.office, "安宁疗护").total == 1
    Contribution.objects.all().delete()
    assert query.search(world.office, "托育").total == 0


def test_return_comments_are_found(world, filed):
    sub = filed["a"]
    sub.submit(world.filler_a, "甲", "1")
    sub.send_back(world.office, "请补充托位建设的资金来源。")
    assert "review" in kinds(query.search(world.office, "资金来源"))
    assert "review" in kinds(query.search(world.filler_a, "资金来源"))
    assert query.search(world.filler_b, "资金来源").total == 0


def test_one_character_queries_fall_back_to_substring(world, filed):
    results = query.search(world.office, "托")
    assert results.substring_only and results.total >= 3
    assert "<mark>托</mark>" in results.hits[0].snippet


def test_empty_results_suggest_near_terms(world, filed):
    results = query.search(world.office, "医共体 急救分站")
    assert results.total == 0
    words = [w for w, _n in results.suggestions]
    assert "医共体" in words and "急救分站" in words
    assert query.search(world.office, "普惠托育服务").suggestions  # 托育 … are inside it


def test_rebuild_gives_the_same_entries(world, filed):
    before = sorted(Entry.objects.values_list("kind", "object_id", "tokens", "flagged", "unit_id"))
    Entry.objects.all().delete()
    assert query.search(world.office, "托位").total == 0
    counts = rebuild()
    assert counts["filing"] == 3
    assert sorted(Entry.objects.values_list("kind", "object_id", "tokens", "flagged", "unit_id")) == before
    assert query.search(world.office, "托位").total == 2


def test_rebuild_command_and_bad_kind(world, filed, capsys):
    call_command("rebuild_search_index", "--kind", "task")
    assert "task: 3" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--kind", "nope")


def test_search_page_shows_hits_in_scope(world, filed, login):
    client = login(world.filler_a)
    page = client.get("/search/", {"q": "托位"}).content.decode()
    assert "<mark>托位</mark>" in page and f"/filings/{filed['f1'].pk}/" in page
    assert "急救" not in page
    page = client.get("/search/", {"q": "急救分站"}).content.decode()
    assert "没有找到" in page


def test_search_page_in_english(world, filed, login):
    client = login(world.office)
    page = client.get("/search/", {"q": "托位"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "result" in page
    assert "找到" not in page


def test_public_search_sees_published_entries_only(world, filed, client):
    assert client.get("/search/public/", {"q": "托位"}).status_code == 200
    assert query.search(None, "托位", public=True).total == 0
    from search.index import entry_values

    Entry.objects.create(
        kind="task",
        object_id=999999,
        **entry_values("task", {"title": "公开的托位信息", "body": "公开的托位信息", "public": True}),
    )
    assert query.search(None, "托位", public=True).total == 1


def test_search_requires_login(client):
    response = client.get("/search/", {"q": "托位"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_rjieba_cuts_the_seed_sentences_as_jieba_does(monkeypatch, seeds):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    sentences = [s for s in re.split(r"[。；\n]", text) if s.strip()][:600]
    assert len(sentences) >= 300
    fast = segment._Segmenter()
    monkeypatch.setenv("DUBAN_SEGMENTER", "jieba")
    reference = segment._Segmenter()
    assert (fast.engine, reference.engine) == ("rjieba", "jieba")
    assert [fast.cut(s) for s in sentences] == [reference.cut(s) for s in sentences]
    assert all(
        fast.is_word(w) == reference.is_word(w) for w in ("托位", "家庭医生签约", "医共体", "家庭医", "签约服务")
    )


def test_a_packages_step_reindexes_its_filings_together_in_a_fixed_number_of_queries(world, filed):
    """A package changes state: its filings' entries follow (the state filter) in one batch, each entry
    kept (same id), its words unchanged; a filing gone loses its entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.index import update_many

    sub_a = filed["a"]
    entries = {e.object_id: e for e in Entry.objects.filter(kind="filing", submission_id=sub_a.pk)}
    assert len(entries) == 2
    Submission.objects.filter(pk=sub_a.pk).update(state=Submission.State.SUBMITTED)
    pks = list(sub_a.filings.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as one:
        update_many("filing", pks[:1])
    with CaptureQueriesContext(connection) as two:
        update_many("filing", pks)
    assert len(two) == len(one)  # no query per row
    for pk, before in entries.items():
        after = Entry.objects.get(kind="filing", object_id=pk)
        assert (after.pk, after.state, after.tokens.replace("submitted", "draft")) == (
            before.pk,
            "submitted",
            before.tokens,
        )
    Filing.objects.filter(pk=pks[0]).delete()
    update_many("filing", pks)
    assert not Entry.objects.filter(kind="filing", object_id=pks[0]).exists()
