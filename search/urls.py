from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("public/", views.public_search, name="public"),
    path("reindex/", views.reindex, name="reindex"),
]
