from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("rounds/<int:round_id>/", views.round_dashboard, name="round"),
    path("rounds/<int:round_id>/remind/", views.round_remind, name="remind"),
    path("rounds/<int:round_id>/units/<int:unit_id>/quality/", views.unit_quality, name="quality"),
    path("tasks/<int:task_id>/", views.task_history, name="task"),
    path("units/<int:unit_id>/", views.unit_page, name="unit"),
    path("submissions/<int:submission_id>/copy-forward/", views.copy_forward, name="copy_forward"),
    path("filings/<int:filing_id>/extension/", views.extension_request, name="extension_request"),
    path("extensions/", views.extension_list, name="extensions"),
    path("extensions/<int:extension_id>/decide/", views.extension_decide, name="extension_decide"),
]
