"""Reads of verification: the rounds a reader works on, the progress board of any unit, the
director's checklist, the township's queue, spot checks and their error rates, correction tasks.

A progress board groups `RoundTally` (one row per village) by a prefix of the village code: a GROUP BY
over at most the area's villages, never over files (bench/verification.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, get_for_actor, visible_to
from seedling.audit.services import file_viewed, lists_people
from seedling.core import clock
from seedling.core import division_codes as codes
from seedling.regions.models import Division
from seedling.verification.enums import RoundFileState, SpotResult
from seedling.verification.models import (
    CorrectionTask,
    Round,
    RoundFile,
    RoundTally,
    SignOff,
    SpotCheck,
    SpotCheckFile,
)

_NEXT = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12}  # a prefix's length -> its units' prefix length


def _overlaps(prefix: str, mine: frozenset[str]) -> bool:
    return any(prefix.startswith(p) or p.startswith(prefix) for p in mine)


def rounds_for(*, actor: Actor) -> list[Round]:
    """The rounds whose area overlaps the reader's casework area, newest first."""
    mine = actor.scope(Purpose.CASEWORK)
    if not mine:
        return []
    return [r for r in Round.objects.order_by("-opened_at")[:500] if _overlaps(r.area_prefix, mine)]


def round_get(*, actor: Actor, round_id: int) -> Round:
    """A round the reader works on, or the same 404 as a missing one."""
    rnd = Round.objects.filter(pk=round_id).first()
    if rnd is None or not _overlaps(rnd.area_prefix, actor.scope(Purpose.CASEWORK)):
        raise Http404(_("Not found, or outside your area."))
    return rnd


def view_prefix(actor: Actor, rnd: Round, code: str | None = None) -> str:
    """The prefix a board shows: `code`'s when given (inside the round and the reader's area), else
    the narrower of the round's area and the reader's."""
    mine = actor.scope(Purpose.CASEWORK)
    if code:
        if not codes.is_code(code):
            raise Http404(_("Not found, or outside your area."))
        prefix = codes.prefix_of(code)
        if not prefix.startswith(rnd.area_prefix) or not any(prefix.startswith(p) for p in mine):
            raise Http404(_("Not found, or outside your area."))
        return prefix
    inside = sorted((p for p in mine if p.startswith(rnd.area_prefix)), key=len)
    return rnd.area_prefix if not inside or "" in mine else inside[0]


@dataclass
class Unit:
    code: str
    name: str
    files: int = 0
    verified: int = 0
    approved: int = 0
    returned: int = 0
    gap_caregiver: int = 0
    gap_school: int = 0
    incomplete: int = 0
    overdue: bool = False
    signed_off: bool | None = None  # townships only

    @property
    def percent(self) -> int:
        return 100 * self.verified // self.files if self.files else 100


@dataclass
class Board:
    round: Round
    prefix: str
    code: str
    name: str
    units: list[Unit] = field(default_factory=list)
    total: Unit | None = None
    overdue_units: int = 0
    drill: bool = True  # the units have units of their own (not villages)


_SUMS = ("files", "verified", "approved", "returned", "gap_caregiver", "gap_school", "incomplete")


def progress(*, actor: Actor, rnd: Round, code: str | None = None, as_of: date | None = None) -> Board:
    """Files verified / to verify by unit one level below `code` (default: the reader's view of the
    round), with the gaps, the overdue units (past the due date with files not approved) and, for
    townships, the county's sign-off."""
    prefix = view_prefix(actor, rnd, code)
    today = as_of or clock.today()
    length = _NEXT.get(len(prefix), 12)
    rows = (
        RoundTally.objects.filter(round=rnd, village_code__startswith=prefix)
        .annotate(unit=Substr("village_code", 1, length))
        .values("unit")
        .annotate(**{k: Sum(k) for k in _SUMS})
        .order_by("unit")
    )
    units = []
    for r in rows:
        unit = Unit(code=r["unit"], name="")
        for k in _SUMS:
            setattr(unit, k, r[k] or 0)
        units.append(unit)
    full = [codes.code_from_prefix(u.code) for u in units]
    names = dict(
        visible_to(actor, Division)
        .filter(code__in=[*full, codes.code_from_prefix(prefix)])
        .values_list("code", "name")
    )
    signed = set()
    if length == 9:
        signed = set(
            SignOff.objects.filter(round=rnd, township_code__in=full).values_list("township_code", flat=True)
        )
    total = Unit(code=prefix, name=names.get(codes.code_from_prefix(prefix), prefix))
    for u, c in zip(units, full, strict=True):
        u.code = c
        u.name = names.get(c, c)
        u.overdue = today > rnd.due_on and u.approved < u.files
        if length == 9:
            u.signed_off = c in signed
        for k in _SUMS:
            setattr(total, k, getattr(total, k) + getattr(u, k))
    total.overdue = today > rnd.due_on and total.approved < total.files
    return Board(
        round=rnd,
        prefix=prefix,
        code=codes.code_from_prefix(prefix),
        name=total.name,
        units=units,
        total=total,
        overdue_units=sum(1 for u in units if u.overdue),
        drill=length < 12,
    )


