"""Template helpers. Personal values reach a page only through access.visibility: a view passes a
projection, or a template projects a row of a list with `{% seen row "list" as v %}`."""

from __future__ import annotations

from typing import Any

from django import template

from seedling.access import visibility
from seedling.people.workflow import field_label

register = template.Library()


@register.simple_tag(takes_context=True)
def seen(context: template.Context, obj: Any, output: str = "list") -> visibility.Projected:
    """`obj` as the signed-in actor may see it in `output` ("list", "file" or "export")."""
    return visibility.project(context["request"].actor, obj, visibility.Output(output))


@register.filter
def choice_label(value: Any, enum_name: str) -> str:
    from seedling.people import enums

    if value is visibility.WITHHELD:
        return str(value)
    enum = getattr(enums, enum_name)
    return str(enum(value).label) if value in enum.values else (value or "")


@register.filter
def choice_labels(values: Any, enum_name: str) -> str:
    if values is visibility.WITHHELD:
        return str(values)
    return "、".join(choice_label(v, enum_name) for v in values or [])


@register.filter
def withheld(value: Any) -> bool:
    """Is this value withheld from the reader (shown as the notice, whatever the field holds)?"""
    return value is visibility.WITHHELD


@register.filter
def field_labels(names: Any) -> str:
    """The labels of the fields a return or a spot-check finding names, joined for reading."""
    return "、".join(field_label(str(n)) for n in names or ())
