from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("rounds/<int:round_id>/rollup/", views.round_rollup, name="rollup"),
    path("rollup.css", views.rollup_css, name="rollup_css"),
    path("import/", views.upload, name="upload"),
    path("import/<int:import_id>/", views.preview, name="preview"),
    path("import/<int:import_id>/cancel/", views.cancel, name="cancel"),
]

urlpatterns += [
    path("rounds/<int:round_id>/export.<str:fmt>", views.export_round, name="export_round"),
    path("submissions/<int:submission_id>/export.<str:fmt>", views.export_submission, name="export_submission"),
    path("plans/<int:plan_id>/export.<str:fmt>", views.export_plan, name="export_plan"),
]
