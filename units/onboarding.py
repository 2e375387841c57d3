"""A bureau's first day without the demo: the first-run page (the bureau itself) and the roster spreadsheet
(its units and users, previewed with an error per row and saved only when confirmed and correct).

The spreadsheet's reading and writing is the pure ``units.roster``; this module checks its rows against
the database and applies them, within the importing office's own level (``units.access``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import roster
from .access import office_root
from .models import Unit, User

# The spreadsheet's words are data, in Chinese whatever the reader's language (the template's drop-down lists).
UNIT_KINDS = {"科室": Unit.Kind.OFFICE, "直属单位": Unit.Kind.INSTITUTION, "镇街": Unit.Kind.TOWNSHIP}
LEVEL_KINDS = {"局": Unit.Kind.BUREAU, "市卫生健康委": Unit.Kind.CITY}
ROLES = {"督办员": User.Role.OFFICE, "填报人": User.Role.FILLER, "签发人": User.Role.SIGNER}
KIND_WORDS = {kind: word for word, kind in {**UNIT_KINDS, **LEVEL_KINDS}.items()}
ROLE_WORDS = {role: word for word, role in ROLES.items()}


# --- the first-run page ------------------------------------------------------------------------------
def level_exists():
    return Unit.objects.filter(kind__in=Unit.LEVELS).exists()


def first_run_needed(user):
    """A system administrator on a database without any bureau or city: the first-run page comes first."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.role == User.Role.ADMIN)
        and not level_exists()
    )


@transaction.atomic
def create_level(*, name, short_name, division_code, credit_code, level, city_name=""):
    """The bureau (or city) itself; a district may name its city, created above it when new."""
    parent = None
    if level == Unit.Kind.BUREAU and city_name:
        parent = Unit.objects.filter(name=city_name, kind=Unit.Kind.CITY).first() or Unit.objects.create(
            name=city_name, kind=Unit.Kind.CITY
        )
    return Unit.objects.create(
        name=name,
        short_name=short_name,
        kind=level,
        parent=parent,
        division_code=division_code,
        credit_code=credit_code,
    )


# --- the roster --------------------------------------------------------------------------------------
class RosterInvalid(Exception):
    """The roster has errors (or changed since its preview): nothing was saved."""


@dataclass
class RowCheck:
    row: roster.RosterRow
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # what confirming would do, in words

    @property
    def unchanged(self):
        return not self.errors and not self.changes


@dataclass
class RosterPlan:
    level: Unit
    rows: list
    units: dict  # unit name → {"unit": existing Unit or None, "short_name", "kind", "parent": name or None}
    new_users: list = field(default_factory=list)

    @property
    def ok(self):
        return bool(self.rows) and not any(check.errors for check in self.rows)

    @property
    def error_count(self):
        return sum(1 for check in self.rows if check.errors)

    @property
    def change_count(self):
        return sum(1 for check in self.rows if check.changes)


def roster_levels(user):
    """The levels a user may import a roster into: an office its own; a system admin over everything, every level."""
    if user.sees_everything:
        return Unit.objects.filter(kind__in=Unit.LEVELS).order_by("-pk")
    root = office_root(user)
    return Unit.objects.filter(pk=root.pk) if root else Unit.objects.none()


def export_rows(level):
    """The level's roster in the template's columns: one row per user, and one per unit with nobody in it."""
    units = list(level.subtree().select_related("parent").order_by("path", "order"))
    people = {}
    for user in (
        User.objects.filter(unit__in=units, is_active=True)
        .exclude(role=User.Role.ADMIN)
        .exclude(is_superuser=True)
        .order_by("username")
    ):
        people.setdefault(user.unit_id, []).append(user)
    ordered = sorted(units, key=lambda u: (u.pk != level.pk, u.path.count("/"), u.order, u.name))
    rows = []
    for unit in ordered:
        parent = "" if unit.pk == level.pk else (unit.parent.name if unit.parent_id else "")
        head = [unit.name, unit.short_name, KIND_WORDS.get(unit.kind, ""), parent]
        for user in people.get(unit.pk, []) or [None]:
            person = (
                [user.display_name, user.username, ROLE_WORDS.get(user.role, ""), user.phone, user.email]
                if user
                else [""] * 5
            )
            rows.append(head + person)
    return rows


def template_bytes(level=None):
    kinds = list(UNIT_KINDS) + list(LEVEL_KINDS)
    return roster.write_roster(export_rows(level) if level else [], kinds, list(ROLES))


