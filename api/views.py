"""个人设置 — the user's own API tokens: create (shown once), list with last use, revoke."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import tokens_visible
from .actions import revoke_token
from .forms import TokenForm
from .models import ApiToken


@login_required
def profile(request, form=None, new_key=None):
    tokens = tokens_visible(request.user)
    return render(
        request,
        "api/profile.html",
        {"tokens": tokens, "form": form or TokenForm(), "new_key": new_key, "token_days": settings.DUBAN_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return profile(request, form=form)
    _token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
    messages.success(request, _("已创建接口令牌。请立即复制保存，离开本页后将无法再次查看。"))
    # Rendered, not redirected: the key appears in this one response and is stored nowhere.
    response = profile(request, new_key=raw)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id):
    token = revoke_token(request.user, token_id)
    messages.success(request, _("已撤销令牌“%(name)s”。") % {"name": token.name})
    return redirect("profile:page")
