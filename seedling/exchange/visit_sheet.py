"""The 走访记录 sheet (docs/ledger.md#other-sheets): one visit per row, the child by ID number.

A row becomes a visit through visits.services.visit_record, the same write and validation as the
phone form. Its client token is derived from the row's content, so importing the same file again
finds the visits it already made and creates nothing (idempotent, like the child sheet).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from seedling.access import Actor, visible_to
from seedling.core import cells, identity
from seedling.core.errors import ValidationFailed
from seedling.exchange import reader
from seedling.people import enums
from seedling.people.models import Child
from seedling.visits import services as visit_services
from seedling.visits.enums import VisitMode
from seedling.visits.models import Visit

# The contract's words (docs/ledger.md), not the UI's labels, which follow the reader's language.
MODE = {"入户": VisitMode.HOME.value, "电话": VisitMode.PHONE.value, "微信": VisitMode.WECHAT.value}
MODE_SYNONYMS = {
    "入户走访": "入户",
    "上门": "入户",
    "家访": "入户",
    "电话联系": "电话",
    "微信联系": "微信",
    "视频": "微信",
}
# A stable namespace for row tokens: the same row always makes the same token.
_NAMESPACE = uuid.UUID("7d0c3a52-2f4b-4c39-9a35-5f1c2d5e7a10")
# visits.services field -> the sheet's column key, for errors raised by the service.
_FIELD_COLUMN = {"mode": "mode", "visited_on": "visited_on", "": ""}


@dataclass
class ParsedVisit:
    id_number: str = ""
    visited_on: date | None = None
    mode: str = ""
    found: str = ""
    measures: str = ""
    visitor_name: str = ""
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (column key, code, message)


def parse_visit(row: reader.Row, *, as_of: date) -> ParsedVisit:
    v = row.values
    p = ParsedVisit(
        found=cells.plain(v.get("found")),
        measures=cells.plain(v.get("measures")),
        visitor_name=cells.text(v.get("visitor_name")),
    )
    number = cells.id_number(v.get("id_number"))
    if not number:
        p.errors.append(("id_number", "visit.id_required", "请填写被走访儿童的身份证号码。"))
    else:
        try:
            p.id_number = identity.parse(number, as_of=as_of).number
        except identity.InvalidIdNumber as exc:
            p.errors.append(("id_number", exc.code, str(exc.message)))
    try:
        p.visited_on = cells.date_of(v.get("visited_on"))
        if p.visited_on is None:
            p.errors.append(("visited_on", "visit.date_required", "请填写走访日期。"))
    except cells.CellError as exc:
        p.errors.append(("visited_on", exc.code, exc.message))
    try:
        p.mode = cells.choice(v.get("mode"), MODE, synonyms=MODE_SYNONYMS)
        if not p.mode:
            p.errors.append(("mode", "visit.mode_required", "请填写走访方式：入户、电话或微信。"))
    except cells.CellError as exc:
        p.errors.append(("mode", exc.code, exc.message))
    return p


def _token(child_id: int, p: ParsedVisit) -> uuid.UUID:
    assert p.visited_on is not None
    content = "\x1f".join(
        (str(child_id), p.visited_on.isoformat(), p.mode, p.found, p.measures, p.visitor_name)
    )
    return uuid.uuid5(_NAMESPACE, content)


def process_visit(
    actor: Actor, row: reader.Row, *, as_of: date, filed_in_this_file: Callable[[str], bool]
) -> tuple[str, list[tuple[str, str, str]]]:
    """'created' / 'unchanged' / 'rejected', with (column key, code, message) problems.

    Call inside the import batch's transaction (a dry run rolls it back). `filed_in_this_file` says
    whether the number belongs to a child the same file files, which a dry run has not kept."""
    p = parse_visit(row, as_of=as_of)
    if p.errors:
        return "rejected", p.errors
    child = (
        visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED).filter(id_number=p.id_number).first()
    )
    if child is None and filed_in_this_file(p.id_number):
        return (
            ("rejected", [("visited_on", "visit.future", "走访日期不能晚于今天。")])
            if (p.visited_on is not None and p.visited_on > as_of)
            else ("created", [])
        )
    if child is None:
        # The same words for "not filed" and "filed elsewhere": no hint about other areas (ADR 0002).
        return "rejected", [
            (
                "id_number",
                "visit.child_unknown",
                "您的辖区内没有这个身份证号码的儿童档案。请先建档，或核对号码。",
            )
        ]
    token = _token(child.pk, p)
    if visible_to(actor, Visit).filter(client_token=token).exists():
        return "unchanged", []
    data = visit_services.VisitInput(
        client_token=token,
        visited_on=p.visited_on,  # type: ignore[arg-type]  # checked in parse_visit
        mode=p.mode,
        found=p.found,
        measures=p.measures,
        visitor_name=p.visitor_name,
    )
    try:
        visit_services.visit_record(actor=actor, child=child, data=data)
    except ValidationFailed as exc:
        return "rejected", [(_FIELD_COLUMN.get(exc.field or "", "visited_on"), exc.code, str(exc.message))]
    return "created", []
