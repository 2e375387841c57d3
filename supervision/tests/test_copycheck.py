"""The pure 照搬 similarity: shingles, the two measures, LSH candidates and the shared passage."""

import random

from supervision import copycheck

LAST = "今年以来，我单位积极推进托育服务体系建设，新增普惠托位336个，开展托育机构质量评估12家，组织从业人员培训3期。"


def test_punctuation_and_spaces_do_not_hide_a_copy():
    assert copycheck.shingles("新增托位 336 个，培训3期。") == copycheck.shingles("新增托位336个培训3期")


def test_a_text_shorter_than_a_shingle_has_none():
    assert copycheck.shingles("已完成") == frozenset()
    assert copycheck.containment(frozenset(), copycheck.shingles(LAST)) == 0.0


def test_containment_measures_how_much_of_the_new_text_is_the_old_one():
    old = copycheck.shingles(LAST)
    assert copycheck.containment(copycheck.shingles(LAST + "下一步将继续推进。"), old) > 0.8
    assert (
        copycheck.containment(
            copycheck.shingles("医共体牵头医院派驻专家下沉乡镇卫生院坐诊，累计服务群众两千余人次。"), old
        )
        < 0.1
    )


def test_overlap_finds_a_short_text_held_in_a_longer_one():
    short = copycheck.shingles(LAST[:30])
    assert copycheck.overlap(short, copycheck.shingles("前言不同的一段话。" + LAST)) == 1.0


def _noise(rng, n):
    words = "医疗卫生健康服务体系建设推进落实完成开展组织培训评估监测管理基层机构人员群众项目资金村镇社区"
    return "".join(rng.choice(words) for _ in range(n))


def test_similar_pairs_finds_copies_across_groups_only_and_each_pair_once():
    rng = random.Random(7)
    docs = [copycheck.Doc(i, i, copycheck.shingles(_noise(rng, 80))) for i in range(200)]
    docs.append(copycheck.Doc(1000, 3, docs[5].hashes))  # unit 3 pastes unit 5's text
    docs.append(copycheck.Doc(1001, 5, docs[5].hashes))  # unit 5 files the same text twice: its own, not a copy
    pairs = copycheck.similar_pairs(docs, 0.8)
    assert [(p.a, p.b) for p in pairs] == [(5, 1000), (1000, 1001)]
    assert all(p.score == 1.0 for p in pairs)


def test_a_lightly_edited_copy_is_still_found():
    rng = random.Random(11)
    others = [copycheck.Doc(i, i, copycheck.shingles(_noise(rng, 100))) for i in range(100)]
    edited = LAST.replace("336", "340").replace("3期", "4期") + "下一步继续推进。"
    docs = [*others, copycheck.Doc(500, 1, copycheck.shingles(LAST)), copycheck.Doc(501, 2, copycheck.shingles(edited))]
    assert [(p.a, p.b) for p in copycheck.similar_pairs(docs, 0.8)] == [(500, 501)]


def test_band_keys_are_stable_numbers_equal_for_equal_texts():
    keys = copycheck.band_keys(copycheck.signature(copycheck.shingles(LAST)))
    assert len(keys) == copycheck.BANDS and all(isinstance(k, int) and 0 <= k < 2**63 for k in keys)
    assert keys == copycheck.band_keys(copycheck.signature(copycheck.shingles(LAST)))
    assert copycheck.band_keys(copycheck.signature(frozenset())) == []


def test_the_longest_common_run_marks_the_same_passage_on_both_sides():
    a = "一季度开展义诊5次。" + LAST[:40]
    b = "我们认为，" + LAST[:40] + "其余略。"
    run = copycheck.longest_common_run(a, b)
    assert a[run.a_start : run.a_end] == b[run.b_start : run.b_end] == LAST[:40]
    before, passage, after = copycheck.split_at(a, run.a_start, run.a_end)
    assert before == "一季度开展义诊5次。" and passage == LAST[:40] and after == ""
