from django.urls import path

from . import public, views

app_name = "publishing"

urlpatterns = [
    path("publishing/", views.index, name="index"),
    path("publishing/rounds/<int:round_id>/new/", views.create, name="create"),
    path("publishing/<int:publication_id>/", views.detail, name="detail"),
    path("publishing/<int:publication_id>/edit/", views.edit, name="edit"),
    path("publishing/<int:publication_id>/review/", views.review, name="review"),
    path("publishing/<int:publication_id>/review/hits/<int:hit_id>/", views.decide, name="decide"),
    path("publishing/<int:publication_id>/publish/", views.publish, name="publish"),
    path("publishing/<int:publication_id>/withdraw/", views.withdraw, name="withdraw"),
    path("publishing/feedback/", views.feedback_list, name="feedback"),
    path("publishing/feedback/<int:feedback_id>/", views.feedback_handle, name="feedback_handle"),
    # public, no login
    path("public/", public.public_list, name="public_list"),
    path("public/feed.atom", public.PublicFeed(), name="public_feed"),
    path("public/items.json", public.public_json, name="public_json"),
    path("public/<int:publication_id>/", public.public_item, name="public_item"),
    path("public/<int:publication_id>/v<int:number>/", public.public_version, name="public_version"),
    path(
        "public/<int:publication_id>/v<int:number>/attachment.<str:fmt>",
        public.public_attachment,
        name="public_attachment",
    ),
    path("public/<int:publication_id>/feedback/", public.public_feedback, name="public_feedback"),
    path("public/receipt/", public.public_receipt, name="public_receipt"),
]

PUBLIC_URL_NAMES = {
    name
    for name in (
        "public_list",
        "public_feed",
        "public_json",
        "public_item",
        "public_version",
        "public_attachment",
        "public_feedback",
        "public_receipt",
    )
}
