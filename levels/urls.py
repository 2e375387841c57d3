from django.urls import path

from . import views

app_name = "levels"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import"),
    path("rounds/<int:round_id>/", views.city_view, name="city"),
    path("rounds/<int:round_id>/export.<str:fmt>", views.city_export, name="city_export"),
    path("rounds/<int:round_id>/send/", views.report_send, name="send"),
    path("rounds/<int:round_id>/file.<str:fmt>", views.district_file, name="district_file"),
    path("tasks/<int:task_id>/split/", views.split, name="split"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/<str:action>/", views.report_review, name="review"),
    path("reports/<int:report_id>/file.<str:fmt>", views.report_file, name="report_file"),
]
