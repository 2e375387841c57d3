"""The privacy detectors and masks (publishing/privacy.py): pure Python, no database."""

import pytest

from docparse import privacy
from docparse.privacy import Hit, is_valid_id_card, luhn_ok, mask, scan

# GB 11643 check digits computed by hand: 11010519491231002X is the standard's own example.
VALID_IDS = ["11010519491231002X", "350102199003071234", "330304198511230014"]


def kinds(text, **kw):
    return [(h.kind, h.text) for h in scan(text, **kw)]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_id_numbers_pass_the_iso_7064_check(number):
    assert is_valid_id_card(number)
    assert kinds(f"身份证号{number}。") == [("id_card", number)]


@pytest.mark.parametrize(
    "number",
    ["110105194912310021", "350102199003071235", "350102199013071234", "050102199003071234", "35010219900307123"],
)
def test_wrong_check_digit_bad_date_or_length_is_no_id(number):
    assert not is_valid_id_card(number)
    assert ("id_card", number) not in kinds(f"编号{number}号")


def test_lower_case_x_is_an_id_too():
    assert kinds("11010519491231002x") == [("id_card", "11010519491231002x")]


def test_id_is_masked_keeping_two_digits_each_end():
    assert mask(Hit("id_card", 0, 18, "350102199003071234")) == "35**************34"
    assert mask(Hit("id_card", 0, 18, "11010519491231002X")) == "11**************2X"


@pytest.mark.parametrize(
    "text, number",
    [
        ("联系电话13812341234。", "13812341234"),
        ("手机：138-1234-1234", "138-1234-1234"),
        ("手机 138 1234 1234 联系", "138 1234 1234"),
        ("请拨+86 19912345678", "+86 19912345678"),
    ],
)
def test_mobile_numbers_are_found_with_separators(text, number):
    assert kinds(text) == [("mobile", number)]


@pytest.mark.parametrize("text", ["共12812341234元", "编号113812341234", "2025013812341234", "完成1381234人次"])
def test_non_mobile_digit_runs_are_not_phones(text):
    assert [k for k, _t in kinds(text) if k == "mobile"] == []


def test_mobile_mask_is_the_house_style():
    assert mask(Hit("mobile", 0, 11, "13812341234")) == "138****1234"
    assert mask(Hit("mobile", 0, 13, "138-1234-1234")) == "138****1234"
    assert mask(Hit("mobile", 0, 15, "+86 13812341234")) == "138****1234"


@pytest.mark.parametrize(
    "text, number",
    [
        ("电话0576-87654321", "0576-87654321"),
        ("（0576）87654321转8001", "（0576）87654321转8001"),
        ("办公电话：87654321", "87654321"),
        ("联系方式：2345678", "2345678"),
    ],
)
def test_landlines_with_area_code_or_after_dianhua(text, number):
    assert kinds(text) == [("landline", number)]


def test_plain_amounts_are_not_landlines():
    assert kinds("投入资金87654321元，完成1900个托位，4月15日") == []


def test_landline_mask_keeps_area_code_and_last_four():
    assert mask(Hit("landline", 0, 13, "0576-87654321")) == "0576-****4321"


def test_bank_cards_need_luhn():
    assert luhn_ok("6222020000000000000") and not luhn_ok("6222020000000000003")
    assert kinds("卡号6222020000000000000") == [("bank_card", "6222020000000000000")]
    assert kinds("卡号6222 0200 0000 0000 000") == [("bank_card", "6222 0200 0000 0000 000")]
    assert kinds("卡号6222020000000000003") == []
    assert mask(Hit("bank_card", 0, 19, "6222020000000000000")) == "6222***********0000"


def test_valid_id_beats_a_luhn_valid_card_reading():
    # An 18-digit ID is never reported twice.
    assert [k for k, _t in kinds("330304198511230014")] == ["id_card"]


def test_email_addresses():
    assert kinds("请发送至 zhang.san@yuhuan.gov.cn 。") == [("email", "zhang.san@yuhuan.gov.cn")]
    assert mask(Hit("email", 0, 0, "zhang.san@yuhuan.gov.cn")) == "z***@yuhuan.gov.cn"


def test_detailed_addresses_with_house_numbers():
    found = kinds("住址为环城路188号3幢2单元501室，请联系")
    assert found and found[0][0] == "address" and found[0][1].endswith("环城路188号3幢2单元501室")
    assert mask(Hit("address", 0, 0, "环城路188号3幢2单元501室")) == "环城路***号*幢*单元***室"


def test_street_names_without_house_numbers_are_no_address():
    assert kinds("各乡镇（街道）完成任务分解，珠港大道改造启动") == []


def test_names_and_contacts_passed_in_are_found():
    found = kinds(
        "由王小明负责，联系人：综合科小张，13800000000", names=["王小明", "李"], contacts=["综合科小张", "13800000000"]
    )
    # A contact that is a phone number is reported (and masked) as the phone it is.
    assert found == [("name", "王小明"), ("contact", "综合科小张"), ("mobile", "13800000000")]
    assert mask(Hit("name", 0, 3, "王小明")) == "王**"


def test_internal_phrases():
    assert kinds("本材料属内部资料，不宜公开。") == [("phrase", "内部资料"), ("phrase", "不宜公开")]
    assert kinds("仅供内部参考") == [("phrase", "仅供内部")]
    assert mask(Hit("phrase", 0, 4, "内部资料")) == "****"


def test_plain_work_text_with_nei_bu_is_no_hit():
    """内部 alone is everyday wording (内部管理, 内部装修): only a marker of a non-public document is a hit."""
    assert kinds("年底前完成内部装修招标，健全内部管理和内部控制制度。") == []


def test_hits_do_not_overlap_and_come_in_text_order():
    text = "王小明13812341234内部资料"
    hits = scan(text, names=["王小明"])
    assert [h.kind for h in hits] == ["name", "mobile", "phrase"]
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:], strict=False))


def test_context_shows_the_text_around_a_hit():
    text = "一二三四五电话13812341234六七八"
    hit = scan(text)[0]
    assert hit.context(text, width=3) == ("五电话", "13812341234", "六七八")


def test_apply_masks_replaces_from_the_end():
    text = "甲13812341234乙350102199003071234丙"
    spans = [(h.start, h.end, mask(h)) for h in scan(text)]
    assert privacy.apply_masks(text, spans) == "甲138****1234乙35**************34丙"


def test_the_seed_table_has_no_false_hits(seeds):
    text = (seeds / "yuhuan-2025-q1-key-work-status.txt").read_text(encoding="utf-8")
    body = text[text.index("序号") :]
    assert [h for h in scan(body) if h.kind not in ("phrase",)] == []


def test_module_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(privacy))
    names = [
        n.names[0].name if isinstance(n, ast.Import) else n.module
        for n in ast.walk(tree)
        if isinstance(n, (ast.Import, ast.ImportFrom))
    ]
    assert names and not any(name and name.startswith("django") for name in names)


@pytest.mark.parametrize("number", ["110105194912310021", "350102199003071235"])
def test_an_id_with_a_wrong_check_digit_is_still_a_hit_labelled_as_doubtful(number):
    """A typo'd ID number is still personal data (issue 21, item 12): kind id_like, masked like an ID."""
    assert kinds(f"身份证号{number}。") == [("id_like", number)]
    assert mask(Hit("id_like", 0, 18, number)) == f"{number[:2]}{'*' * 14}{number[-2:]}"


def test_a_number_with_no_birth_date_is_no_id_like_hit():
    assert ("id_like", "350102199013071234") not in kinds("编号350102199013071234号")
