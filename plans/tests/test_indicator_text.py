"""Indicators read as the plan wrote them: plain numbers, 万 kept, comparators in words, no doubled words."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from docparse.numbers import plain_number
from plans.forms import IndicatorForm
from plans.models import Indicator, indicator_phrase


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("95.0000"), "95"),
        (Decimal("100.0000"), "100"),
        (Decimal("0E-4"), "0"),
        (Decimal("25.3900"), "25.39"),
        (Decimal("62.3800"), "62.38"),
        (4.06, "4.06"),
        (None, ""),
        (Decimal("-0.0000"), "0"),
    ],
)
def test_numbers_appear_as_the_unit_typed_them(value, text):
    assert plain_number(value) == text


def test_a_target_written_in_wan_stays_as_written():
    signing = Indicator(subject="签约", target_value=Decimal("253900.0000"), unit="人", comparator="reach", scale=10000)
    assert signing.target_display == "25.39万人"
    assert signing.label == "签约达到25.39万人"
    assert signing.input_unit == "万人"
    assert signing.to_input(Decimal("139600.0000")) == "13.96" and signing.from_input(Decimal("13.96")) == Decimal(
        "139600"
    )
    assert (
        Indicator(subject="就诊率", target_value=Decimal("95.0000"), unit="%", comparator="gte").target_display == "95%"
    )


def test_comparators_appear_in_chinese_and_the_comparator_word_never_twice():
    with translation.override("zh-hans"):
        assert Indicator(subject="托位", target_value=90, unit="个", comparator="add").label == "新增托位90个"
        assert Indicator(subject="新增托位", target_value=90, unit="个", comparator="add").label == "新增托位90个"
        assert (
            Indicator(subject="县域内就诊率", target_value=90, unit="%", comparator="gte").label
            == "县域内就诊率不低于90%"
        )
        assert (
            Indicator(subject="县域内就诊率达到", target_value=90, unit="%", comparator="reach").label
            == "县域内就诊率达到90%"
        )
        assert Indicator(subject="空置率", target_value=5, unit="%", comparator="lte").label == "空置率控制在5%以内"
        assert indicator_phrase("托位", "gt", "90个") == "托位超过90个"
        for comparator in ("add", "reach", "gte", "lte", "lt"):
            label = Indicator(subject="床位", target_value=30, unit="张", comparator=comparator).label
            assert comparator not in label and "床位" in label and "30张" in label


def test_english_labels_use_the_catalogue_not_chinese_comparators():
    with translation.override("en"):
        label = str(Indicator(subject="托位", target_value=90, unit="个", comparator="add").label)
    assert "新增" not in label and "90个" in label


def test_the_indicator_form_shows_the_target_as_typed(world):
    form = IndicatorForm(instance=world.indicator)
    assert form.initial["target_value"] == "1900"
    assert 'value="1900"' in str(form["target_value"]) and "1900.0000" not in str(form["target_value"])


def test_plan_page_lists_each_indicator_once_in_words(world, login):
    world.indicator.subject = "新增托位"
    world.indicator.save()
    page = login(world.office).get(world.plan.get_absolute_url()).content.decode()
    assert ">新增托位1900个</a>" in page
    assert "新增托位 新增" not in page and " add " not in page


def test_template_filters_read_codes_and_numbers_as_words():
    html = Template(
        "{% load indicators %}{{ v|plain }} {{ 'add'|comparator_label }} {{ 'gt'|comparator_label }} [{{ 'bogus'|comparator_label }}] {{ ind|parsed_indicator }}"
    ).render(
        Context(
            {
                "v": Decimal("100.0000"),
                "ind": {"subject": "签约", "comparator": "reach", "value": 253900, "unit": "人", "text": "25.39 万人"},
            }
        )
    )
    assert html == "100 新增 超过 [] 签约达到25.39 万人"
