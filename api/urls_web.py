from django.urls import path

from . import views

app_name = "profile"

urlpatterns = [
    path("", views.profile, name="page"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
