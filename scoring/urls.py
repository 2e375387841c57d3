from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:scheme_id>/", views.ranking, name="ranking"),
    path("<int:scheme_id>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("<int:scheme_id>/recompute/", views.recompute, name="recompute"),
    path("<int:scheme_id>/rules/", views.rules_edit, name="rules"),
    path("<int:scheme_id>/manual/", views.manual_add, name="manual_add"),
    path("<int:scheme_id>/units/<int:unit_id>/", views.ledger, name="ledger"),
    path("lines/<int:line_id>/object/", views.object_line, name="object"),
    path("objections/<int:objection_id>/answer/", views.answer, name="answer"),
]
