from django.urls import path

from seedling.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("divisions/", views.division_browser, name="division_browser"),
    path("divisions/<str:code>/", views.division_browser, name="division_detail"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:user_id>/", views.account_detail, name="account_detail"),
    path("audit/", views.audit_log, name="audit_log"),
]
