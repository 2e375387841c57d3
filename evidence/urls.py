from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("filings/<int:filing_id>/evidence/", views.attach, name="attach"),
    path("evidence/<int:evidence_id>/", views.download, name="download"),
    path("evidence/<int:evidence_id>/image/", views.inline_image, name="image"),
    path("evidence/<int:evidence_id>/remove/", views.remove, name="remove"),
    path("rounds/<int:round_id>/evidence.zip", views.round_zip, name="round_zip"),
]
