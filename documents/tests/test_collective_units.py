"""A collective name in a plan (各街道社区卫生服务中心) stands for every unit of that kind: the preview says so
instead of proposing 新建单位, and the import makes each of them a co-unit (issue 21)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services
from documents.models import PendingImport
from plans.models import Plan
from units.models import Unit

PLAN = """测试区卫生健康局2026年重点工作
一、基层卫生
1.开展家庭医生签约服务，重点人群签约率达到75%以上。（牵头单位：各街道社区卫生服务中心）
2.完成65岁以上老年人健康体检。（牵头单位：医政科；配合单位：各街道社区卫生服务中心）
"""


def _centres(world):
    return [
        Unit.objects.create(name=name, kind=Unit.Kind.INSTITUTION, parent=world.bureau, order=10 + n)
        for n, name in enumerate(("凯旋街道社区卫生服务中心", "采荷街道社区卫生服务中心", "四季青街道社区卫生服务中心"))
    ]


def test_collective_names_match_every_unit_of_their_kind(world):
    centres = _centres(world)
    units = list(Unit.objects.all())
    assert set(services.collective_units("各街道社区卫生服务中心", units)) == set(centres)
    assert set(services.collective_units("各社区卫生服务中心", units)) == set(centres)
    assert services.collective_units("凯旋街道社区卫生服务中心", units) == []
    assert world.unit_a in services.collective_units("各科室", units)


def test_preview_and_import_use_every_unit_of_a_collective_name(world, login):
    centres = _centres(world)
    client = login(world.office)
    client.post(reverse("documents:upload"), {"document": SimpleUploadedFile("plan.txt", PLAN.encode())})
    pending = PendingImport.objects.get()
    page = client.get(pending.get_absolute_url()).content.decode()
    assert (
        "新建单位：各街道社区卫生服务中心" not in page
        and 'name="t0-lead_new" value="各街道社区卫生服务中心"' not in page
    )
    assert "本单位牵头，3 个单位配合" in page and "全部 3 个单位" in page and "凯旋街道社区卫生服务中心" in page
    response = client.post(
        pending.get_absolute_url(), {"kind": "key_work", "title": "2026年重点工作（导入）", "year": 2026}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(title="2026年重点工作（导入）")
    first, second = plan.tasks.order_by("order")
    assert first.lead_unit == world.bureau and set(first.co_units.all()) == set(centres)
    assert second.lead_unit == world.unit_a and set(second.co_units.all()) == set(centres)
    assert not Unit.objects.filter(name__startswith="各").exists()