@lists_people("round_files", lambda rows: [r.child_id for r in rows])
def round_files(
    *, actor: Actor, rnd: Round, code: str | None = None, state: str | None = None, limit: int = 200
) -> QuerySet[RoundFile]:
    """The round's files in the reader's area (under `code`), to verify first; names only."""
    prefix = view_prefix(actor, rnd, code)
    qs = visible_to(actor, RoundFile).filter(round=rnd, division_code__startswith=prefix)
    if state:
        qs = qs.filter(state=state)
    return (
        qs.select_related("child")
        .only(
            "id",
            "state",
            "sections",
            "version",
            "division_code",
            "return_reason",
            "gap_caregiver",
            "gap_school",
            "missing_fields",
            "child__id",
            "child__name",
            "child__birth_date",
            "round_id",
        )
        .order_by("division_code", "id")[:limit]
    )


def round_file_get(*, actor: Actor, round_file_id: int) -> RoundFile:
    return get_for_actor(
        actor, visible_to(actor, RoundFile).select_related("child", "round"), pk=round_file_id
    )


def round_file_view(*, actor: Actor, round_file_id: int) -> RoundFile:
    """A round's file as read by a person (its checklist or review page): loaded through access and
    audited as a read of the child's file."""
    rf = round_file_get(actor=actor, round_file_id=round_file_id)
    file_viewed(actor=actor, subject=rf.child, subject_type="child", detail={"round": rf.round_id})
    return rf


def spot_checks(*, actor: Actor, rnd: Round) -> list[SpotCheck]:
    """The round's draws the reader may see: those of its own area or above it."""
    mine = actor.scope(Purpose.CASEWORK)
    return [
        s
        for s in SpotCheck.objects.filter(round=rnd).order_by("drawn_at")
        if _overlaps(codes.prefix_of(s.checker_code), mine)
    ]


def spot_check_get(*, actor: Actor, spot_id: int) -> SpotCheck:
    spot = SpotCheck.objects.select_related("round").filter(pk=spot_id).first()
    if spot is None or not _overlaps(codes.prefix_of(spot.checker_code), actor.scope(Purpose.CASEWORK)):
        raise Http404(_("Not found, or outside your area."))
    return spot


@dataclass(frozen=True)
class UnitRate:
    code: str
    name: str
    files: int
    checked: int
    disagrees: int

    @property
    def error_rate(self) -> float | None:
        """Disagreements per checked file; None before any is checked."""
        return round(self.disagrees / self.checked, 4) if self.checked else None


def error_rates(*, actor: Actor, spot: SpotCheck) -> list[UnitRate]:
    """Each drawn unit's files, files checked, disagreements and error rate."""
    rows = (
        visible_to(actor, SpotCheckFile)
        .filter(spot_check=spot)
        .values("unit_code")
        .annotate(
            files=Count("id"),
            checked=Count("id", filter=~Q(result=SpotResult.PENDING)),
            disagrees=Count("id", filter=Q(result=SpotResult.DISAGREES)),
        )
    )
    by_unit = {r["unit_code"]: r for r in rows}
    names = dict(visible_to(actor, Division).filter(code__in=spot.drawn).values_list("code", "name"))
    return [
        UnitRate(
            code=u,
            name=names.get(u, u),
            files=by_unit.get(u, {}).get("files", 0),
            checked=by_unit.get(u, {}).get("checked", 0),
            disagrees=by_unit.get(u, {}).get("disagrees", 0),
        )
        for u in spot.drawn
    ]


@lists_people("spot_check_files", lambda rows: [r.child_id for r in rows])
def spot_files(*, actor: Actor, spot: SpotCheck) -> QuerySet[SpotCheckFile]:
    return (
        visible_to(actor, SpotCheckFile)
        .filter(spot_check=spot)
        .select_related("child")
        .order_by("unit_code", "division_code", "id")
    )


def spot_file_get(*, actor: Actor, sample_id: int) -> SpotCheckFile:
    return get_for_actor(
        actor, visible_to(actor, SpotCheckFile).select_related("child", "spot_check"), pk=sample_id
    )


@lists_people("corrections", lambda rows: [t.child_id for t in rows])
def corrections(*, actor: Actor, open_only: bool = True, limit: int = 200) -> QuerySet[CorrectionTask]:
    """The correction tasks of the reader's area, soonest due first."""
    qs = visible_to(actor, CorrectionTask).select_related("child")
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return qs.order_by("due_on", "id")[:limit]


def correction_get(*, actor: Actor, task_id: int) -> CorrectionTask:
    return get_for_actor(actor, visible_to(actor, CorrectionTask).select_related("child"), pk=task_id)


def files_of(files: QuerySet[SpotCheckFile]) -> dict[str, list[int]]:
    """Drawn file ids by unit (the command line's answer)."""
    out: dict[str, list[int]] = {}
    for unit, child_id in files.values_list("unit_code", "child_id").order_by("unit_code", "child_id"):
        out.setdefault(unit, []).append(child_id)
    return out


STATES = RoundFileState
