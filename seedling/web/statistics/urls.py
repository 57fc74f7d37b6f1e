from django.urls import path

from seedling.web.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.start, name="start"),
    path("<str:code>/", views.dashboard, name="dashboard"),
    path("<str:code>/figures.xlsx", views.workbook, name="workbook"),
]
