"""导入的访问登记 — an import preview is its uploader's alone (another office's preview is not found)."""

from units.access import get_in

from .models import PendingImport


def access_pending_import(user, import_id):
    if not getattr(user, "is_authenticated", False) or not user.is_office:
        return get_in(PendingImport.objects.none(), pk=import_id)
    return get_in(PendingImport.objects.filter(uploaded_by=user), pk=import_id)
