from django.urls import path

from seedling.web.workforce import views

app_name = "workforce"

urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("new/", views.worker_create, name="worker_create"),
    path("<int:worker_id>/", views.worker_detail, name="worker_detail"),
    path("<int:worker_id>/edit/", views.worker_edit, name="worker_edit"),
    path("<int:worker_id>/posts/", views.appointment_add, name="appointment_add"),
    path("<int:worker_id>/account/", views.worker_link, name="worker_link"),
    path("<int:worker_id>/evaluate/", views.evaluation_create, name="evaluation_create"),
    path("posts/<int:appointment_id>/end/", views.appointment_end, name="appointment_end"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/overdue/", views.training_overdue, name="training_overdue"),
    path("training/<int:event_id>/", views.training_detail, name="training_detail"),
    path(
        "training/attendance/<int:attendance_id>/certificate/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path("duties/", views.duty_lists, name="duty_lists"),
    path("duties/<int:item_id>/retire/", views.duty_item_retire, name="duty_item_retire"),
    path("coverage/", views.coverage_start, name="coverage_start"),
    path("coverage/<str:code>/", views.coverage, name="coverage"),
    path("coverage/<str:code>/forward/", views.coverage_forward, name="coverage_forward"),
    path("roster/export.xlsx", views.roster_export, name="roster_export"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
    path("roster/import/", views.roster_import, name="roster_import"),
]
