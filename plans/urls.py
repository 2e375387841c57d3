from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/sections/new/", views.section_create, name="section_create"),
    path("sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("<int:plan_id>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:task_id>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
]
