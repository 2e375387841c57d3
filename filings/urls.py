from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("plans/<int:plan_id>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/lock/", views.round_lock, name="round_lock"),
    path("rounds/<int:round_id>/offline.xlsx", views.round_offline_download, name="round_offline_download"),
    path("rounds/<int:round_id>/offline/", views.round_offline_upload, name="round_offline_upload"),
    path("rounds/<int:round_id>/offline/confirm/", views.round_offline_confirm, name="round_offline_confirm"),
    path("rounds/<int:round_id>/mine/", views.round_mine, name="round_mine"),
    path("rounds/<int:round_id>/cooperation/", views.cooperation, name="cooperation"),
    path("my/rounds/", views.my_rounds, name="my_rounds"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission"),
    path("submissions/<int:submission_id>/submit/", views.submission_submit, name="submit"),
    path("submissions/<int:submission_id>/sign/", views.submission_sign, name="sign"),
    path("submissions/<int:submission_id>/approve/", views.submission_approve, name="approve"),
    path("submissions/<int:submission_id>/return/", views.submission_return, name="return"),
    path("submissions/<int:submission_id>/withdraw/", views.submission_withdraw, name="withdraw"),
    path("submissions/<int:submission_id>/offline.xlsx", views.offline_download, name="offline_download"),
    path("submissions/<int:submission_id>/offline/", views.offline_upload, name="offline_upload"),
    path("submissions/<int:submission_id>/offline/confirm/", views.offline_confirm, name="offline_confirm"),
    path("filings/<int:filing_id>/row/", views.sheet_row, name="sheet_row"),
    path("filings/<int:filing_id>/", views.filing_edit, name="filing"),
    path("filings/<int:filing_id>/history/", views.filing_history, name="filing_history"),
]
