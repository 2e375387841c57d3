"""A bureau's first day without the demo: the first administrator, the first-run page and the roster spreadsheet
(template, preview with an error per row, nothing saved before a clean confirm, set-password links, round trip)."""

import datetime
import io
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from units import onboarding, roster
from units.models import Unit, User

MOMENT = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
CREDIT_CODE = "11331021355386184W"  # a real 统一社会信用代码 (玉环市卫生健康局, from a seed page)
HEADER = list(roster.COLUMNS)


def xlsx(rows, header=HEADER):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data, name="花名册.xlsx"):
    return client.post(reverse("units:roster"), {"document": SimpleUploadedFile(name, data)})


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin", password="x-admin-pass-1", role=User.Role.ADMIN)


@pytest.fixture
def bureau(db):
    return Unit.objects.create(
        name="台州市椒江区卫生健康局",
        short_name="椒江区卫健局",
        kind=Unit.Kind.BUREAU,
        division_code="331002",
        credit_code=CREDIT_CODE,
    )


@pytest.fixture
def office(bureau):
    return User.objects.create_user(
        "jj_office", password="x", unit=bureau, role=User.Role.OFFICE, display_name="督办员"
    )


GOOD = [
    [
        "台州市椒江区卫生健康局",
        "椒江区卫健局",
        "局",
        "",
        "王督办",
        "jj_office",
        "督办员",
        "13800000001",
        "office@jj.example",
    ],
    ["医政医管科", "医政科", "科室", "", "李填报", "yz_fill", "填报人", "13800000002", "yz@jj.example"],
    ["医政医管科", "医政科", "科室", "", "张签发", "yz_head", "签发人", "0576-88880001", ""],
    ["区疾控中心", "疾控", "直属单位", "", "陈填报", "cdc_fill", "填报人", "", "cdc@jj.example"],
    ["海门街道社区卫生服务中心", "海门中心", "镇街", "区疾控中心", "", "", "", "", ""],
]


# --- the first administrator and the first-run page ---------------------------------------------------
def test_create_first_admin_prints_a_generated_password_once(db):
    out = StringIO()
    call_command("create_first_admin", stdout=out)
    text = out.getvalue()
    admin = User.objects.get()
    password = text.split("密码：")[1].split()[0]
    assert (
        admin.role == User.Role.ADMIN and admin.is_superuser and admin.check_password(password) and len(password) >= 12
    )
    again = StringIO()
    call_command("create_first_admin", stdout=again)
    assert (
        User.objects.count() == 1 and "密码：" not in again.getvalue()
    )  # never a second admin, never the password again


def test_the_admin_lands_on_the_first_run_page_until_a_bureau_exists(admin, login):
    client = login(admin)
    assert client.get(reverse("home"))["Location"] == reverse("units:first_run")
    page = client.get(reverse("units:first_run")).content.decode()
    assert "行政区划代码" in page and "统一社会信用代码" in page


def test_first_run_checks_the_codes_and_saves_nothing_when_wrong(admin, login):
    client = login(admin)
    data = {
        "name": "台州市椒江区卫生健康局",
        "short_name": "椒江区卫健局",
        "division_code": "33100",
        "credit_code": "11331021355386184X",
        "level": "bureau",
    }
    page = client.post(reverse("units:first_run"), data).content.decode()
    assert "行政区划代码应为 6 位数字" in page and "统一社会信用代码校验位不正确" in page
    assert not Unit.objects.exists()


def test_first_run_creates_a_district_under_its_named_city(admin, login):
    client = login(admin)
    data = {
        "name": "台州市椒江区卫生健康局",
        "short_name": "椒江区卫健局",
        "division_code": "331002",
        "credit_code": CREDIT_CODE.lower(),
        "level": "bureau",
        "city_name": "台州市卫生健康委员会",
    }
    response = client.post(reverse("units:first_run"), data)
    assert response["Location"] == reverse("units:roster")
    district = Unit.objects.get(kind=Unit.Kind.BUREAU)
    assert (district.division_code, district.credit_code, district.parent.name, district.parent.kind) == (
        "331002",
        CREDIT_CODE,
        "台州市卫生健康委员会",
        Unit.Kind.CITY,
    )
    assert client.get(reverse("home")).status_code == 200  # the first-run page is done
    assert client.get(reverse("units:first_run"))["Location"] == reverse("units:roster")


