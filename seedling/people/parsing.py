"""Text forms of multi-valued ledger cells, shared by the web form and the Excel importer.

`低保300元/月、特困` <-> [Benefit(dibao, 300), Benefit(tekun)]. Separators: 、，,；;/ and line breaks
(docs/ledger.md). Labels are the ledger's Chinese; a few synonyms workers write are accepted.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from seedling.people import enums
from seedling.people.records import Benefit

SEPARATORS = re.compile(r"[、，,；;/\n\r]+")
_AMOUNT = re.compile(r"^(?P<label>[^\d０-９.]+?)\s*(?P<amount>[\d０-９]+(?:\.\d+)?)?\s*(?:元)?(?:每月)?$")
_BENEFIT_SYNONYMS = {
    "最低生活保障": enums.Benefit.DIBAO,
    "城乡低保": enums.Benefit.DIBAO,
    "特困供养": enums.Benefit.TEKUN,
    "特困人员": enums.Benefit.TEKUN,
    "事实孤儿": enums.Benefit.DE_FACTO_UNSUPPORTED,
    "残疾补贴": enums.Benefit.DISABILITY,
    "临时救助": enums.Benefit.TEMPORARY,
    "没有": enums.Benefit.NONE,
}
_BY_LABEL = {str(label): value for value, label in enums.Benefit.choices}


class ParseError(ValueError):
    """A cell that cannot be read; the message says what was expected (Chinese)."""


def split(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def _digits(value: str) -> str:
    return value.translate({cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)})


def parse_benefits(text: str) -> list[Benefit]:
    """'低保300元/月、特困' -> [Benefit('dibao', 300), Benefit('tekun')]."""
    out: list[Benefit] = []
    # "/" separates items, but also sits in "元/月": protect the unit first.
    text = re.sub(r"元?\s*/\s*月", "元每月", text or "")
    for part in split(text):
        match = _AMOUNT.match(part)
        label = match.group("label").strip() if match else part
        kind = _BY_LABEL.get(label) or _BENEFIT_SYNONYMS.get(label)
        if match is None or kind is None:
            allowed = "、".join(_BY_LABEL)
            raise ParseError(f"“{part}”无法识别。可填：{allowed}，有金额的写成“低保300元/月”。")
        amount = match.group("amount")
        try:
            value = Decimal(_digits(amount)) if amount else None
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
            raise ParseError(f"“{part}”的金额无法识别。") from exc
        out.append(Benefit(kind=str(kind), monthly_yuan=value))
    return out


def format_benefits(items: list[Benefit]) -> str:
    parts = []
    for b in items:
        label = str(enums.Benefit(b.kind).label)
        parts.append(f"{label}{b.monthly_yuan.normalize():f}元/月" if b.monthly_yuan is not None else label)
    return "、".join(parts)