def check_roster(user, level, rows):
    """Each row with its errors and the changes confirming would make; nothing is written."""
    checks = [RowCheck(row) for row in rows]
    in_level = {u.pk: u for u in level.subtree().select_related("parent")}
    by_name = {}
    for unit in in_level.values():
        by_name.setdefault(unit.name, []).append(unit)
    units, first_line = {}, {}

    # Units: the first row naming a unit defines it; later rows may leave its columns blank or repeat them.
    for check in checks:
        row = check.row
        if not row.unit:
            check.errors.append(_("“单位”为空。"))
            continue
        spec = {"short_name": row.short_name, "kind": row.kind, "parent": row.parent}
        if row.unit not in units:
            units[row.unit], first_line[row.unit] = spec, row.line
        else:
            known = units[row.unit]
            for key, value in spec.items():
                if value and known[key] and value != known[key]:
                    check.errors.append(
                        _("单位“%(unit)s”的信息与第 %(line)s 行不一致。")
                        % {"unit": row.unit, "line": first_line[row.unit]}
                    )
                    break
                if value and not known[key]:
                    known[key] = value
    resolved = {}
    for name, spec in units.items():
        problems, existing = [], None
        if name == level.name:
            existing = level
            if spec["kind"] and LEVEL_KINDS.get(spec["kind"]) != level.kind:
                problems.append(
                    _("本级单位“%(unit)s”的类别应为“%(kind)s”。") % {"unit": name, "kind": KIND_WORDS[level.kind]}
                )
            if spec["parent"] and spec["parent"] != (level.parent.name if level.parent_id else ""):
                problems.append(_("本级单位的上级单位不能在花名册中修改。"))
            parent = None
        else:
            matches = by_name.get(name, [])
            if len(matches) > 1:
                problems.append(_("本级有多个单位名为“%(unit)s”，请先在“单位”页改名。") % {"unit": name})
            existing = matches[0] if len(matches) == 1 else None
            if spec["kind"] not in UNIT_KINDS:
                problems.append(
                    _("类别“%(kind)s”无效，应为：%(choices)s。")
                    % {"kind": spec["kind"], "choices": "、".join(UNIT_KINDS)}
                    if spec["kind"]
                    else _("“类别”为空，应为：%(choices)s。") % {"choices": "、".join(UNIT_KINDS)}
                )
            parent = spec["parent"] or level.name
            if parent != level.name and parent not in units and len(by_name.get(parent, [])) != 1:
                problems.append(_("上级单位“%(parent)s”不在花名册中，也不是本级已有的单位。") % {"parent": parent})
        resolved[name] = {
            "unit": existing,
            "short_name": spec["short_name"],
            "kind": UNIT_KINDS.get(spec["kind"]),
            "parent": parent,
            "problems": problems,
        }
    for name, spec in resolved.items():  # a unit under itself, through the sheet
        seen, node = {name}, spec["parent"]
        while node and node != level.name and node in resolved:
            if node in seen:
                spec["problems"].append(_("单位“%(unit)s”的上级单位形成循环。") % {"unit": name})
                break
            seen.add(node)
            node = resolved[node]["parent"]

    # People: one login per row, unique in the sheet and not another level's.
    usernames = {}
    existing_users = {
        u.username: u
        for u in User.objects.filter(username__in=[c.row.username for c in checks if c.row.username]).select_related(
            "unit"
        )
    }
    for check in checks:
        row = check.row
        spec = resolved.get(row.unit)
        if spec:
            check.errors.extend(spec["problems"])
            check.changes.extend(_unit_changes(row.unit, spec, level, first_line[row.unit] == row.line))
        if not row.has_person:
            continue
        if not row.name:
            check.errors.append(_("“姓名”为空。"))
        if not row.username:
            check.errors.append(_("“登录名”为空。"))
        else:
            try:
                User.username_validator(row.username)
                if len(row.username) > 150:
                    raise ValidationError("")
            except ValidationError:
                check.errors.append(
                    _("登录名“%(username)s”只能包含字母、数字和 @ . + - _。") % {"username": row.username}
                )
            if row.username in usernames:
                check.errors.append(
                    _("登录名“%(username)s”与第 %(line)s 行重复。")
                    % {"username": row.username, "line": usernames[row.username]}
                )
            else:
                usernames[row.username] = row.line
        role = ROLES.get(row.role)
        if role is None:
            check.errors.append(
                _("角色“%(role)s”无效，应为：%(choices)s。") % {"role": row.role, "choices": "、".join(ROLES)}
                if row.role
                else _("“角色”为空，应为：%(choices)s。") % {"choices": "、".join(ROLES)}
            )
        if not roster.valid_phone(row.phone):
            check.errors.append(_("手机“%(phone)s”不是有效的手机号或座机号。") % {"phone": row.phone})
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                check.errors.append(_("邮箱“%(email)s”格式不正确。") % {"email": row.email})
        other = existing_users.get(row.username)
        if other is not None:
            if other.is_superuser or other.role == User.Role.ADMIN:
                check.errors.append(
                    _("登录名“%(username)s”是系统管理员，不能通过花名册修改。") % {"username": row.username}
                )
            elif other.unit_id not in in_level:
                check.errors.append(_("登录名“%(username)s”已被其他单位的用户使用。") % {"username": row.username})
            elif role is not None:
                check.changes.extend(_user_changes(other, row, role))
        elif row.username:
            check.changes.append(_("新建用户 %(username)s") % {"username": row.username})
    return RosterPlan(level=level, rows=checks, units=resolved)


