"""The pure drafting module: outline, verbatim texts, computed sentences, no placeholders, merging."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from docparse.numbers import plain_number
from reports import drafting as d
from reports.trends import subject_key, synonym_map


def filing(pk, **kw):
    base = dict(id=pk, unit="区卫健局", round_name="2023年年度", as_of=date(2023, 12, 31))
    return d.FilingData(**{**base, **kw})


def plan(*sections, period=d.YEAR):
    return d.PlanData(
        id=1,
        title="2023年重点工作",
        year=2023,
        issuer="某区卫生健康局".replace("某", "椒江"),
        sections=tuple(sections),
        period=period,
    )


TUO = d.IndicatorData(11, "托位", "add", Decimal(1900), "个", None, Decimal(336))


def sample():
    t1 = d.TaskData(
        1,
        "1",
        "新增托位1900个。",
        "区卫健局",
        filing(101, completion="截至6月底，新增托位336个。", completed=True, self_assessment="ahead"),
        (TUO,),
    )
    t2 = d.TaskData(
        2,
        "2",
        "新建村卫生室5家。",
        "区卫健局",
        filing(
            102,
            completion="完成3家。",
            completed=False,
            reason="资金未到位",
            problems="资金未到位。",
            self_assessment="behind",
        ),
        (d.IndicatorData(12, "村卫生室", "add", Decimal(5), "家", None, Decimal(3)),),
    )
    t3 = d.TaskData(
        3,
        "3",
        "县域内就诊率达到90%以上。",
        "医共体",
        filing(103, completion="县域内就诊率90.77%。", completed=True, problems="资金未到位"),
        (d.IndicatorData(13, "县域内就诊率", "gte", Decimal(90), "%", None, Decimal("90.77")),),
    )
    t4 = d.TaskData(4, "4", "无填报的任务。", "区卫健局")
    return plan(d.SectionData(1, "一、", "建设善育高地", (t1, t2)), d.SectionData(2, "二、", "深化医改", (t3, t4)))


def test_indicator_sentence_from_stored_figures():
    assert d.indicator_sentence(TUO) == "新增托位336个，完成年度目标（1900个）的17.7%。"
    rate = d.IndicatorData(1, "县域内就诊率", "gte", Decimal(90), "%", None, Decimal("90.77"))
    assert d.indicator_sentence(rate) == "县域内就诊率为90.77%，达到不低于90%的目标。"
    ceiling = d.IndicatorData(1, "孕产妇死亡率", "lte", Decimal(8), "/10万", None, Decimal(9))
    assert d.indicator_sentence(ceiling) == "孕产妇死亡率为9/10万，未控制在目标（8/10万）以内。"
    assert (
        d.indicator_sentence(d.IndicatorData(1, "托位", "add", Decimal(1900), "个")) is None
    )  # no actual, no sentence
    assert d.remaining_sentence(TUO) == "托位距年度目标（1900个）尚差1564个。"


def test_outline_follows_the_seed_summaries():
    draft = d.draft(sample())
    kinds = [(p.kind, p.text[:8]) for p in draft.paragraphs]
    assert kinds[0] == ("title", "椒江区卫生健康局"[:8])
    assert draft.title == "椒江区卫生健康局2023年工作总结"
    opening = draft.paragraphs[1].text
    assert opening.startswith("《2023年重点工作》共确定目标任务4项。截至2023年12月31日，3项任务的填报已审核通过")
    assert "已完成2项、未完成1项" in opening and "单位自评超前1项、正常0项、滞后1项" in opening
    assert "量化指标中已达到目标1项" in opening and "其余1项任务尚无审核通过的填报" in opening
    assert opening.endswith("现将椒江区卫生健康局2023年工作情况报告如下：")
    parts = [p.text for p in draft.paragraphs if p.kind == d.PART]
    assert parts == ["一、主要工作及成效", "二、存在问题", "三、下一步工作思路"]
    headings = [p.text for p in draft.paragraphs if p.kind == d.HEADING]
    assert headings == ["（一）建设善育高地", "（二）深化医改"]
    items = {p.key: p for p in draft.paragraphs}
    assert items["task:1"].text == "一是截至6月底，新增托位336个。新增托位336个，完成年度目标（1900个）的17.7%。"
    assert items["task:2"].text.startswith("二是完成3家。")
    assert {"type": "filing", "id": 101, "label": "区卫健局 · 2023年年度", "field": "completion"} in items[
        "task:1"
    ].sources
    assert any(s["type"] == "indicator" and s["id"] == 11 and s["actual"] == "336" for s in items["task:1"].sources)
    # 存在问题: grouped by section, "资金未到位" and "资金未到位。" merged into one
    assert items["problem:1"].text == "一是建设善育高地方面。资金未到位。"
    assert len(items["problem:1"].sources) == 2
    assert items["problem:2"].text == "二是深化医改方面。资金未到位。"
    # 下一步: the unfinished / lagging task with what remains
    assert items["next:2"].text == "一是新建村卫生室（区卫健局牵头，未完成）。村卫生室距年度目标（5家）尚差2家。"
    assert "next:1" not in items and "task:4" not in items
    assert all(p.sources for p in draft.paragraphs)


def test_half_year_titles():
    draft = d.draft(plan(*sample().sections, period=d.HALF))
    assert draft.title == "椒江区卫生健康局2023年上半年工作总结暨下半年工作思路"
    assert [p.text for p in draft.paragraphs if p.kind == d.PART][2] == "三、下半年工作思路"


def test_placeholder_text_is_left_out_with_a_note():
    t = d.TaskData(
        9, "9", "任务", "单位", filing(109, completion="共检查xx家，发放***份。", completed=True, problems="问题xx个")
    )
    draft = d.draft(plan(d.SectionData(1, "一、", "板块", (t,))))
    assert all(not d.has_placeholder(p.text) for p in draft.paragraphs)
    assert "task:9" not in {p.key for p in draft.paragraphs}
    assert len(draft.notes) == 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=40),
            st.sampled_from([None, True, False]),
            st.text(max_size=20),
            st.sampled_from(["", "ahead", "on_track", "behind"]),
            st.one_of(st.none(), st.integers(0, 5000)),
        ),
        max_size=6,
    )
)
def test_no_placeholder_is_ever_output(rows):
    tasks = tuple(
        d.TaskData(
            i,
            str(i),
            f"任务{i}",
            "单位",
            filing(
                i,
                completion=c + ("xx" if i % 3 == 0 else ""),
                completed=done,
                reason=r,
                problems=r + "***" * (i % 2),
                self_assessment=sa,
            ),
            (d.IndicatorData(i, "托位", "add", Decimal(100), "个", None, None if a is None else Decimal(a)),),
        )
        for i, (c, done, r, sa, a) in enumerate(rows, start=1)
    )
    draft = d.draft(plan(d.SectionData(1, "一、", "板块", tasks)))
    for p in draft.paragraphs:
        assert "xx" not in p.text.lower() and "***" not in p.text
        assert p.sources


def test_merge_keeps_edits_and_offers_new_text():
    stored = [
        d.StoredParagraph("a", "改过的", "旧生成", True),
        d.StoredParagraph("b", "旧生成b", "旧生成b", False),
        d.StoredParagraph("c", "c", "c", False),
        d.StoredParagraph("e", "改过e", "e", True),
    ]
    fresh = [
        d.Paragraph("a", "x", "item", "新生成"),
        d.Paragraph("b", "x", "item", "新生成b"),
        d.Paragraph("n", "x", "item", "新"),
    ]
    actions = {c.key: c.action for c in d.merge(stored, fresh)}
    assert actions == {"a": "pending", "b": "updated", "n": "added", "c": "removed", "e": "kept"}
    assert d.merge([d.StoredParagraph("a", "x", "same", True)], [d.Paragraph("a", "x", "item", "same")]) == []
    # the clerk already wrote what the new data says: nothing to decide
    assert [
        c.action for c in d.merge([d.StoredParagraph("a", "新", "旧", True)], [d.Paragraph("a", "x", "item", "新")])
    ] == ["updated"]


def test_numbers_and_ordinals():
    assert [d.ordinal(n) for n in (1, 10, 12, 20, 35)] == ["一是", "十是", "十二是", "二十是", "三十五是"]
    assert plain_number(Decimal("90.7700")) == "90.77" and plain_number(Decimal("336.0000")) == "336"
    assert d.fmt_percent(1.1292) == "112.9%" and d.fmt_percent(0.5) == "50%"


def test_subjects_match_across_spellings():
    assert subject_key("托位") == subject_key(" 托位 ") == subject_key("托位数量")
    assert subject_key("“县域内就诊率”") == "县域内就诊率"
    syn = synonym_map([("家庭医生签约服务", "家庭医生签约"), ("签约", "家庭医生签约服务")])
    assert subject_key("签约", syn) == "家庭医生签约"
    assert subject_key("家庭医生签约服务", syn) == "家庭医生签约"
    assert subject_key("a", {"a": "b", "b": "a"}) in ("a", "b")  # a loop stops
