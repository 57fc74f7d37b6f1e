"""Every page's URL. The shell, people, registries, ledger and accounts pages share the namespace
`web`; visits, workforce and institutions keep their own namespaces and url modules."""

from django.urls import include, path
from django.views.i18n import set_language

from seedling.access.decorators import public
from seedling.web import home
from seedling.web.accounts import views as accounts
from seedling.web.exchange import views as exchange
from seedling.web.people import views as people
from seedling.web.registries import views as registries

pages = [
    path("", home.home, name="home"),
    path("login/", home.login, name="login"),
    path("logout/", home.logout, name="logout"),
    path("healthz", home.healthz, name="healthz"),
    path("divisions/", accounts.division_browser, name="division_browser"),
    path("divisions/<str:code>/", accounts.division_browser, name="division_detail"),
    path("accounts/", accounts.account_list, name="account_list"),
    path("accounts/new/", accounts.account_create, name="account_create"),
    path("accounts/<int:user_id>/", accounts.account_detail, name="account_detail"),
    path("audit/", accounts.audit_log, name="audit_log"),
    path("children/", people.child_list, name="child_list"),
    path("children/new/", people.child_create, name="child_create"),
    path("children/export.csv", people.child_export, name="child_export"),
    path("children/duplicates/", people.duplicates, name="duplicates"),
    path("children/transfers/", people.transfers, name="transfers"),
    path("children/reattribute/", people.reattribute, name="reattribute"),
    path("children/details-to-complete/", people.details_review, name="details_review"),
    path("children/review/", people.review_queue, name="review_queue"),
    path("children/<int:child_id>/submit/", people.child_submit, name="child_submit"),
    path("children/<int:child_id>/review/", people.child_review, name="child_review"),
    path("children/<int:child_id>/", people.child_detail, name="child_detail"),
    path("children/<int:child_id>/edit/", people.child_edit, name="child_edit"),
    path("children/<int:child_id>/reveal/", people.child_reveal, name="child_reveal"),
    path("women/", people.woman_list, name="woman_list"),
    path("women/new/", people.woman_form, name="woman_create"),
    path("women/<int:woman_id>/", people.woman_form, name="woman_edit"),
    path("registries/", registries.registry_index, name="registry_index"),
    path("registries/monthly/", registries.registry_monthly, name="registry_monthly"),
    path("registries/discrepancies/", registries.registry_discrepancies, name="registry_discrepancies"),
    path("registries/confirmations/", registries.registry_confirmations, name="registry_confirmations"),
    path("registries/policy/", registries.policy_start, name="registry_policy_start"),
    path("registries/policy/<str:province>/", registries.policy_page, name="registry_policy"),
    path("registries/hiv/", registries.registry_hiv, name="registry_hiv"),
    path("registries/<str:category>/", registries.registry_list, name="registry_list"),
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

urlpatterns = [
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("workforce/", include("seedling.web.workforce.urls")),
    path("institutions/", include("seedling.web.institutions.urls")),
    path("visits/", include("seedling.web.visits.urls")),
    path("protection/", include("seedling.web.protection.urls")),
    path("statistics/", include("seedling.web.statistics.urls")),
    path("verification/", include("seedling.web.verification.urls")),
    path("", include((pages, "web"))),
]
