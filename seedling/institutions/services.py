"""Institutions writes. Each is one transaction: check, save, audit.

The registry (create, correct, close, villages served) is kept by county staff and above; the
five-haves checklist and the activity log of a children's home by anyone who works on files there,
the village director who runs it included (吉民发〔2018〕41号 一（二））.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from seedling.access import Actor, capabilities, visible_to
from seedling.access.capabilities import Capability
from seedling.audit.services import audit_record, record_changes
from seedling.core import bulk, clock, phones
from seedling.core import division_codes as codes
from seedling.core.errors import StaleEdit, ValidationFailed
from seedling.institutions import rules
from seedling.institutions.enums import KIND_LEVELS, ActivityKind, AuditAction, InstitutionKind, Service
from seedling.institutions.models import HomeActivity, HomeCoverage, Institution, VillageChildCount
from seedling.regions.models import Division, Level
from seedling.workforce.models import Worker


@dataclass(frozen=True)
class InstitutionData:
    """What a registry form says about an institution (everything but kind and division)."""

    name: str
    address: str = ""
    phone: str = ""
    staffing_quota: int | None = None
    actual_staff: int = 0
    social_workers: int = 0
    capacity: int | None = None
    occupancy: int | None = None
    facilities: str = ""
    equipment: str = ""
    services: tuple[str, ...] = ()
    services_note: str = ""
    opened_on: date | None = None


def check_name(name: str, kind: str) -> str:
    """The name, or ValidationFailed: required, and no labelling words on a children's home or
    township station (吉民发〔2018〕41号 二（三））."""
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("Enter the name."), code="institution.name_required", field="name")
    reason = rules.labelling_reason(name, kind)
    if reason is not None:
        raise ValidationFailed(reason.message, code="institution.name_labelling", field="name")
    return name[:100]


def _check_division(kind: str, division: Division) -> None:
    if kind not in InstitutionKind.values:
        raise ValidationFailed(_("Unknown kind of institution."), code="institution.kind", field="kind")
    if not division.is_active:
        raise ValidationFailed(
            _("This division has been retired by a code change; choose its new code."),
            code="institution.division_retired",
            field="division_code",
        )
    if division.level not in KIND_LEVELS[kind]:
        levels = "、".join(str(Level(lv).label) for lv in sorted(KIND_LEVELS[kind]))
        raise ValidationFailed(
            _("A %(kind)s is registered at this level: %(levels)s.")
            % {"kind": InstitutionKind(kind).label, "levels": levels},
            code="institution.division_level",
            field="division_code",
        )


# Staff, beds and children of one institution: far above any real one, and within every database's
# integer column (a larger number overflows PostgreSQL's and fails the save).
MAX_COUNT = 100_000


def _clean(data: InstitutionData, kind: str, today: date) -> dict[str, object]:
    unknown = [s for s in data.services if s not in Service.values]
    if unknown:
        raise ValidationFailed(_("Unknown service."), code="institution.service", field="services")
    for field in ("staffing_quota", "actual_staff", "social_workers", "capacity", "occupancy"):
        value = getattr(data, field)
        if value is not None and not 0 <= value <= MAX_COUNT:
            raise ValidationFailed(
                _("A count must be a whole number from 0 to %(max)s.") % {"max": f"{MAX_COUNT:,}"},
                code="institution.count_range",
                field=field,
            )
    if data.occupancy is not None and data.capacity is not None and data.occupancy > data.capacity:
        raise ValidationFailed(
            _("Occupancy cannot exceed capacity."), code="institution.occupancy", field="occupancy"
        )
    if data.opened_on is not None and data.opened_on > today:
        raise ValidationFailed(
            _("The opening date cannot be in the future."),
            code="institution.opened_future",
            field="opened_on",
        )
    return {
        "name": check_name(data.name, kind),
        "address": data.address.strip()[:200],
        "phone": phones.parse(data.phone),
        "staffing_quota": data.staffing_quota,
        "actual_staff": data.actual_staff,
        "social_workers": data.social_workers,
        "capacity": data.capacity,
        "occupancy": data.occupancy,
        "facilities": data.facilities.strip(),
        "equipment": data.equipment.strip(),
        "services": sorted(set(data.services)),
        "services_note": data.services_note.strip(),
        "opened_on": data.opened_on,
    }


@transaction.atomic
def institution_create(*, actor: Actor, kind: str, division: Division, data: InstitutionData) -> Institution:
    capabilities.require(actor, Capability.INSTITUTION_REGISTER, division.code)
    _check_division(kind, division)
    fields = _clean(data, kind, clock.today())
    institution = Institution.unscoped.create(
        kind=kind, division=division, division_code=division.code, **fields
    )
    if kind == InstitutionKind.CHILDRENS_HOME:
        # A home always serves its own village (吉民发〔2018〕41号 二（一））.
        HomeCoverage.unscoped.create(home=institution, division=division, division_code=division.code)
    audit_record(
        actor=actor,
        action=AuditAction.CREATED,
        subject=institution,
        division_code=division.code,
        detail={"kind": kind},
    )
    return institution


@transaction.atomic
def institution_update(*, actor: Actor, institution: Institution, data: InstitutionData) -> Institution:
    capabilities.require(actor, Capability.INSTITUTION_REGISTER, institution.division_code)
    fields = _clean(data, institution.kind, clock.today())
    record_changes(actor=actor, subject=institution, values=fields, action=AuditAction.UPDATED)
    return institution


@transaction.atomic
def institution_close(*, actor: Actor, institution: Institution, closed_on: date) -> Institution:
    capabilities.require(actor, Capability.INSTITUTION_REGISTER, institution.division_code)
    if institution.closed_on is not None:
        raise ValidationFailed(_("Already closed."), code="institution.closed", field="closed_on")
    if institution.opened_on is not None and closed_on < institution.opened_on:
        raise ValidationFailed(
            _("The closing date cannot be before the opening date."),
            code="institution.closed_before",
            field="closed_on",
        )
    institution.closed_on = closed_on
    institution.save(update_fields=["closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CLOSED,
        subject=institution,
    )
    return institution


@transaction.atomic
def home_checklist_update(
    *,
    actor: Actor,
    home: Institution,
    has_premises: bool,
    has_equipment: bool,
    has_rules: bool,
    manager: Worker | None,
    manager_name: str,
    open_hours: str = "",
) -> Institution:
    """The five-haves checklist of a children's home or township station (the name is checked on
    its own, 吉民发〔2018〕41号 二（三））. `manager` is a worker loaded through the actor's scope."""
    capabilities.require(actor, Capability.HOME_LOG, home.division_code)
    if home.kind not in (InstitutionKind.CHILDRENS_HOME, InstitutionKind.TOWNSHIP_STATION):
        raise ValidationFailed(
            _("The checklist is for children's homes and township stations."), code="institution.not_platform"
        )
    values = {
        "has_premises": has_premises,
        "has_equipment": has_equipment,
        "has_rules": has_rules,
        "manager_id": manager.pk if manager else None,
        "manager_name": (manager.name if manager else " ".join(manager_name.split()))[:50],
        "open_hours": open_hours.strip()[:100],
    }
    record_changes(actor=actor, subject=home, values=values, action=AuditAction.UPDATED)
    return home


@transaction.atomic
def home_cover(*, actor: Actor, home: Institution, villages: Iterable[Division]) -> int:
    """Add villages a regional children's home serves (吉民发〔2018〕41号 二（一）: 联合建立区域性儿童之家).
    Returns how many were added; villages already served are skipped."""
    capabilities.require(actor, Capability.INSTITUTION_REGISTER, home.division_code)
    if home.kind != InstitutionKind.CHILDRENS_HOME:
        raise ValidationFailed(_("Only a children's home serves villages."), code="institution.not_home")
    have = set(visible_to(actor, HomeCoverage).filter(home=home).values_list("division_code", flat=True))
    added = []
    for village in villages:
        capabilities.require(actor, Capability.INSTITUTION_REGISTER, village.code)
        if village.level != codes.VILLAGE or not village.is_active:
            raise ValidationFailed(
                _("Choose current villages or communities."),
                code="institution.cover_level",
                field="division_code",
            )
        if village.code in have:
            continue
        HomeCoverage.unscoped.create(home=home, division=village, division_code=village.code)
        have.add(village.code)
        added.append(village.code)
    if added:
        audit_record(
            actor=actor,
            action=AuditAction.COVERAGE_CHANGED,
            subject=home,
            detail={"added": added},
        )
    return len(added)


@transaction.atomic
def home_uncover(*, actor: Actor, row: HomeCoverage) -> None:
    """A village is no longer served by a regional home (the home's own village always is)."""
    capabilities.require(actor, Capability.INSTITUTION_REGISTER, row.division_code)
    home = row.home
    if row.division_code == home.division_code:
        raise ValidationFailed(_("A home always serves its own village."), code="institution.cover_own")
    code = row.division_code
    row.delete()
    audit_record(
        actor=actor,
        action=AuditAction.COVERAGE_CHANGED,
        subject=home,
        detail={"removed": [code]},
    )


@transaction.atomic
def activity_record(
    *,
    actor: Actor,
    home: Institution,
    held_on: date,
    kind: str,
    title: str,
    participants: int,
    note: str = "",
) -> HomeActivity:
    """Log an activity of a children's home or township station."""
    capabilities.require(actor, Capability.HOME_LOG, home.division_code)
    if home.kind not in (InstitutionKind.CHILDRENS_HOME, InstitutionKind.TOWNSHIP_STATION):
        raise ValidationFailed(
            _("The activity log is for children's homes and township stations."),
            code="institution.not_platform",
        )
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Choose a kind of activity."), code="activity.kind", field="kind")
    if held_on > clock.today():
        raise ValidationFailed(
            _("Log an activity once it has taken place."), code="activity.future", field="held_on"
        )
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Describe the activity."), code="activity.title", field="title")
    activity = HomeActivity.unscoped.create(
        home=home,
        held_on=held_on,
        kind=kind,
        title=title[:100],
        participants=participants,
        note=note.strip(),
        recorded_by_id=actor.user_id,
        division_code=home.division_code,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ACTIVITY_RECORDED,
        subject=home,
        detail={"activity": activity.pk},
    )
    return activity


def on_divisions_recoded(moves: dict[str, str], *, counts: dict[str, int], dry_run: bool) -> None:
    """core.hooks.divisions_recoded handler: this app's rows at an old division code move to the new
    one (or are counted, `dry_run`), in the change's transaction (docs/rules/workflow.md#dm-2)."""
    bulk.recode_models(
        (
            Institution,
            HomeCoverage,
            HomeActivity,
        ),
        moves,
        counts=counts,
        dry_run=dry_run,
    )


# --- a village's child population (H-1) ------------------------------------------------------------

FIRST_YEAR = 2000  # no statistics older than this are entered
SOURCE_MAX = 100


def check_child_count(*, village: Division, year: int, children: int, source: str, today: date) -> str:
    """The cleaned source text, or ValidationFailed with a Chinese message naming what is wrong."""
    if village.level != codes.VILLAGE:
        raise ValidationFailed(
            _("A child population is entered for a village or community (a 12-digit village code)."),
            code="child_count.level",
            field="division_code",
        )
    if not village.is_active:
        raise ValidationFailed(
            _("This division has been retired by a code change; choose its new code."),
            code="child_count.division_retired",
            field="division_code",
        )
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationFailed(
            _("The year must be from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": today.year},
            code="child_count.year",
            field="year",
        )
    if not 0 <= children <= MAX_COUNT:
        raise ValidationFailed(
            _("The number of children must be a whole number from 0 to %(max)s.") % {"max": f"{MAX_COUNT:,}"},
            code="child_count.range",
            field="children",
        )
    source = " ".join(source.split())
    if not source:
        raise ValidationFailed(
            _("Say where the figure comes from (e.g. 2025年统计年报)."),
            code="child_count.source_required",
            field="source",
        )
    if len(source) > SOURCE_MAX:
        raise ValidationFailed(
            _("The source may have at most %(max)s characters.") % {"max": SOURCE_MAX},
            code="child_count.source_long",
            field="source",
        )
    return source


@transaction.atomic
def child_count_set(
    *,
    actor: Actor,
    village: Division,
    year: int,
    children: int,
    source: str,
    version: int | None = None,
) -> tuple[VillageChildCount, bool]:
    """Enter a village's child population for a year (docs/rules/coverage.md#h-1). Returns the row and
    whether anything changed: the same figure entered again changes nothing (imports are idempotent).

    `version` is what an editor loaded: 0 for a new figure, the row's version for a correction. A
    figure entered or corrected since is not overwritten (StaleEdit); `version=None` (the yearly
    import) replaces it."""
    capabilities.require(actor, Capability.CHILD_COUNT_ENTER, village.code)
    source = check_child_count(
        village=village, year=year, children=children, source=source, today=clock.today()
    )
    row = VillageChildCount.unscoped.select_for_update().filter(division_code=village.code, year=year).first()
    if row is not None and (row.children, row.source) == (children, source):
        return row, False
    if version is not None and (row.version if row is not None else 0) != version:
        who = (row.entered_by.username if row is not None and row.entered_by else "") or _("someone")
        raise StaleEdit(
            _(
                "%(who)s entered this village's figure for %(year)s after you opened the form "
                "(now %(children)s children); reload and check before saving."
            )
            % {"who": who, "year": year, "children": row.children if row is not None else "—"},
            code="child_count.stale",
            version=row.version if row is not None else 0,
            fields=[_("number of children"), _("source")],
        )
    before = None if row is None else {"children": row.children, "source": row.source}
    now = clock.now()
    if row is None:
        row = VillageChildCount.unscoped.create(
            division=village,
            division_code=village.code,
            year=year,
            children=children,
            source=source,
            entered_by_id=actor.user_id,
            entered_at=now,
        )
    else:
        row.children, row.source = children, source
        row.entered_by_id, row.entered_at = actor.user_id, now
        row.version += 1
        row.save(update_fields=["children", "source", "entered_by", "entered_at", "version"])
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_COUNT_SET,
        division_code=village.code,
        subject_type="village_child_count",
        subject_id=row.pk,
        subject_label=f"{village.code} {year}",
        detail={"year": year, "children": children, "source": source, "before": before},
    )
    return row, True
