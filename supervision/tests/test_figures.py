"""数字核对: numbers in Chinese texts, rate recomputation and contradictions (pure module)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervision.figures import ActualInput, check_progress, check_rates, check_text, extract_quantities

JIAOJIANG = "一、全面加强老年医养结合服务。椒江区65岁以上老年人77585人，截至6月30日，65岁及以上老年人医养结合服务48396人,服务率62.38%，为失能老人提供健康评估与健康服务719人。"


@pytest.fixture
def jiaojiang_text(seeds):
    """The 77585/48396/62.38% line as the seed form writes it (the constant above is the same sentence)."""
    text = (seeds / "jiaojiang-2023-target-filing-form.txt").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "77585" in line)
    assert JIAOJIANG in line
    return line


def test_extracts_numbers_units_wan_scaling_and_percent():
    qs = extract_quantities("签约3.2万人，覆盖1,200户，服务率62.38%，经费150万元。")
    assert [(q.value, q.unit) for q in qs] == [
        (Decimal("32000.0"), "人"),
        (Decimal("1200"), "户"),
        (Decimal("62.38"), "%"),
        (Decimal("1500000"), "元"),
    ]
    assert qs[2].decimals == 2


def test_the_real_jiaojiang_rate_checks_out(jiaojiang_text):
    assert check_rates(jiaojiang_text) == []


def test_a_changed_part_is_flagged_with_the_recomputed_rate(jiaojiang_text):
    flags = check_rates(jiaojiang_text.replace("48396", "48000"))
    assert len(flags) == 1
    assert flags[0].figures == {"part": "48000", "whole": "77585", "stated": "62.38", "computed": "61.87", "unit": "人"}
    assert "48000/77585 = 61.87%" in flags[0].message


def test_rounding_and_truncation_are_not_flagged():
    assert check_rates("辖区人口3人，签约2人，签约率66.7%。") == []
    assert check_rates("辖区人口3人，签约2人，签约率66.6%。") == []
    assert check_rates("辖区人口3人，签约2人，签约率66%。") == []
    assert len(check_rates("辖区人口3人，签约2人，签约率65%。")) == 1


def test_pair_in_the_previous_sentence_counts_but_not_further():
    assert len(check_rates("全区孕妇1000人，建档800人。建档率70%。")) == 1
    assert check_rates("全区孕妇1000人。建档800人。其他。建档率70%。") == []
    assert check_rates("全区孕妇1000人。其他事项。建档率70%。") == []


def test_growth_rates_and_mixed_units_are_not_part_whole():
    assert check_rates("去年门诊10000人次，今年12000人次，同比增长率20%。") == []
    assert check_rates("建成机构65家，托位2818个，覆盖率50%。") == []


def test_wan_scaled_parts_are_recomputed():
    assert check_rates("常住人口3.2万人，签约1.6万人，签约率50%。") == []
    assert len(check_rates("常住人口3.2万人，签约1.6万人，签约率60%。")) == 1


def test_full_progress_in_an_unfinished_filing_is_flagged():
    assert len(check_progress("目前完成进度100%。", completed=False)) == 1
    assert len(check_progress("已完成全年目标任务。", completed=False)) == 1
    assert check_progress("目前完成进度100%。", completed=True) == []
    assert len(check_progress("目前完成进度60%。", completed=True)) == 1
    assert check_progress("目前完成进度60%。", completed=False) == []


def test_a_count_differing_from_the_indicator_actual_is_flagged():
    text = "截至6月底，新增托育机构8家、新增托位336个，其中普惠托位258个。"
    flags = check_text(text, actuals=[ActualInput("托位", "个", Decimal(400))])
    assert [f.kind for f in flags] == ["actual"] and "400" in flags[0].message
    assert check_text(text, actuals=[ActualInput("托位", "个", Decimal(336))]) == []
    assert check_text(text, actuals=[ActualInput("床位", "张", Decimal(30))]) == []


@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=10_000_000),
    share=st.floats(min_value=0, max_value=1),
    decimals=st.integers(min_value=0, max_value=3),
    unit=st.sampled_from(["人", "个", "家", "户", "人次"]),
    scale_wan=st.booleans(),
    rate_word=st.sampled_from(["服务率", "签约率", "占比", "覆盖率为", "比例达"]),
    filler=st.sampled_from(["", "截至6月30日，", "较去年提高明显，"]),
)
def test_a_correctly_computed_rate_is_never_flagged(whole, share, decimals, unit, scale_wan, rate_word, filler):
    part = int(whole * share)
    rate = round(Decimal(part) / Decimal(whole) * 100, decimals)
    if scale_wan and whole % 100 == 0 and part % 100 == 0:
        whole_text, part_text = f"{Decimal(whole) / 10000}万", f"{Decimal(part) / 10000}万"
    else:
        whole_text, part_text = str(whole), str(part)
    text = f"全区共有{whole_text}{unit}，{filler}已服务{part_text}{unit}，{rate_word}{rate}%，另有719{unit}待服务。"
    assert check_rates(text) == []
