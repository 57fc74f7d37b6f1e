from django.urls import path

from seedling.web.institutions import views

app_name = "institutions"

urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("new/", views.institution_create, name="institution_create"),
    path("<int:institution_id>/", views.institution_detail, name="institution_detail"),
    path("<int:institution_id>/edit/", views.institution_edit, name="institution_edit"),
    path("<int:institution_id>/close/", views.institution_close, name="institution_close"),
    path("served/<int:row_id>/remove/", views.home_uncover, name="home_uncover"),
    path("child-counts/", views.child_counts, name="child_counts"),
    path("child-counts/<int:row_id>/edit/", views.child_count_edit, name="child_count_edit"),
    path("coverage/", views.coverage_start, name="coverage_start"),
    path("coverage/<str:code>/", views.coverage, name="coverage"),
]
