from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Unit, User


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "email", "webhook_url", "order"]

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        node = parent
        while node is not None:
            if self.instance.pk and node.pk == self.instance.pk:
                raise forms.ValidationError(_("上级单位不能是本单位或其下级。"))
            node = node.parent
        return parent


class UserCreateForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "display_name", "unit", "role", "phone", "email"]

    def clean(self):
        data = super().clean()
        if data.get("role") in (User.Role.FILLER, User.Role.SIGNER) and not data.get("unit"):
            self.add_error("unit", _("填报人和签发人必须属于一个单位。"))
        return data


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "unit", "role", "phone", "email", "is_active"]

    def clean(self):
        data = super().clean()
        if data.get("role") in (User.Role.FILLER, User.Role.SIGNER) and not data.get("unit"):
            self.add_error("unit", _("填报人和签发人必须属于一个单位。"))
        return data
