"""The HTTP API (django-ninja) under /api/v1/: interface only, like `web`.

Routers live one module per domain (`children.py`, …) and are added in `seedling/api/urls.py`
with `api.add_router("/<prefix>", router)`. Every operation authenticates with the bearer token
(`auth.BearerToken`, the API's default) unless listed in tests/scoping's reviewed public list; it
reads and writes only through the domain selectors and services, so scope, masking and audit are
the web's. Errors are RFC 7807 problem+json with Chinese messages (`errors.py`).
"""
