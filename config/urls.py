"""URL root: the web pages and the API. No Django admin: it would read around the region scope."""

from django.urls import include, path

from seedling.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("seedling.web.urls")),
]

handler403 = "seedling.web.errors.forbidden"
handler404 = "seedling.web.errors.not_found"
handler500 = "seedling.web.errors.server_error"
