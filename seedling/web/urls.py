from django.urls import path

from seedling.web.accounts import views
from seedling.web.exchange import views as exchange
from seedling.web.people import views as children
from seedling.web.registries import views as registries

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
    path("children/", children.child_list, name="child_list"),
    path("children/new/", children.child_create, name="child_create"),
    path("children/export.csv", children.child_export, name="child_export"),
    path("children/duplicates/", children.duplicates, name="duplicates"),
    path("children/transfers/", children.transfers, name="transfers"),
    path("children/<int:child_id>/", children.child_detail, name="child_detail"),
    path("children/<int:child_id>/edit/", children.child_edit, name="child_edit"),
    path("children/<int:child_id>/reveal/", children.child_reveal, name="child_reveal"),
    path("registries/", registries.registry_index, name="registry_index"),
    path("registries/monthly/", registries.registry_monthly, name="registry_monthly"),
    path("registries/discrepancies/", registries.registry_discrepancies, name="registry_discrepancies"),
    path("registries/confirmations/", registries.registry_confirmations, name="registry_confirmations"),
    path("registries/policy/", registries.policy_start, name="registry_policy_start"),
    path("registries/policy/<str:province>/", registries.policy_page, name="registry_policy"),
    path("registries/<str:category>/", registries.registry_list, name="registry_list"),
    path("women/", children.woman_list, name="woman_list"),
    path("women/new/", children.woman_form, name="woman_create"),
    path("women/<int:woman_id>/", children.woman_form, name="woman_edit"),
    path("ledger/", exchange.exchange_index, name="exchange_index"),
    path("ledger/template.xlsx", exchange.exchange_template, name="exchange_template"),
    path("ledger/export/", exchange.exchange_export, name="exchange_export"),
    path("ledger/exports/<int:job_id>/", exchange.exchange_export_job, name="exchange_export_job"),
    path(
        "ledger/exports/<int:job_id>/ledger.xlsx", exchange.exchange_export_file, name="exchange_export_file"
    ),
    path("ledger/jobs/<int:job_id>/", exchange.exchange_job, name="exchange_job"),
    path("ledger/jobs/<int:job_id>/commit/", exchange.exchange_commit, name="exchange_commit"),
    path("ledger/jobs/<int:job_id>/errors.xlsx", exchange.exchange_errors, name="exchange_errors"),
]
