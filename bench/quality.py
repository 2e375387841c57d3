"""照搬检查 and 报送质量 on 100 units × 60 tasks, against reading the same texts.

    .venv/bin/python bench/quality.py [--units 100] [--tasks 60] [--repeat 3]

bench/dataset.py's dataset with two rounds, every unit filing every task (6 000 filings a round). The
完成情况 are written as units write them — three to five sentences of who did what to how many, from a
shared stock of words, so texts share wording without being copies — and copies are planted:
2 % of the second round's filings repeat the unit's first-round text with one figure changed, 1 % paste
another unit's text of the round, 1 % paste the plan's task text. Prints the batch check of a round
(``copies.check_round``), one save-time check (``copies.check_filing``), the 报送质量 of the round's
units (what the dashboard adds; it judges each task's lead filing, as the dashboard does), the floor — reading the round's and the previous round's texts — with
the ratios, and how many of the planted copies were found.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import build, median_ms, setup_django  # noqa: E402

OPENERS = ["截至{m}月底，", "本季度，", "今年以来，", "一是", "二是", "同时，", "此外，", ""]
WHO = [
    "我单位",
    "各乡镇卫生院",
    "医共体牵头医院",
    "区疾控中心",
    "妇幼保健院",
    "社区卫生服务中心",
    "中医院",
    "急救站",
    "卫生监督所",
    "家庭医生团队",
    "村卫生室",
    "人民医院",
    "精神卫生中心",
    "健康教育所",
    "血站",
    "托育机构",
    "基层党支部",
    "专班",
    "药剂科",
    "信息中心",
]
DID = [
    "新建",
    "改造",
    "督导",
    "培训",
    "筛查",
    "随访",
    "签约",
    "检查",
    "宣传",
    "采购",
    "排查",
    "整改",
    "评估",
    "接种",
    "体检",
    "派驻",
    "上线",
    "建成",
    "救治",
    "走访",
]
WHAT = [
    "普惠托位",
    "家庭医生签约对象",
    "慢病患者",
    "老年人",
    "孕产妇",
    "适龄儿童",
    "从业人员",
    "医疗机构",
    "重点场所",
    "中医馆",
    "远程会诊点",
    "预约诊疗号源",
    "急救站点",
    "传染病例",
    "职业健康企业",
    "公共场所",
    "药品品规",
    "信息系统",
    "健康讲座",
    "卫生死角",
    "精神障碍患者",
    "献血者",
    "村医",
    "专家",
    "义诊活动",
    "体检报告",
    "随访记录",
    "整改问题",
    "宣传资料",
    "培训课时",
]
HOW = ["个", "人", "人次", "家", "场", "处", "份", "项", "次", "名"]


def write_text(rng, month):
    """Three to five sentences of who did what to how many: shared words, each text its own."""
    out = []
    for _ in range(rng.randint(3, 5)):
        opener = rng.choice(OPENERS).format(m=month)
        out.append(
            f"{opener}{rng.choice(WHO)}{rng.choice(DID)}{rng.choice(WHAT)}{rng.randint(2, 9000)}{rng.choice(HOW)}，完成率{rng.randint(50, 100)}%"
        )
    return "；".join(out) + "。"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()

    from filings.models import Filing, Round
    from supervision import copies, quality
    from supervision.models import CopyMatch

    world = build(units=args.units, tasks=args.tasks, rounds=2, sections=6)
    first, second = list(Round.objects.filter(plan=world["plan"]).order_by("as_of"))
    rng = random.Random(2025)
    old = {}
    rows = list(Filing.objects.filter(submission__round=first).select_related("submission"))
    for f in rows:
        f.completion = write_text(rng, 1)
        old[(f.submission.unit_id, f.task_id)] = f.completion
    Filing.objects.bulk_update(rows, ["completion"], batch_size=2000)
    rows = list(Filing.objects.filter(submission__round=second).select_related("submission", "task").order_by("pk"))
    for f in rows:
        f.completion = write_text(rng, 2)
    planted = {"previous": set(), "peer": set(), "plan": set()}
    for f in rng.sample(rows, len(rows) * 4 // 100):
        kind = rng.choices(["previous", "peer", "plan"], weights=[2, 1, 1])[0]
        if kind == "previous":
            f.completion = old[(f.submission.unit_id, f.task_id)].replace("1月底", "2月底", 1)
        elif kind == "peer":
            source = rng.choice([r for r in rows[:200] if r.submission.unit_id != f.submission.unit_id])
            f.completion = source.completion
        else:
            f.completion = f.task.text
        planted[kind].add(f.pk)
    Filing.objects.bulk_update(rows, ["completion"], batch_size=2000)
    n = len(rows)
    print(
        f"dataset: {args.units} units × {args.tasks} tasks = {n} filings a round, 2 rounds, built in {world['seconds']:.1f} s"
    )

    def floor():
        list(
            Filing.objects.filter(submission__round=second).values_list(
                "pk", "submission__unit_id", "task_id", "completion", "version", "task__text"
            )
        )
        list(
            Filing.objects.filter(submission__round=first).values_list(
                "pk", "submission__unit_id", "task_id", "completion"
            )
        )

    base = median_ms(floor, repeat=args.repeat, warmup=1)
    t0, c0 = time.perf_counter(), time.process_time()
    found = copies.check_round(second)
    batch_first, batch_cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    batch = median_ms(lambda: copies.check_round(second), repeat=args.repeat, warmup=0)
    sample = rows[n // 2]
    one = median_ms(lambda: copies.check_filing(sample.pk), repeat=max(args.repeat, 5), warmup=1)
    score = median_ms(lambda: quality.round_quality(second), repeat=args.repeat, warmup=0)

    hits = {
        kind: set(CopyMatch.objects.filter(round=second, kind=kind).values_list("filing_id", flat=True))
        for kind in planted
    }
    peer_sides = hits["peer"] | set(
        CopyMatch.objects.filter(round=second, kind="peer").values_list("other_id", flat=True)
    )
    print(f"floor (read the round's and the previous round's texts): {base:8.0f} ms")
    print(
        f"check_round (batch, first run):                          {batch_first:8.0f} ms   ratio {batch_first / base:6.1f}   (CPU of this process {batch_cpu:.0f} ms)"
    )
    print(
        f"check_round (batch, median):                             {batch:8.0f} ms   ratio {batch / base:6.1f}   ({found} matches)"
    )
    print(f"check_filing (one save):                                 {one:8.1f} ms")
    print(f"round_quality (dashboard, {args.units} units, lead filings):  {score:8.0f} ms   ratio {score / base:6.1f}")
    for kind in ("previous", "peer", "plan"):
        got = len(planted[kind] & (peer_sides if kind == "peer" else hits[kind]))
        print(f"planted {kind:<8} copies found: {got} / {len(planted[kind])}")
    print(
        f"matches beyond the planted ones: {len((hits['previous'] | hits['plan'] | peer_sides) - set().union(*planted.values()))} (peer sources and accidental likenesses)"
    )


if __name__ == "__main__":
    main()
