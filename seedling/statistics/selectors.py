"""Reading the figures: a dashboard of an area, its units, its trend (docs/subsystems/statistics.md).

Every read is a GROUP BY over the rows of one level of the `Figure` table (the area's own rows, or its
units' rows one level down), found by the (level, code) index: a national page reads the nation's
and the provinces' rows, never the villages'. Counting follows docs/rules/statistics.md: a child in
two categories counts once in the total and once in each category; HIV counts only for readers with
the grant over the area, and for the others the category does not exist.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from seedling.access import Actor, visibility
from seedling.access.actor import Purpose
from seedling.access.scope import get_for_actor, visible_to
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import division_codes as codes
from seedling.core.dates import month_start
from seedling.core.errors import ValidationFailed
from seedling.core.sensitivity import of_category
from seedling.core.tabular import new_workbook
from seedling.people import enums as people_enums
from seedling.regions.models import Division
from seedling.registries.enums import CATEGORY_LABELS
from seedling.statistics import keys
from seedling.statistics.models import Figure, FigureSnapshot
from seedling.visits import selectors as visit_selectors

CATEGORIES: tuple[str, ...] = tuple(people_enums.DeclaredCategory.values)
STRUCTURE_DIMS = ("sex", "age_band", "schooling", "guardianship", "parents")
LENGTH_OF_LEVEL = {0: 0, **codes.PREFIX_LENGTH}
TREND_MONTHS = 12
HEALTH = frozenset(c for c in CATEGORIES if of_category(c) is not None)
SNAPSHOT_LEVEL = 4  # month ends are kept from the nation down to each township (services.SNAPSHOT_LEVELS)

_CLASS_LABELS = {
    "dead": "死亡/失踪",
    "custody": "服刑/戒毒等",
    "revoked": "撤销监护资格",
    "lost": "失联/遣送出境",
    "incapable": "重病/重残",
    "away": "外出务工",
    "other": "其他",
    keys.NONE: "无",
}


def dim_label(dim: str, value: str) -> str:
    """A cell value as the ledger writes it (unknown values shown as they are)."""
    if dim == "sex":
        return str(dict(people_enums.Sex.choices).get(value, value or "未填"))
    if dim == "schooling":
        return str(dict(people_enums.Schooling.choices).get(value, value or "未填"))
    if dim == "guardianship":
        return str(dict(people_enums.GuardianshipStatus.choices).get(value, value or "未填"))
    if dim == "parents":
        father, _sep, mother = value.partition("/")
        return f"父：{_CLASS_LABELS.get(father, father)}；母：{_CLASS_LABELS.get(mother, mother)}"
    if dim == "age_band":
        return f"{value}岁"
    return value


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


@dataclass(frozen=True)
class Area:
    """The area a figure is about: the nation (code "", level 0) or a division."""

    code: str  # the prefix: "" nation, 2 province … 12 village
    level: int
    name: str
    division_code: str  # the 12-digit code ("" for the nation)

    @property
    def unit_level(self) -> int | None:
        return self.level + 1 if self.level < codes.VILLAGE else None


@dataclass
class Counts:
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

    def add(self, categories: list[str], n: int) -> None:
        if not categories:
            return
        self.total += n
        for c in categories:
            self.by_category[c] = self.by_category.get(c, 0) + n


@dataclass
class Unit:
    area: Area
    counts: Counts
    last: Counts | None = None

    @property
    def change(self) -> int | None:
        return None if self.last is None else self.counts.total - self.last.total


@dataclass
class Dashboard:
    area: Area
    as_of: dt.date
    categories: list[str]  # the categories this reader may count, in the ledger's order
    counts: Counts
    last: Counts | None  # the end of the month before (None before the first snapshot)
    structure: dict[str, list[tuple[str, str, int]]]  # dim -> (value, label, children)
    trend: list[tuple[dt.date, Counts]]
    units: list[Unit]

    @property
    def change(self) -> int | None:
        return None if self.last is None else self.counts.total - self.last.total

    def category_change(self, code: str) -> int | None:
        if self.last is None:
            return None
        return self.counts.by_category.get(code, 0) - self.last.by_category.get(code, 0)


def area_for(*, actor: Actor, code: str) -> Area:
    """The nation ("" / "nation", national readers only) or a division in the actor's area (404 else)."""
    if code in ("", "nation"):
        if "" not in actor.scope(Purpose.CASEWORK):
            raise ValidationFailed(_("Only national readers see the whole country."), code="statistics.scope")
        return Area("", 0, _("全国"), "")
    if not codes.is_code(code):
        raise ValidationFailed(_("A division code has 12 digits."), code="statistics.code")
    if not any(codes.prefix_of(code).startswith(p) for p in actor.scope(Purpose.CASEWORK)):
        raise Http404(_("Not found, or outside your area."))  # as get_for_actor: the same answer
    division = get_for_actor(actor, Division, code=code)
    return Area(codes.prefix_of(division.code), division.level, division.name, division.code)


