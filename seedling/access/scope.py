"""visible_to and get_for_actor: the only functions that turn an actor into a query filter."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from seedling.access.actor import Actor, Purpose

M = TypeVar("M", bound=models.Model)


def _raw(model: type[M]) -> models.QuerySet[M]:
    # The one sanctioned use of raw managers for reads: every caller passes through a filter below.
    manager = getattr(model, "unscoped", None) or model._default_manager
    return manager.all()


def _scope_q(fields: tuple[str, ...], prefixes: frozenset[str]) -> models.Q:
    q = models.Q()
    for field in fields:
        for prefix in sorted(prefixes):
            q |= models.Q(**{f"{field}__startswith": prefix})
    return q


def visible_to(
    actor: Actor,
    model_or_queryset: type[M] | models.QuerySet[M],
    *,
    purpose: Purpose | None = None,
) -> models.QuerySet[M]:
    """The rows of a scoped model the actor may see for `purpose` (the model's default otherwise).

    A scoped model declares `scope_field` (a code field, a path to one through a relation, or a tuple
    of them: a row visible from either end, such as a transfer) and `scope_purpose`. No grant for the
    purpose: nothing. A national grant: everything.
    """
    if isinstance(model_or_queryset, models.QuerySet):
        qs, model = model_or_queryset, model_or_queryset.model
    else:
        model = model_or_queryset
        qs = _raw(model)
    declared = model.scope_field  # type: ignore[attr-defined]
    fields: tuple[str, ...] = declared if isinstance(declared, tuple) else (declared,)
    purpose = purpose or model.scope_purpose  # type: ignore[attr-defined]
    prefixes = actor.scope(purpose)
    if not prefixes:
        return qs.none()
    if "" in prefixes:
        return qs
    qs = qs.filter(_scope_q(fields, prefixes))
    # A path through a to-many relation can repeat rows.
    return qs.distinct() if any("__" in f for f in fields) and _to_many(model, fields) else qs


def _to_many(model: type[models.Model], fields: tuple[str, ...]) -> bool:
    """Does any scope path cross a to-many relation (which would repeat rows)?"""
    for path in fields:
        current: type[models.Model] = model
        for part in path.split("__")[:-1]:
            field = current._meta.get_field(part)
            if field.one_to_many or field.many_to_many:
                return True
            current = field.related_model  # type: ignore[assignment]
    return False


def get_for_actor(
    actor: Actor,
    model_or_queryset: type[M] | models.QuerySet[M],
    *,
    purpose: Purpose | None = None,
    **lookup: Any,
) -> M:
    """One object, or the same 404 whether it is missing or outside the actor's area."""
    try:
        return visible_to(actor, model_or_queryset, purpose=purpose).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError) as exc:
        raise Http404(_("Not found, or outside your area.")) from exc


def is_within(actor: Actor, code: str, *, purpose: Purpose) -> bool:
    """May the actor act on something filed at division `code`?"""
    return any(code.startswith(p) for p in actor.scope(purpose))
