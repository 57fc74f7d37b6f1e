"""RFC 7807 problem+json for every error the API returns, with Chinese messages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from seedling.core.errors import SeedlingError, StaleEdit

PROBLEM = "application/problem+json"


def problem(
    api: NinjaAPI, request: HttpRequest, status: int, title: str, detail: str, code: str, **extra: Any
) -> HttpResponse:
    body = {
        "type": f"urn:seedling:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    return response


def install(api: NinjaAPI) -> None:
    @api.exception_handler(SeedlingError)
    def seedling_error(request: HttpRequest, exc: SeedlingError) -> HttpResponse:
        extra: dict[str, Any] = {}
        problems = getattr(exc, "problems", None)
        if problems:
            extra["errors"] = [{"field": p.field, "code": p.code, "message": p.message} for p in problems]
        if isinstance(exc, StaleEdit):  # what the client needs to show the change and decide
            extra.update(version=exc.params["version"], fields=exc.params["fields"])
        elif exc.field:
            extra["errors"] = [{"field": exc.field, "code": exc.code, "message": exc.message}]
        return problem(api, request, exc.status, _("Request refused"), exc.message, exc.code, **extra)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(api, request, 404, _("Not found"), _("Not found, or outside your area."), "not_found")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            api,
            request,
            401,
            _("Sign-in required"),
            _("Send a valid token: Authorization: Bearer <token>."),
            "unauthenticated",
        )

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", [])[1:]),
                "code": e.get("type", "invalid"),
                "message": e.get("msg", ""),
            }
            for e in exc.errors
        ]
        return problem(
            api, request, 422, _("Invalid input"), _("Some fields are not valid."), "invalid", errors=errors
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(
            api, request, exc.status_code, str(exc.message), str(exc.message), f"http_{exc.status_code}"
        )
