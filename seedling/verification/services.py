"""Writes of verification: open a round, confirm a file door to door, review it, sign off a township,
draw a spot check, record its findings, close a correction task (docs/rules/workflow.md).

Each write is one transaction with its audit event; the round's figures (`RoundTally`) change by
deltas in the same transaction (ADR 0010), so a board never counts files.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from seedling.access import Actor, capabilities, visible_to
from seedling.access.capabilities import Capability
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import clock
from seedling.core import division_codes as codes
from seedling.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from seedling.people.enums import FileStatus
from seedling.people.models import Child
from seedling.people.workflow import RETURNABLE_FIELDS
from seedling.regions.models import Division
from seedling.verification import completeness, policy, ratios
from seedling.verification.enums import SECTIONS, RoundFileState, SpotLevel, SpotResult
from seedling.verification.models import (
    CorrectionTask,
    Round,
    RoundFile,
    RoundTally,
    SignOff,
    SpotCheck,
    SpotCheckFile,
)

State = RoundFileState


class StaleRoundFile(StaleEdit):
    """A round's step over a later one (core.errors.StaleEdit, as for the file itself)."""

    code = "round.stale"

    def __init__(self, version: int) -> None:
        super().__init__(
            _("This file was changed after you opened it. Reload it and review it again."),
            code=self.code,
            field="version",
            version=version,
            fields=[],
        )


