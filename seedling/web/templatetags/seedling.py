"""Template filters: masking is the default in every page (reveal is a separate, audited action)."""

from __future__ import annotations

from django import template

from seedling.core.masking import mask_id_number, mask_phone

register = template.Library()


@register.filter
def mask_id(value: str | None) -> str:
    return mask_id_number(value) if value else ""


@register.filter
def mask_tel(value: str | None) -> str:
    return mask_phone(value) if value else ""


@register.filter
def categories(value: str, show_health: bool = False) -> list[str]:
    """Declared categories; the HIV one only where the reader may see HIV status (never in lists)."""
    from seedling.people.enums import HEALTH_CATEGORIES, DeclaredCategory

    return [
        str(DeclaredCategory(c).label)
        for c in value.split(",")
        if c in DeclaredCategory.values and (show_health or c not in HEALTH_CATEGORIES)
    ]


@register.filter
def choice_label(value: str, enum_name: str) -> str:
    from seedling.people import enums

    enum = getattr(enums, enum_name)
    return str(enum(value).label) if value in enum.values else (value or "")


@register.filter
def choice_labels(values: list[str], enum_name: str) -> str:
    return "、".join(choice_label(v, enum_name) for v in values or [])
