"""Writes to the division table besides the loader: the townships' "其他" placeholders."""

from __future__ import annotations

from django.db import transaction

from seedling.access import Actor, Purpose, is_within, visible_to
from seedling.core import division_codes as codes
from seedling.core.errors import ValidationFailed
from seedling.regions.models import Division, Level


@transaction.atomic
def placeholder_ensure(*, actor: Actor, code: str) -> Division:
    """The "其他" placeholder village `code` (a township's code with village segment 999), created on
    first use under its active township (docs/rules/workflow.md#dm-1; 川民政厅 2020 专项行动实施方案
    attachment 1: 系统未进行调整之前 … 先在系统中其他类别下录入). Loads of the division table never
    retire a placeholder while its township is listed (regions.loader)."""
    if not (codes.is_placeholder(code) and is_within(actor, code, purpose=Purpose.CASEWORK)):
        raise ValidationFailed(
            "不是您辖区内乡镇（街道）的“其他”村代码。", code="division.outside", field="division_code"
        )
    existing = visible_to(actor, Division, purpose=Purpose.CASEWORK).filter(code=code).first()
    if existing is not None:
        return existing
    township_code = code[:9] + "000"
    township = visible_to(actor, Division, purpose=Purpose.CASEWORK).filter(code=township_code).first()
    if township is None or not township.is_active or township.level != Level.TOWNSHIP:
        raise ValidationFailed(
            "没有这个乡镇（街道），或它已撤销。", code="division.unknown", field="division_code"
        )
    # get_or_create: two directors of one township may reach here at once.
    division, _created = Division.unscoped.get_or_create(
        code=code,
        defaults={
            "name": codes.PLACEHOLDER_NAME,
            "level": Level.VILLAGE,
            "parent": township,
            "edition": township.edition,
        },
    )
    return division
