from django.urls import path

from seedling.web.verification import views

app_name = "verification"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("<int:round_id>/", views.round_board, name="round"),
    path("<int:round_id>/files/", views.round_files, name="files"),
    path("<int:round_id>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:round_id>/draw/", views.draw, name="draw"),
    path("file/<int:file_id>/", views.round_file, name="file"),
    path("file/<int:file_id>/check/", views.check, name="check"),
    path("file/<int:file_id>/review/", views.review, name="review"),
    path("spot/<int:spot_id>/", views.spot, name="spot"),
    path("sample/<int:sample_id>/", views.record, name="record"),
    path("corrections/", views.corrections, name="corrections"),
    path("ratios/", views.ratios_start, name="ratios_start"),
    path("ratios/<str:province>/", views.ratios, name="ratios"),
    path("corrections/<int:task_id>/resolve/", views.resolve, name="resolve"),
]
