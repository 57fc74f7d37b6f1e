"""Small display helpers for the workforce and institutions templates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from seedling.workforce.enums import Employment, ItemResult, WorkerRole

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    try:
        return str(WorkerRole(value).label)
    except ValueError:
        return value


@register.filter
def employment_label(value: str) -> str:
    try:
        return str(Employment(value).label)
    except ValueError:
        return value


@register.filter
def result_label(value: str) -> str:
    try:
        return str(ItemResult(value).label)
    except ValueError:
        return value


@register.filter
def percent(value: Decimal | None) -> str:
    """12.5 -> "12.5%"; None (nothing to count) -> "—"."""
    return "—" if value is None else f"{value}%"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, None when missing."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
