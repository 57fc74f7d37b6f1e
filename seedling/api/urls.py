"""The API object and its routers. Add a domain's router here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from seedling.api import children, errors, institutions, protection, verification, visits, workforce
from seedling.api.auth import BearerToken, token_issue

# No docs page: the Swagger UI would load from a CDN. The spec is at /api/v1/openapi.json.
api = NinjaAPI(title="Seedling API", version="1", urls_namespace="api", auth=BearerToken(), docs_url=None)
errors.install(api)


class Credentials(Schema):
    username: str
    password: str


class Token(Schema):
    token: str


@api.post("/auth/token", auth=None, response={200: Token}, tags=["auth"], summary="Get a bearer token")
def auth_token(request: HttpRequest, data: Credentials) -> HttpResponse | dict[str, str]:
    key = token_issue(request=request, username=data.username, password=data.password)
    if key is None:
        return errors.problem(
            api,
            request,
            401,
            "用户名或密码不正确",
            "用户名或密码不正确（区分大小写），或账号已停用、已锁定。",
            "auth.invalid",
        )
    return {"token": key}


api.add_router("/children", children.router)
api.add_router("/workforce", workforce.router)
api.add_router("/institutions", institutions.router)
api.add_router("/visits", visits.router)
api.add_router("/protection", protection.router)
api.add_router("/applications", protection.applications)
api.add_router("/verification", verification.router)