def _uid(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."), code="auth.required")
    return actor.user_id


# Opening a round ---------------------------------------------------------------------------------


def _opening_division(actor: Actor, division_code: str | None) -> str:
    if division_code:
        code = division_code.strip()
        if not codes.is_code(code):
            raise ValidationFailed(
                _("Enter a 12-digit division code."), code="division.invalid", field="division"
            )
        return code
    held = capabilities.divisions(actor, Capability.ROUND_OPEN)
    if not held:
        raise PermissionDenied(_("Your role does not allow this change here."), code="round.not_allowed")
    return min(held, key=lambda c: (codes.level_of(c), c))


@transaction.atomic
def round_open(
    *,
    actor: Actor,
    name: str,
    due_on: date,
    starts_on: date | None = None,
    division_code: str | None = None,
) -> Round:
    """Open a round over a province, city or county (default: the actor's own): every living file of
    the area (not merged, not dead) is then to be verified. One INSERT … SELECT writes the files, one
    more the villages' figures: opening a round over a million files reads no row into Python."""
    code = _opening_division(actor, division_code)
    capabilities.require(actor, Capability.ROUND_OPEN, code)
    level = codes.level_of(code)
    if level > codes.COUNTY:
        raise ValidationFailed(
            _("A round is opened by a province, a city or a county."), code="round.level", field="division"
        )
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Name the round."), code="round.name", field="name")
    starts_on = starts_on or clock.today()
    if due_on < starts_on:
        raise ValidationFailed(_("The due date is before the start."), code="round.due", field="due_on")
    if not visible_to(actor, Division).filter(code=code).exists():
        raise ValidationFailed(_("No such division in your area."), code="division.outside", field="division")
    prefix = codes.prefix_of(code)
    rnd = Round.objects.create(
        name=name[:100],
        division_code=code,
        area_prefix=prefix,
        level=level,
        starts_on=starts_on,
        due_on=due_on,
        opened_by_id=_uid(actor),
        opened_at=clock.now(),
    )
    files = _insert_round_files(rnd, prefix)
    rnd.files = files
    rnd.save(update_fields=["files"])
    audit_record(
        actor=actor,
        action=Action.ROUND_OPENED,
        division_code=code,
        subject_type="round",
        subject_id=rnd.pk,
        subject_label=rnd.name,
        detail={"files": files, "due_on": due_on.isoformat(), "starts_on": starts_on.isoformat()},
    )
    return rnd


def _insert_round_files(rnd: Round, prefix: str) -> int:
    rf = RoundFile._meta.db_table
    tally = RoundTally._meta.db_table
    child = Child._meta.db_table
    caregiver, school, gap_params = completeness.sql_gap_columns()
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {rf} (round_id, child_id, division_code, state, sections, gap_caregiver,"  # noqa: S608
            f" gap_school, missing_fields, return_reason, version)"
            f" SELECT %s, c.id, c.division_code, %s, '[]', {caregiver}, {school}, c.missing_fields, '', 0"
            f" FROM {child} c WHERE c.division_code LIKE %s AND c.status <> %s AND c.died_on IS NULL",
            [rnd.pk, State.PENDING, *gap_params, prefix + "%", FileStatus.MERGED],
        )
        files = cur.rowcount
        cur.execute(
            f"INSERT INTO {tally} (round_id, village_code, files, verified, approved, returned,"  # noqa: S608
            f" gap_caregiver, gap_school, incomplete)"
            f" SELECT %s, division_code, COUNT(*), 0, 0, 0,"
            f" SUM(CASE WHEN gap_caregiver THEN 1 ELSE 0 END), SUM(CASE WHEN gap_school THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN missing_fields > 0 THEN 1 ELSE 0 END)"
            f" FROM {rf} WHERE round_id = %s GROUP BY division_code",
            [rnd.pk, rnd.pk],
        )
    return files


def _bump(rnd_id: int, village: str, **deltas: int) -> None:
    changes = {k: F(k) + v for k, v in deltas.items() if v}
    if changes:
        RoundTally.objects.filter(round_id=rnd_id, village_code=village).update(**changes)


def _locked_file(actor: Actor, round_file: RoundFile, cap: Capability, version: int | None) -> RoundFile:
    capabilities.require(actor, cap, round_file.division_code)
    locked = RoundFile.unscoped.select_for_update().select_related("child").get(pk=round_file.pk)
    if version is not None and version != locked.version:
        raise StaleRoundFile(locked.version)
    return locked


def _audit_file(actor: Actor, rf: RoundFile, action: str, **detail: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject=rf.child,
        division_code=rf.division_code,
        detail={"round": rf.round_id, "state": rf.state, **detail},
    )


# The village director, door to door ---------------------------------------------------------------


@transaction.atomic
def round_check(
    *, actor: Actor, round_file: RoundFile, sections: Iterable[str], version: int | None = None
) -> RoundFile:
    """The director confirms ledger sections of a file door to door (one tap each; corrections go
    through the normal edit first). With every section confirmed the file is verified, and its
    completeness is computed again from the file as it now stands."""
    rf = _locked_file(actor, round_file, Capability.ROUND_CHECK, version)
    if rf.state not in (State.PENDING, State.RETURNED):
        raise ValidationFailed(
            _("This file is already verified in this round."), code="round.already_verified", field="state"
        )
    wanted = set(sections)
    unknown = wanted - set(SECTIONS)
    if unknown or not wanted:
        raise ValidationFailed(_("Choose a section of the ledger."), code="round.section", field="sections")
    rf.sections = [s for s in SECTIONS if s in wanted or s in rf.sections]
    before = rf.state
    if len(rf.sections) == len(SECTIONS):
        gaps = completeness.gaps_of(rf.child)
        _bump(
            rf.round_id,
            rf.division_code,
            verified=1,
            returned=-1 if before == State.RETURNED else 0,
            gap_caregiver=int(gaps.caregiver) - int(rf.gap_caregiver),
            gap_school=int(gaps.school) - int(rf.gap_school),
            incomplete=int(gaps.missing_fields > 0) - int(rf.missing_fields > 0),
        )
        rf.gap_caregiver, rf.gap_school, rf.missing_fields = gaps.caregiver, gaps.school, gaps.missing_fields
        rf.state, rf.verified_by_id, rf.verified_at = State.VERIFIED, actor.user_id, clock.now()
    rf.version += 1
    rf.save()
    _audit_file(actor, rf, Action.ROUND_FILE_CHECKED, sections=rf.sections)
    return rf


# The township supervisor --------------------------------------------------------------------------


@transaction.atomic
def round_review(
    *, actor: Actor, round_file: RoundFile, approve: bool, version: int, reason: str = ""
) -> RoundFile:
    """The township approves a verified file, or returns it to the director with a reason (the
    director confirms it again). `version` is the one the reviewer loaded."""
    rf = _locked_file(actor, round_file, Capability.ROUND_REVIEW, version)
    if rf.state != State.VERIFIED:
        raise ValidationFailed(
            _("Only a verified file can be reviewed."), code="round.not_verified", field="state"
        )
    reason = reason.strip()
    if approve:
        rf.state = State.APPROVED
        _bump(rf.round_id, rf.division_code, approved=1)
    else:
        if not reason:
            raise ValidationFailed(_("Say why the file is returned."), code="workflow.reason", field="reason")
        rf.state, rf.sections, rf.return_reason = State.RETURNED, [], reason[:300]
        _bump(rf.round_id, rf.division_code, verified=-1, returned=1)
    rf.reviewed_by_id, rf.reviewed_at = actor.user_id, clock.now()
    rf.version += 1
    rf.save()
    _audit_file(actor, rf, Action.ROUND_FILE_REVIEWED, approved=approve, reason=reason)
    return rf


# The county ---------------------------------------------------------------------------------------


@transaction.atomic
def round_sign_off(*, actor: Actor, rnd: Round, township_code: str) -> SignOff:
    """The county signs off one township of the round: every one of its files approved (100 %,
    川民政厅 2020 专项行动实施方案 三（四））."""
    code = township_code.strip()
    if not codes.is_code(code) or codes.level_of(code) != codes.TOWNSHIP:
        raise ValidationFailed(_("Choose a township."), code="round.township", field="township")
    capabilities.require(actor, Capability.ROUND_SIGN_OFF, code)
    prefix = codes.prefix_of(code)
    if not prefix.startswith(rnd.area_prefix):
        raise ValidationFailed(
            _("This township is outside the round."), code="round.outside", field="township"
        )
    totals = RoundTally.objects.filter(round=rnd, village_code__startswith=prefix).aggregate(
        files=Sum("files"), approved=Sum("approved")
    )
    files, approved = totals["files"] or 0, totals["approved"] or 0
    if approved < files:
        raise ValidationFailed(
            _("%(left)s of the township's %(files)s files are not approved yet.")
            % {"left": files - approved, "files": files},
            code="round.not_complete",
            field="township",
        )
    try:
        with transaction.atomic():
            sign_off = SignOff.objects.create(
                round=rnd, township_code=code, by_id=_uid(actor), at=clock.now()
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            _("This township is already signed off."), code="round.signed_off", field="township"
        ) from exc
    audit_record(
        actor=actor,
        action=Action.ROUND_SIGNED_OFF,
        division_code=code,
        subject_type="round",
        subject_id=rnd.pk,
        subject_label=rnd.name,
        detail={"files": files},
    )
    return sign_off


# Spot checks -------------------------------------------------------------------------------------


def _checker(actor: Actor, division_code: str | None) -> str:
    if division_code:
        return division_code.strip()
    held = capabilities.divisions(actor, Capability.SPOT_CHECK)
    if not held:
        raise PermissionDenied(
            str(capabilities.CATALOGUE[Capability.SPOT_CHECK].refusal), code="spot_check.not_allowed"
        )
    return min(held, key=lambda c: (codes.level_of(c), c))


def spot_check_draw(
    *, actor: Actor, rnd: Round, seed: int | None = None, division_code: str | None = None
) -> SpotCheck:
    """A city draws ⌈ratio × its counties⌉, a province ⌈ratio × its cities⌉ (ratios in force in the
    province today), then in each drawn unit a file sample stratified by township. Reproducible from
    the recorded seed; audited; a second draw by the same checker in the same round is refused (and
    the refusal audited): a draw is never silently replaced."""
    checker = _checker(actor, division_code)
    if not codes.is_code(checker):
        raise ValidationFailed(
            _("Enter a 12-digit division code."), code="division.invalid", field="division"
        )
    capabilities.require(actor, Capability.SPOT_CHECK, checker)
    level = codes.level_of(checker)
    if level not in (codes.PROVINCE, codes.CITY):
        raise ValidationFailed(
            _("Spot checks are drawn by a city or a province."), code="spot_check.level", field="division"
        )
    prefix = codes.prefix_of(checker)
    if not prefix.startswith(rnd.area_prefix):
        raise ValidationFailed(
            _("This round does not cover your whole area."), code="spot_check.outside", field="round"
        )
    earlier = SpotCheck.objects.filter(round=rnd, checker_code=checker).first()
    if earlier is not None:
        _refuse_redraw(actor, rnd, checker, earlier)
    try:
        with transaction.atomic():
            return _draw(actor, rnd, checker, level, seed)
    except IntegrityError:  # drawn meanwhile by a colleague
        _refuse_redraw(actor, rnd, checker, SpotCheck.objects.get(round=rnd, checker_code=checker))
        raise  # pragma: no cover - _refuse_redraw raises


def _refuse_redraw(actor: Actor, rnd: Round, checker: str, earlier: SpotCheck) -> None:
    audit_record(
        actor=actor,
        action=Action.SPOT_CHECK_REDRAW_REFUSED,
        division_code=checker,
        subject_type="spotcheck",
        subject_id=earlier.pk,
        subject_label=rnd.name,
        detail={"round": rnd.pk, "seed": earlier.seed},
    )
    raise ValidationFailed(
        _("This round's spot check has already been drawn (seed %(seed)s); it cannot be drawn again.")
        % {"seed": earlier.seed},
        code="spot_check.drawn",
        field="round",
    )


def _draw(actor: Actor, rnd: Round, checker: str, level: int, seed: int | None) -> SpotCheck:
    today = clock.today()
    params = policy.in_force(checker[:2], today)
    unit_level = codes.CITY if level == codes.PROVINCE else codes.COUNTY
    percent = params.province_percent if level == codes.PROVINCE else params.city_percent
    population = list(
        visible_to(actor, Division)
        .filter(code__startswith=codes.prefix_of(checker), level=unit_level, retired_on__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    seed = seed if seed is not None else secrets.randbelow(2**31)
    drawn = ratios.draw_units(population, ratios.units_to_draw(len(population), percent), seed)
    spot = SpotCheck.objects.create(
        round=rnd,
        level=SpotLevel.PROVINCE if level == codes.PROVINCE else SpotLevel.CITY,
        checker_code=checker,
        population=population,
        drawn=drawn,
        seed=seed,
        percent=percent,
        files_per_unit=params.files_per_unit,
        correction_days=params.correction_days,
        drawn_by_id=_uid(actor),
        drawn_at=clock.now(),
    )
    samples = []
    for unit in drawn:
        rows = RoundFile.unscoped.filter(
            round=rnd, division_code__startswith=codes.prefix_of(unit)
        ).values_list("child_id", "division_code")
        where: dict[int, str] = {}
        by_township: dict[str, list[int]] = defaultdict(list)
        for child_id, village in rows.iterator(chunk_size=10_000):
            where[child_id] = village
            by_township[village[:9]].append(child_id)
        for child_id in ratios.draw_files(by_township, params.files_per_unit, ratios.unit_seed(seed, unit)):
            samples.append(
                SpotCheckFile(
                    spot_check=spot, child_id=child_id, division_code=where[child_id], unit_code=unit
                )
            )
    SpotCheckFile.unscoped.bulk_create(samples, batch_size=2000)
    audit_record(
        actor=actor,
        action=Action.SPOT_CHECK_DRAWN,
        division_code=checker,
        subject_type="spotcheck",
        subject_id=spot.pk,
        subject_label=rnd.name,
        detail={"round": rnd.pk, "seed": seed, "percent": percent, "drawn": drawn, "files": len(samples)},
    )
    return spot


@transaction.atomic
def spot_check_record(
    *, actor: Actor, sample: SpotCheckFile, agrees: bool, wrong_fields: Iterable[str] = (), note: str = ""
) -> SpotCheckFile:
    """The checker's finding on one drawn file. A disagreement names the wrong fields and becomes a
    correction task for the county, due after the province's correction days."""
    spot = SpotCheck.objects.get(pk=sample.spot_check_id)
    capabilities.require(actor, Capability.SPOT_CHECK, spot.checker_code)
    sample = SpotCheckFile.unscoped.select_for_update().select_related("child").get(pk=sample.pk)
    if sample.result != SpotResult.PENDING:
        raise ValidationFailed(
            _("This file's finding is already recorded."), code="spot_check.recorded", field="result"
        )
    named = sorted(set(wrong_fields))
    if not agrees:
        if not named:
            raise ValidationFailed(
                _("Name the fields that were wrong."), code="workflow.fields", field="fields"
            )
        unknown = [f for f in named if f not in RETURNABLE_FIELDS]
        if unknown:
            raise ValidationFailed(
                _("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)},
                code="workflow.fields",
                field="fields",
            )
    sample.result = SpotResult.AGREES if agrees else SpotResult.DISAGREES
    sample.wrong_fields = [] if agrees else named
    sample.note = note.strip()[:300]
    sample.checked_by_id, sample.checked_at = actor.user_id, clock.now()
    sample.save()
    if not agrees:
        CorrectionTask(
            sample=sample,
            child_id=sample.child_id,
            division_code=sample.division_code,
            fields=named,
            note=sample.note,
            due_on=clock.today() + timedelta(days=spot.correction_days),
            created_at=clock.now(),
        ).save()
    audit_record(
        actor=actor,
        action=Action.SPOT_CHECK_RECORDED,
        subject=sample.child,
        division_code=sample.division_code,
        detail={"spot_check": spot.pk, "result": sample.result, "fields": named},
    )
    return sample


@transaction.atomic
def correction_resolve(*, actor: Actor, task: CorrectionTask, note: str = "") -> CorrectionTask:
    """The county closes a correction task once the file has been corrected (changed after the task)."""
    capabilities.require(actor, Capability.CORRECTION_RESOLVE, task.division_code)
    task = CorrectionTask.unscoped.select_for_update().select_related("child").get(pk=task.pk)
    if task.resolved_at is not None:
        raise ValidationFailed(_("This task is already closed."), code="correction.closed", field="task")
    if task.child.updated_at is None or task.child.updated_at <= task.created_at:
        raise ValidationFailed(
            _("Correct the file first: it has not changed since the spot check."),
            code="correction.not_corrected",
            field="task",
        )
    task.resolved_by_id, task.resolved_at = actor.user_id, clock.now()
    if note.strip():
        task.note = note.strip()[:300]
    task.save()
    audit_record(
        actor=actor,
        action=Action.CORRECTION_RESOLVED,
        subject=task.child,
        division_code=task.division_code,
        detail={"task": task.pk, "fields": task.fields},
    )
    return task