def test_only_a_system_admin_may_do_the_first_run(db, login):
    filler = User.objects.create_user("someone", password="x", role=User.Role.FILLER)
    assert login(filler).get(reverse("units:first_run")).status_code == 403


# --- the roster ---------------------------------------------------------------------------------------
def test_the_template_has_the_columns_and_drop_down_lists_for_kind_and_role(office, login):
    response = login(office).get(reverse("units:roster_template"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == HEADER
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert "督办员" in lists["G2"] and "填报人" in lists["G2"] and "签发人" in lists["G2"]
    assert "科室" in lists["C2"] and "直属单位" in lists["C2"] and "镇街" in lists["C2"]


def test_the_preview_shows_an_error_per_row_and_nothing_is_saved(office, login):
    User.objects.create_user(
        "taken",
        password="x",
        unit=Unit.objects.create(name="别的区卫生健康局", kind=Unit.Kind.BUREAU),
        role=User.Role.FILLER,
    )
    rows = [
        ["医政医管科", "医政科", "科室", "", "李填报", "yz_fill", "填报人", "13800000002", "yz@jj.example"],
        ["医政医管科", "", "", "", "王重复", "yz_fill", "签发人", "", ""],  # duplicate login
        ["基层卫生科", "", "科室", "不存在的科", "赵", "jc_fill", "填报人", "", ""],  # unknown parent
        ["妇幼科", "", "科室", "", "钱", "fy_fill", "院长", "", ""],  # bad role
        ["老龄科", "", "科室", "", "孙", "ll_fill", "填报人", "", "not-an-email"],  # bad e-mail
        ["体改科", "", "科室", "", "周", "tg_fill", "填报人", "12345", ""],  # bad phone
        ["中医科", "", "科室", "", "吴", "taken", "填报人", "", ""],  # another bureau's login
    ]
    client = login(office)
    assert upload(client, xlsx(rows))["Location"] == reverse("units:roster_preview")
    page = client.get(reverse("units:roster_preview")).content.decode()
    assert "与第 2 行重复" in page and "上级单位“不存在的科”不在花名册中" in page and "角色“院长”无效" in page
    assert (
        "邮箱“not-an-email”格式不正确" in page and "手机“12345”不是有效的" in page and "已被其他单位的用户使用" in page
    )
    assert 'name="confirm"' not in page
    units_before, users_before = Unit.objects.count(), User.objects.count()
    client.post(reverse("units:roster_preview"), {"confirm": "1"})
    assert (Unit.objects.count(), User.objects.count()) == (units_before, users_before)  # nothing saved


def test_a_file_that_is_not_a_roster_is_refused_with_a_reason(office, login):
    client = login(office)
    page = upload(client, xlsx([["x"]], header=["单位", "姓名"])).content.decode()
    assert "表头缺少列" in page and "登录名" in page
    assert "无法读取该文件" in upload(client, b"not a spreadsheet").content.decode()


def test_confirming_a_clean_roster_creates_units_and_users_with_set_password_links(office, login, client):
    admin_client = login(office)
    upload(admin_client, xlsx(GOOD))
    preview = admin_client.get(reverse("units:roster_preview")).content.decode()
    assert "新建单位 医政医管科" in preview and "新建用户 yz_fill" in preview and 'name="confirm"' in preview
    assert not Unit.objects.filter(name="医政医管科").exists()  # nothing before the confirm
    with time_machine.travel(MOMENT, tick=False):
        done = admin_client.post(reverse("units:roster_preview"), {"confirm": "1"}).content.decode()
    yz = Unit.objects.get(name="医政医管科")
    center = Unit.objects.get(name="海门街道社区卫生服务中心")
    assert (yz.kind, yz.short_name, yz.parent.name) == (Unit.Kind.OFFICE, "医政科", "台州市椒江区卫生健康局")
    assert (center.kind, center.parent.name) == (Unit.Kind.TOWNSHIP, "区疾控中心")
    head = User.objects.get(username="yz_head")
    assert (head.unit, head.role, head.display_name, head.phone) == (yz, User.Role.SIGNER, "张签发", "0576-88880001")
    assert not head.has_usable_password()
    office.refresh_from_db()
    assert office.display_name == "王督办" and office.phone == "13800000001"  # an existing user of the level is updated
    assert "jj_office" not in done.split("设置密码链接")[1]  # links for new users only
    with time_machine.travel(MOMENT, tick=False):
        link = onboarding.set_password_path(head)  # the token carries its day
    assert link in done
    # The link works once (within its validity), then the user logs in with the password they chose.
    with time_machine.travel(MOMENT + datetime.timedelta(days=1), tick=False):
        form = client.get(link, follow=True)
        assert form.status_code == 200 and "设置密码并登录" in form.content.decode()
        client.post(
            form.redirect_chain[-1][0], {"new_password1": "Jiaojiang-2026-head", "new_password2": "Jiaojiang-2026-head"}
        )
    head.refresh_from_db()
    assert head.check_password("Jiaojiang-2026-head")
    assert "设置密码并登录" not in client.get(link, follow=True).content.decode()  # used: void
    users_page = admin_client.get(reverse("units:users")).content.decode()
    assert "Jiaojiang-2026-head" not in users_page and "set-password" not in users_page


def test_a_set_password_link_expires(office, login, client, settings):
    upload(login(office), xlsx(GOOD))
    with time_machine.travel(MOMENT, tick=False):
        login(office).post(reverse("units:roster_preview"), {"confirm": "1"})
        link = onboarding.set_password_path(User.objects.get(username="cdc_fill"))
    with time_machine.travel(MOMENT + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60), tick=False):
        assert "该链接无效" in client.get(link, follow=True).content.decode()


def test_the_exported_roster_re_imports_with_no_change(office, login):
    client = login(office)
    upload(client, xlsx(GOOD))
    client.post(reverse("units:roster_preview"), {"confirm": "1"})
    snapshot = lambda: (  # noqa: E731
        sorted(Unit.objects.values_list("name", "short_name", "kind", "parent__name")),
        sorted(User.objects.values_list("username", "display_name", "role", "phone", "email", "unit__name")),
    )
    before = snapshot()
    exported = client.get(reverse("units:roster_template") + f"?level={office.unit_id}").content
    rows = roster.read_roster(exported)
    assert {r.username for r in rows} >= {"jj_office", "yz_fill", "yz_head", "cdc_fill"} and any(
        r.unit == "海门街道社区卫生服务中心" and not r.has_person for r in rows
    )
    upload(client, exported)
    preview = client.get(reverse("units:roster_preview")).content.decode()
    plan = onboarding.check_roster(office, office.unit, rows)
    assert plan.ok and plan.change_count == 0 and "无变化" in preview
    client.post(reverse("units:roster_preview"), {"confirm": "1"})
    assert snapshot() == before


def test_an_office_cannot_import_into_another_bureau(office, login):
    other = Unit.objects.create(name="别的区卫生健康局", kind=Unit.Kind.BUREAU)
    client = login(office)
    response = client.post(
        reverse("units:roster"), {"document": SimpleUploadedFile("a.xlsx", xlsx(GOOD)), "level": other.pk}
    )
    assert response.status_code == 200 and not client.session.get("units.roster")  # not a choice: the form refuses it
    assert client.get(reverse("units:roster_template") + f"?level={other.pk}").status_code == 404


def test_the_unit_form_checks_a_corrected_credit_code(office, admin, login):
    client = login(admin)
    url = reverse("units:edit", args=[office.unit_id])
    data = {
        "name": office.unit.name,
        "short_name": "椒江区卫健局",
        "kind": "bureau",
        "division_code": "331002",
        "credit_code": "11331021355386148W",
        "order": 0,
    }
    assert "统一社会信用代码校验位不正确" in client.post(url, data).content.decode()
    assert Unit.objects.get(pk=office.unit_id).credit_code == CREDIT_CODE
    client.post(url, {**data, "credit_code": "91350100m000100y43"})
    assert Unit.objects.get(pk=office.unit_id).credit_code == "91350100M000100Y43"
