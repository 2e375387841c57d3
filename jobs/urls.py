from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/download/", views.download, name="download"),
    path("<int:job_id>/retry/", views.retry, name="retry"),
]