def roots(*, actor: Actor) -> list[Area]:
    """The areas a reader starts from: the nation, or the divisions of its casework roles."""
    scope = actor.scope(Purpose.CASEWORK)
    if "" in scope:
        return [Area("", 0, _("全国"), "")]
    divisions = visible_to(actor, Division).filter(code__in=[codes.code_from_prefix(p) for p in scope])
    return [Area(codes.prefix_of(d.code), d.level, d.name, d.code) for d in divisions.order_by("code")]


def hidden_categories(actor: Actor, area: Area) -> frozenset[str]:
    """The categories whose counts this reader may not see in this area (HIV without the grant)."""
    return frozenset(
        c
        for c in CATEGORIES
        if (kind := of_category(c)) is not None and not visibility.may_count(actor, kind, area.code)
    )


def _seen(categories: str, hidden: frozenset[str]) -> list[str]:
    return [c for c in keys.split(categories) if c not in hidden]


def _rows(actor: Actor, area: Area) -> QuerySet[Figure]:
    return visible_to(actor, Figure).filter(level=area.level, code=area.code)


def _counts(groups: Iterable[dict[str, Any]], hidden: frozenset[str]) -> Counts:
    counts = Counts()
    for g in groups:
        counts.add(_seen(g["categories"], hidden), g["n"] or 0)
    return counts


def counts(*, actor: Actor, area: Area, hidden: frozenset[str] | None = None) -> Counts:
    hidden = hidden_categories(actor, area) if hidden is None else hidden
    return _counts(_rows(actor, area).values("categories").annotate(n=Sum("children")), hidden)


def _snapshots(actor: Actor, area: Area, first: dt.date, last: dt.date) -> dict[dt.date, Counts]:
    hidden = hidden_categories(actor, area)
    out: dict[dt.date, Counts] = {}
    rows = (
        visible_to(actor, FigureSnapshot)
        .filter(level=area.level, code=area.code, month__gte=first, month__lte=last)
        .values("month", "categories")
        .annotate(n=Sum("children"))
    )
    for r in rows:
        out.setdefault(r["month"], Counts()).add(_seen(r["categories"], hidden), r["n"] or 0)
    return out


def _structure(actor: Actor, area: Area, hidden: frozenset[str]) -> dict[str, list[tuple[str, str, int]]]:
    rows = _rows(actor, area)
    out: dict[str, list[tuple[str, str, int]]] = {}
    for dim in STRUCTURE_DIMS:
        sums: dict[str, int] = defaultdict(int)
        for g in rows.values("categories", dim).annotate(n=Sum("children")):
            if _seen(g["categories"], hidden):
                sums[g[dim]] += g["n"] or 0
        out[dim] = sorted(
            ((v, dim_label(dim, v), n) for v, n in sums.items() if n), key=lambda t: (-t[2], t[0])
        )
    return out


