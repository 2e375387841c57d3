"""``manage.py create_first_admin`` — a new installation's one system administrator, its password printed once.

Used by ``scripts/start --empty``. On a database that has users already it creates nobody and prints no password.
"""

import secrets

from django.core.management.base import BaseCommand

from units.models import User

ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"  # nothing to misread (no 0/O, 1/l/I, 5/S …)


def generate_password(length=14):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


class Command(BaseCommand):
    help = "新安装：建立唯一的系统管理员，生成的密码只打印这一次（已有用户时不做任何事）。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if User.objects.exists():
            self.stdout.write(
                "已有用户，未新建系统管理员；请用已有账号登录（忘记了可运行 manage.py changepassword 登录名）。"
            )
            return
        password = generate_password()
        User.objects.create_superuser(
            username=username, password=password, email="", role=User.Role.ADMIN, display_name="系统管理员"
        )
        self.stdout.write(f"系统管理员  登录名：{username}  密码：{password}")
        self.stdout.write(
            "（密码只显示这一次，请登录后在右上角“修改密码”中修改。登录后先完成首次设置：本单位信息和花名册。）"
        )