def _unit_changes(name, spec, level, first):
    if not first:
        return []
    unit = spec["unit"]
    if unit is None:
        return [_("新建单位 %(unit)s") % {"unit": name}]
    fields = []
    if spec["short_name"] and spec["short_name"] != unit.short_name:
        fields.append(_("简称"))
    if unit.pk != level.pk:
        if spec["kind"] and spec["kind"] != unit.kind:
            fields.append(_("类别"))
        if spec["parent"] != (unit.parent.name if unit.parent_id else ""):
            fields.append(_("上级单位"))
    return [_("更新单位 %(unit)s：%(fields)s") % {"unit": name, "fields": "、".join(fields)}] if fields else []


def _user_changes(user, row, role):
    fields = []
    for label, old, new in (
        (_("姓名"), user.display_name, row.name),
        (_("角色"), user.role, role),
        (_("手机"), user.phone, row.phone),
        (_("邮箱"), user.email, row.email),
    ):
        if old != new:
            fields.append(label)
    if user.unit is None or user.unit.name != row.unit:
        fields.append(_("单位"))
    return (
        [_("更新用户 %(username)s：%(fields)s") % {"username": user.username, "fields": "、".join(fields)}]
        if fields
        else []
    )


@transaction.atomic
def apply_roster(user, level, rows):
    """Save a roster that checks clean, all or nothing. Returns the plan, whose ``new_users`` get set-password links."""
    plan = check_roster(user, level, rows)
    if not plan.ok:
        raise RosterInvalid(_("花名册有错误，未保存任何内容。"))
    saved = {level.name: level}
    pending = [name for name in plan.units if name != level.name]
    for name in pending:  # parents named in the sheet but not listed in it: existing units of the level
        parent = plan.units[name]["parent"]
        if parent not in plan.units and parent not in saved:
            saved[parent] = level.subtree().get(name=parent)
    while pending:  # parents first
        ready = [
            name for name in pending if plan.units[name]["parent"] in saved or plan.units[name]["parent"] == level.name
        ]
        if not ready:
            raise RosterInvalid(_("花名册有错误，未保存任何内容。"))
        for name in ready:
            spec = plan.units[name]
            parent = saved.get(spec["parent"]) or level
            unit = spec["unit"] or Unit(name=name, order=Unit.objects.filter(parent=parent).count() + 1)
            unit.short_name = spec["short_name"] or unit.short_name
            unit.kind, unit.parent = spec["kind"], parent
            unit.save()
            saved[name] = unit
            pending.remove(name)
    if plan.units.get(level.name, {}).get("short_name") and plan.units[level.name]["short_name"] != level.short_name:
        level.short_name = plan.units[level.name]["short_name"]
        level.save()
    for check in plan.rows:
        row = check.row
        if not row.has_person:
            continue
        values = {
            "display_name": row.name,
            "role": ROLES[row.role],
            "phone": row.phone,
            "email": row.email,
            "unit": saved[row.unit],
        }
        person = User.objects.filter(username=row.username).first()
        if person is None:
            person = User(username=row.username, **values)
            person.set_unusable_password()  # the first password is set through the link, never shown or stored
            person.save()
            plan.new_users.append(person)
        elif check.changes:
            for key, value in values.items():
                setattr(person, key, value)
            person.save()
    return plan


def set_password_path(user):
    """The one-time link a new user sets their first password with (Django's token: void once used or after PASSWORD_RESET_TIMEOUT)."""
    return reverse(
        "set_password", args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]
    )