def units(
    *, actor: Actor, area: Area, last_month: dt.date | None = None, hidden: frozenset[str] | None = None
) -> list[Unit]:
    """The area's units one level down with their counts, largest first (the ranking). `hidden`: the
    categories left out (default: those the reader may not count here)."""
    level = area.unit_level
    if level is None:
        return []
    hidden = hidden_categories(actor, area) if hidden is None else hidden
    rows = (
        visible_to(actor, Figure)
        .filter(level=level, code__startswith=area.code)
        .values("code", "categories")
        .annotate(n=Sum("children"))
    )
    by_code: dict[str, Counts] = defaultdict(Counts)
    for r in rows:
        by_code[r["code"]].add(_seen(r["categories"], hidden), r["n"] or 0)
    lasts: dict[str, Counts] = defaultdict(Counts)
    if last_month is not None and level <= 4:
        for r in (
            visible_to(actor, FigureSnapshot)
            .filter(level=level, code__startswith=area.code, month=last_month)
            .values("code", "categories")
            .annotate(n=Sum("children"))
        ):
            lasts[r["code"]].add(_seen(r["categories"], hidden), r["n"] or 0)
    names = dict(
        visible_to(actor, Division)
        .filter(level=level, code__startswith=area.code)
        .values_list("code", "name")
    )
    out = []
    for code in sorted(set(by_code) | {codes.prefix_of(c) for c in names}):
        full = codes.code_from_prefix(code)
        out.append(
            Unit(
                Area(code, level, names.get(full, full), full),
                by_code.get(code, Counts()),
                lasts.get(code) if last_month is not None and level <= 4 else None,
            )
        )
    out.sort(key=lambda u: (-u.counts.total, u.area.code))
    return out


def dashboard(*, actor: Actor, area: Area, as_of: dt.date) -> Dashboard:
    """Totals by category with the change since the end of last month, structure, trend, units."""
    hidden = hidden_categories(actor, area)
    current = _counts(_rows(actor, area).values("categories").annotate(n=Sum("children")), hidden)
    last_month = month_start(as_of, -1)
    history = _snapshots(actor, area, month_start(as_of, -TREND_MONTHS), last_month)
    trend = [(m, history[m]) for m in sorted(history)]
    trend.append((month_start(as_of), current))
    return Dashboard(
        area=area,
        as_of=as_of,
        categories=[c for c in CATEGORIES if c not in hidden],
        counts=current,
        last=history.get(last_month),
        structure=_structure(actor, area, hidden),
        trend=trend,
        units=units(actor=actor, area=area, last_month=last_month),
    )


# --- the numbers behind each chart: one table each, shown as a chart, a table, a workbook, JSON ----


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    chart: str  # "bar" | "line" | "pie"
    links: list[str] = field(default_factory=list)  # per row: where the number leads ("" none)


STRUCTURE_TITLES = {
    "sex": "性别",
    "age_band": "年龄段",
    "schooling": "就学情况",
    "guardianship": "监护情况",
    "parents": "父母情况",
}


def tables(board: Dashboard) -> list[Table]:
    """Every table of a dashboard, in page order."""
    cats = board.categories
    out = [
        Table(
            "categories",
            "各类别儿童数",
            ["类别", "儿童数", "较上月"],
            [[category_label(c), board.counts.by_category.get(c, 0), board.category_change(c)] for c in cats]
            + [["合计（不重复）", board.counts.total, board.change]],
            "bar",
        )
    ]
    for dim, rows in board.structure.items():
        out.append(
            Table(
                f"structure_{dim}",
                STRUCTURE_TITLES[dim],
                [STRUCTURE_TITLES[dim], "儿童数"],
                [[label, n] for _v, label, n in rows],
                "pie" if dim in ("sex", "guardianship") else "bar",
            )
        )
    out.append(
        Table(
            "trend",
            "月度趋势（月末）",
            ["月份", "合计", *(category_label(c) for c in cats)],
            [
                [m.strftime("%Y-%m"), c.total, *(c.by_category.get(k, 0) for k in cats)]
                for m, c in board.trend
            ],
            "line",
        )
    )
    if board.units:
        out.append(
            Table(
                "units",
                "下级单位排名",
                ["排名", "单位", "代码", "合计", "较上月", *(category_label(c) for c in cats)],
                [
                    [
                        i,
                        u.area.name,
                        u.area.division_code,
                        u.counts.total,
                        u.change,
                        *(u.counts.by_category.get(k, 0) for k in cats),
                    ]
                    for i, u in enumerate(board.units, start=1)
                ],
                "bar",
            )
        )
    return out


