"""URL root. No Django admin: it would read around the region scope."""

from django.urls import include, path
from django.views.i18n import set_language

from seedling.access.decorators import public
from seedling.api.urls import api

urlpatterns = [
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("api/v1/", api.urls),
    path("workforce/", include("seedling.web.workforce.urls")),
    path("institutions/", include("seedling.web.institutions.urls")),
    path("visits/", include("seedling.web.visits.urls")),
    path("", include("seedling.web.urls")),
]

handler403 = "seedling.web.errors.forbidden"
handler404 = "seedling.web.errors.not_found"
handler500 = "seedling.web.errors.server_error"
