from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read only: audit records are never added, changed or deleted from the admin."""

    list_display = ["at", "username", "address", "kind", "action", "object_repr", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["username", "object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_system_admin