def workbook(*, actor: Actor, board: Dashboard, name: str = "") -> bytes:
    """The numbers of one table (`name`), or of every table, as an .xlsx; audited as an export."""
    chosen = [t for t in tables(board) if not name or t.name == name]
    if not chosen:
        raise ValidationFailed(_("No such table."), code="statistics.table")
    buffer = io.BytesIO()
    book = new_workbook(buffer, in_memory=True)
    bold = book.add_format({"bold": True, "bg_color": "#E7F3EA", "border": 1})
    for t in chosen:
        ws = book.add_worksheet(t.title[:31].replace("（", "(").replace("）", ")"))
        ws.write_string(0, 0, f"{board.area.name} · {t.title} · {board.as_of.isoformat()}")
        for i, h in enumerate(t.headers):
            ws.write_string(1, i, h, bold)
            ws.set_column(i, i, 14)
        for r, row in enumerate(t.rows, start=2):
            for i, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, i, v)
                else:
                    ws.write_number(r, i, v)
    book.close()
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        division_code=board.area.division_code or None,
        subject_type="statistics",
        subject_id=board.area.code or "nation",
        subject_label=board.area.name,
        detail={"tables": [t.name for t in chosen], "as_of": board.as_of.isoformat()},
    )
    return buffer.getvalue()


@dataclass(frozen=True)
class Elsewhere:
    """Figures kept by the other apps, shown on the dashboard in one place (a division's only)."""

    compliance: Any  # visits.selectors.UnitFigures of the area: visits by risk tier, pairing
    division_code: str


def elsewhere(*, actor: Actor, area: Area, as_of: dt.date) -> Elsewhere | None:
    """Visit compliance and pairing of the area, from the visits' pre-aggregated figures (ADR 0010)."""
    if not area.division_code:
        return None
    division = get_for_actor(actor, Division, code=area.division_code)
    report = visit_selectors.compliance(actor=actor, division=division, as_of=as_of, limit=0)
    return Elsewhere(report.total, area.division_code)


def summary(*, actor: Actor, area: Area, as_of: dt.date, today: dt.date) -> dict[str, Any]:
    """`manage.py statistics --json`: the area's total, by category and by unit, with the ledger's
    category labels. Today's figures, or for a day in a past month the end of that month (kept by the
    daily job); a month with no kept end is refused, never guessed."""
    hidden = hidden_categories(actor, area)
    level = area.unit_level
    if month_start(as_of) >= month_start(today):
        own = counts(actor=actor, area=area)
        unit_counts = {u.area.code: (u.area, u.counts) for u in units(actor=actor, area=area)}
    else:
        month = month_start(as_of)
        kept = _snapshots(actor, area, month, month)
        if month not in kept:
            raise ValidationFailed(
                _("No month-end figures were kept for %(month)s.") % {"month": month.strftime("%Y-%m")},
                code="statistics.no_snapshot",
            )
        own = kept[month]
        unit_counts = {}
        if level is not None and level <= SNAPSHOT_LEVEL:
            names = dict(
                visible_to(actor, Division)
                .filter(level=level, code__startswith=area.code)
                .values_list("code", "name")
            )
            rows = (
                visible_to(actor, FigureSnapshot)
                .filter(level=level, code__startswith=area.code, month=month)
                .values("code", "categories")
                .annotate(n=Sum("children"))
            )
            per: dict[str, Counts] = defaultdict(Counts)
            for r in rows:
                per[r["code"]].add(_seen(r["categories"], hidden), r["n"] or 0)
            for code, c in per.items():
                full = codes.code_from_prefix(code)
                unit_counts[code] = (Area(code, level, names.get(full, full), full), c)

    def labelled(c: Counts) -> dict[str, int]:
        return {category_label(k): c.by_category.get(k, 0) for k in CATEGORIES if k not in hidden}

    return {
        "division": area.division_code or "nation",
        "as_of": as_of.isoformat(),
        "total": own.total,
        "by_category": labelled(own),
        "by_unit": [
            {"code": a.division_code, "name": a.name, "total": c.total, "by_category": labelled(c)}
            for a, c in sorted(unit_counts.values(), key=lambda ac: ac[0].code)
        ],
    }


