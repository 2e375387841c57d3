from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "order"]
    search_fields = ["name", "short_name"]


@admin.register(User)
class DubanUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "unit", "role", "is_active"]
    list_filter = ["role", "unit"]
    fieldsets = UserAdmin.fieldsets + (("督办", {"fields": ("unit", "role", "display_name", "phone")}),)
