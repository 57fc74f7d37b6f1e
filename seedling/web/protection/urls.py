from django.urls import path

from seedling.web.protection import views

app_name = "protection"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("report/", views.report_new, name="report_new"),
    path("flags/<int:flag_id>/route/", views.flag_route, name="flag_route"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("cases/<int:case_id>/step/<str:kind>/", views.case_step, name="case_step"),
    path("cases/<int:case_id>/reveal/", views.case_reveal, name="case_reveal"),
    path("cases/<int:case_id>/referrals/<int:step_id>/reply/", views.referral_reply, name="referral_reply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:app_id>/", views.application_page, name="application"),
    path("applications/<int:app_id>/<str:step>/", views.application_step, name="application_step"),
]
