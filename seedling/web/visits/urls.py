from django.urls import path

from seedling.web.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("child/<int:child_id>/", views.child_page, name="child"),
    path("child/<int:child_id>/new/", views.visit_new, name="visit_new"),
    path("child/<int:child_id>/risk/", views.risk_set, name="risk_set"),
    path("child/<int:child_id>/pairing/", views.pairing_set, name="pairing_set"),
    path("child/<int:child_id>/needs/", views.need_add, name="need_add"),
    path("needs/<int:need_id>/service/", views.service_add, name="service_add"),
    path("compliance/", views.compliance_start, name="compliance_start"),
    path("compliance/<str:code>/", views.compliance, name="compliance"),
    path("frequencies/", views.frequencies_start, name="frequencies_start"),
    path("frequencies/<str:province>/", views.frequencies, name="frequencies"),
]