# --- the monthly bulletin (月度通报) ----------------------------------------------------------------

VISIT_TARGET_PCT = 90.0  # docs/rules/statistics.md#bulletin: a unit below it is named behind target
PAIRING_TARGET_PCT = 100.0  # 晋江 2024: every child in difficulty paired (docs/rules/coverage.md)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _per_unit(qs: QuerySet[Any], end: int, distinct: str) -> dict[str, int]:
    from django.db.models import Count
    from django.db.models.functions import Substr

    rows = (
        qs.annotate(unit=Substr("division_code", 1, end))
        .values("unit")
        .annotate(n=Count(distinct, distinct=True))
    )
    return {r["unit"]: r["n"] for r in rows}


def bulletin_draft(*, actor: Actor, area: Area, month: dt.date, as_of: dt.date) -> dict[str, Any]:
    """The bulletin of `area` for `month` as it would be issued now: per unit one level down, the
    children in the rolls, new and exited children in the month, visit compliance and pairing, and
    completeness of the files; units ranked by compliance, those behind target named."""
    from seedling.people.models import Child
    from seedling.registries.enums import MembershipStatus
    from seedling.registries.models import Membership

    level = area.unit_level
    if level is None:
        raise ValidationFailed(_("A village has no units to report on."), code="bulletin.village")
    first, nxt = month_start(month), month_start(month, 1)
    if first > month_start(as_of):
        raise ValidationFailed(_("That month has not begun."), code="bulletin.future")
    end = codes.PREFIX_LENGTH[level]
    # A bulletin is read by every unit it names, whatever their grants: it never counts HIV
    # (docs/rules/statistics.md#hiv), even when its issuer may.
    hidden = HEALTH
    listed = [c for c in CATEGORIES if c not in hidden]
    members = (
        visible_to(actor, Membership)
        .filter(division_code__startswith=area.code, child__isnull=False, category__in=listed)
        .exclude(status=MembershipStatus.REJECTED)
    )
    new = _per_unit(members.filter(start__gte=first, start__lt=nxt), end, "child_id")
    exited = _per_unit(members.filter(end__gte=first, end__lt=nxt), end, "child_id")
    files = visible_to(actor, Child).filter(division_code__startswith=area.code).exclude(status="merged")
    filed = _per_unit(files, end, "id")
    complete = _per_unit(files.filter(missing_fields=0), end, "id")
    compliance: dict[str, Any] = {}
    if area.division_code:
        division = get_for_actor(actor, Division, code=area.division_code)
        report = visit_selectors.compliance(actor=actor, division=division, as_of=as_of, limit=0)
        compliance = {codes.prefix_of(u.code): u for u in report.units}
    lines: list[dict[str, Any]] = []
    for u in units(actor=actor, area=area, hidden=hidden):
        c = compliance.get(u.area.code)
        children = c.children if c is not None else 0
        on_time = children - c.overdue if c is not None else 0
        visit_pct = _pct(on_time, children)
        pairing_pct = c.pairing_pct if c is not None else None
        behind = (visit_pct is not None and visit_pct < VISIT_TARGET_PCT) or (
            pairing_pct is not None and pairing_pct < PAIRING_TARGET_PCT
        )
        lines.append(
            {
                "code": u.area.division_code,
                "name": u.area.name,
                "total": u.counts.total,
                "by_category": {category_label(k): u.counts.by_category.get(k, 0) for k in listed},
                "new": new.get(u.area.code, 0),
                "exited": exited.get(u.area.code, 0),
                "visit_children": children,
                "visit_pct": visit_pct,
                "pairing_pct": pairing_pct,
                "files": filed.get(u.area.code, 0),
                "complete_pct": _pct(complete.get(u.area.code, 0), filed.get(u.area.code, 0)),
                "behind": behind,
            }
        )
    lines.sort(key=lambda x: (x["visit_pct"] is None, -(x["visit_pct"] or 0), x["code"]))
    for rank, line in enumerate(lines, start=1):
        line["rank"] = rank
    own = counts(actor=actor, area=area, hidden=hidden)
    return {
        "area": area.name,
        "code": area.division_code,
        "month": first.strftime("%Y-%m"),
        "as_of": as_of.isoformat(),
        "total": own.total,
        "by_category": {category_label(k): own.by_category.get(k, 0) for k in listed},
        "new": sum(x["new"] for x in lines),
        "exited": sum(x["exited"] for x in lines),
        "targets": {"visit_pct": VISIT_TARGET_PCT, "pairing_pct": PAIRING_TARGET_PCT},
        "units": lines,
    }


