"""Demo addition of the units app: remind whoever reads the demo logins to change the shared demo password."""

from django.urls import reverse
from django.utils.translation import gettext as _


def load_demo(stdout):
    stdout.write(
        _(
            "请在首次登录后修改演示密码（右上角“修改密码”：%(url)s）；连续输错密码会暂时锁定账号，督办员可在“用户”页解锁。"
        )
        % {"url": reverse("password_change")}
        + "\n"
    )
