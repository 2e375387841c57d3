from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan_summaries, name="plan"),
    path("plans/<int:plan_id>/generate/", views.generate, name="generate"),
    path("plans/<int:plan_id>/next-year/", views.next_plan, name="next_plan"),
    path("plans/<int:plan_id>/next-year/cancel/", views.next_plan_cancel, name="next_plan_cancel"),
    path("summaries/<int:summary_id>/", views.summary_detail, name="summary"),
    path("summaries/<int:summary_id>/regenerate/", views.regenerate, name="regenerate"),
    path("summaries/<int:summary_id>/export/<str:fmt>/", views.export, name="export"),
    path("summaries/<int:summary_id>/privacy/<int:hit_id>/", views.privacy_decide, name="privacy_decide"),
    path("paragraphs/<int:paragraph_id>/", views.paragraph_show, name="paragraph"),
    path("paragraphs/<int:paragraph_id>/edit/", views.paragraph_edit, name="paragraph_edit"),
    path("paragraphs/<int:paragraph_id>/decide/", views.paragraph_decide, name="paragraph_decide"),
    path("paragraphs/<int:paragraph_id>/history/", views.paragraph_history, name="paragraph_history"),
    path("indicators/", views.trends_index, name="trends"),
    path("indicators/trend/", views.trend, name="trend"),
    path("indicators/synonyms/", views.synonyms, name="synonyms"),
    path("indicators/synonyms/<int:synonym_id>/delete/", views.synonym_delete, name="synonym_delete"),
]