BULLETIN_COLUMNS = [
    ("rank", "排名"),
    ("name", "单位"),
    ("code", "代码"),
    ("total", "在册儿童"),
    ("new", "本月新增"),
    ("exited", "本月退出"),
    ("visit_pct", "走访按时率%"),
    ("pairing_pct", "结对率%"),
    ("complete_pct", "档案完整率%"),
    ("behind", "未达标"),
]


def bulletins(*, actor: Actor) -> QuerySet[Any]:
    """The bulletins the reader may open: issued in its area, or naming one of its units."""
    from django.db.models import Q

    from seedling.statistics.models import Bulletin, BulletinUnit

    named = visible_to(actor, BulletinUnit).values("bulletin_id")
    mine = visible_to(actor, Bulletin).values("id")
    return Bulletin.unscoped.filter(Q(id__in=named) | Q(id__in=mine)).order_by("-month", "division_code")


def bulletin_get(*, actor: Actor, bulletin_id: int) -> Any:
    try:
        return bulletins(actor=actor).get(pk=bulletin_id)
    except Exception as exc:  # DoesNotExist: the same 404 as outside the area
        raise Http404(_("Not found, or outside your area.")) from exc


def bulletin_workbook(*, actor: Actor, bulletin: Any) -> bytes:
    """The issued bulletin's stored figures as an .xlsx (never recomputed); audited as an export."""
    c = bulletin.content
    buffer = io.BytesIO()
    book = new_workbook(buffer, in_memory=True)
    bold = book.add_format({"bold": True})
    ws = book.add_worksheet("月度通报")
    ws.write_string(0, 0, f"{c['area']} {c['month']} 月度通报", bold)
    deadline = bulletin.deadline.isoformat() if bulletin.deadline else "—"
    ws.write_string(
        1, 0, f"在册儿童 {c['total']}；本月新增 {c['new']}；本月退出 {c['exited']}；整改期限 {deadline}"
    )
    for i, (_k, h) in enumerate(BULLETIN_COLUMNS):
        ws.write_string(3, i, h, bold)
    for r, line in enumerate(c["units"], start=4):
        for i, (k, _h) in enumerate(BULLETIN_COLUMNS):
            v = line.get(k)
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_string(r, i, "是" if v else "")
            elif isinstance(v, str):
                ws.write_string(r, i, v)
            else:
                ws.write_number(r, i, v)
    book.close()
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        division_code=bulletin.division_code or None,
        subject_type="bulletin",
        subject_id=bulletin.pk,
        subject_label=f"{c['area']} {c['month']}",
    )
    return buffer.getvalue()
