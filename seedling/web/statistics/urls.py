from django.urls import path

from seedling.web.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.start, name="start"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:bulletin_id>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:bulletin_id>.xlsx", views.bulletin_workbook, name="bulletin_workbook"),
    path("<str:code>/", views.dashboard, name="dashboard"),
    path("<str:code>/figures.xlsx", views.workbook, name="workbook"),
    path("<str:code>/bulletin/", views.bulletin_draft, name="bulletin_draft"),
]
