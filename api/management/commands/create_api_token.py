"""Create a personal API token for USER and print it (the only time it is shown)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = "为用户创建接口令牌 / Create an API token for a user; prints the key once."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--name", default="command line", help="a label shown on the profile page")

    def handle(self, *args, username=None, name="command line", **options):
        if not username:
            raise CommandError("usage: create_api_token USER [--name NAME]")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive")
        if not name.strip():
            raise CommandError("--name must not be empty")
        token, raw = ApiToken.issue(user, name)
        self.stderr.write(
            f"token {token.hint}… for {user.username} ({token.name}); store it now, it is not shown again"
        )
        self.stdout.write(raw)
