"""outline: the numbering that opens headings and tasks."""

import pytest

from docparse.structure.outline import clean_number, heading_label, label_number, outline_label
from docparse.text import normalize


@pytest.mark.parametrize(
    "text,style,label",
    [
        ("第一部分 总体要求", "chapter", "第一部分"),
        ("一、总体要求", "cn", "一、"),
        ("（三）加强基层卫生", "pcn", "（三）"),
        ("㈡加强基层卫生", "pcn", "㈡"),
        ("1.推进医共体建设", "ar", "1."),
        ("3.6月底前完成方案", "ar", "3."),  # item 3, due in June
        ("（2）开展义诊", "par", "（2）"),
        ("①完成体检", "circ", "①"),
        ("一是强化监督", "shi", "一是"),
    ],
)
def test_each_label_style_is_recognized(text, style, label):
    n = normalize(text)  # labels are read on the normalized text: （三） is (三) there, at the same offsets
    found = outline_label(n)
    assert found is not None and found[0] == style and found[1] == normalize(label)
    assert text[found[2] :].strip() and text[: found[2]].strip() == label


@pytest.mark.parametrize("text", ["1.5万人接受体检", "一、", "全面推进健康建设", "2024年工作要点"])
def test_numbers_and_bare_labels_are_no_outline(text):
    assert outline_label(text) is None


@pytest.mark.parametrize(
    "label,number",
    [("（三）", "三"), ("12.", "12"), ("③", "3"), ("⑵", "2"), ("❹", "4"), ("㈡", "二"), ("第十部分", "十"), ("·", "·")],
)
def test_label_number(label, number):
    assert label_number(label) == number


def test_clean_number_keeps_what_is_no_number():
    assert clean_number("（3）") == "3" and clean_number("一、") == "一" and clean_number(" 12 ") == "12"
    assert clean_number("A-1") == "A-1" and clean_number(None) is None and clean_number("") is None


def test_heading_label_only_for_heading_styles():
    assert heading_label("一、民生实事项目") == ("一、", "民生实事项目")
    assert heading_label("（二）重点工作") == ("(二)", "重点工作")  # the label as normalized, the title as written
    assert heading_label("1.建设胸痛中心") == (None, "1.建设胸痛中心")
