from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="create"),
    path("<int:unit_id>/edit/", views.unit_edit, name="edit"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("first-run/", views.first_run, name="first_run"),
    path("roster/", views.roster, name="roster"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
    path("roster/preview/", views.roster_preview, name="roster_preview"),
]
