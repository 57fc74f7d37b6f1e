"""Verification pages: rounds and their progress boards, the director's phone checklist, the township's
review, the county's sign-off, the city's and province's spot checks, the county's correction tasks.
Parse, call one service or selector, render. Every view is @scoped; reads go through
verification.selectors (scoped), writes through verification.services (capability at the place)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.verification import selectors, services
from seedling.verification.enums import SECTIONS, Section
from seedling.web.forms import submit
from seedling.web.policies import views as policy_pages
from seedling.web.verification.forms import DrawForm, RecordForm, ReviewForm, RoundForm, SpotCheckRatiosForm

casework = scoped(may=Capability.FILE_WORK)


@casework
@require_http_methods(["GET", "POST"])
def round_list(request: ActorRequest) -> HttpResponse:
    """The rounds of the reader's area; provinces, cities and counties open one here."""
    actor = request.actor
    may_open = capabilities.may(actor, Capability.ROUND_OPEN)
    form = RoundForm(request.POST or None) if may_open else None
    if form is not None:
        done = submit(
            request,
            form,
            lambda **d: services.round_open(
                actor=actor,
                name=d["name"],
                due_on=d["due_on"],
                starts_on=d["starts_on"],
                division_code=d["division_code"] or None,
            ),
            saved=lambda r: _("Round opened: %(n)s files to verify.") % {"n": r.files},
            then=lambda r: redirect("verification:round", round_id=r.pk),
        )
        if done:
            return done
    rounds = selectors.rounds_for(actor=actor)
    return render(request, "verification/rounds.html", {"rounds": rounds, "form": form})


@casework
@require_GET
def round_board(request: ActorRequest, round_id: int) -> HttpResponse:
    """The progress board of the reader's unit (or of `?code=`, a unit below), with drill-down."""
    actor = request.actor
    rnd = selectors.round_get(actor=actor, round_id=round_id)
    board = selectors.progress(actor=actor, rnd=rnd, code=request.GET.get("code") or None)
    context: dict[str, Any] = {
        "board": board,
        "round": rnd,
        "may_check": capabilities.may(actor, Capability.ROUND_CHECK),
        "may_review": capabilities.may(actor, Capability.ROUND_REVIEW),
        "may_sign_off": capabilities.may(actor, Capability.ROUND_SIGN_OFF, board.code),
        "may_draw": capabilities.may(actor, Capability.SPOT_CHECK),
        "spot_checks": selectors.spot_checks(actor=actor, rnd=rnd),
        "draw_form": DrawForm(),
    }
    return render(request, "verification/board.html", context)


@casework
@require_GET
def round_files(request: ActorRequest, round_id: int) -> HttpResponse:
    """The round's files of the reader's area: the director's checklist, the township's queue
    (`?state=verified`)."""
    actor = request.actor
    rnd = selectors.round_get(actor=actor, round_id=round_id)
    state = request.GET.get("state") or None
    if state not in (None, *selectors.STATES.values):
        state = None
    rows = selectors.round_files(actor=actor, rnd=rnd, code=request.GET.get("code") or None, state=state)
    return render(request, "verification/files.html", {"round": rnd, "rows": rows, "state": state})


@casework
@require_GET
def round_file(request: ActorRequest, file_id: int) -> HttpResponse:
    """One file of a round: the director's one-tap checklist, or the township's review."""
    actor = request.actor
    rf = selectors.round_file_view(actor=actor, round_file_id=file_id)
    sections = [(s, Section(s).label, s in rf.sections) for s in SECTIONS]
    return render(
        request,
        "verification/file.html",
        {
            "rf": rf,
            "sections": sections,
            "may_check": capabilities.may(actor, Capability.ROUND_CHECK, rf.division_code),
            "may_review": capabilities.may(actor, Capability.ROUND_REVIEW, rf.division_code),
            "review_form": ReviewForm(initial={"version": rf.version}),
        },
    )


@scoped(may=Capability.ROUND_CHECK)
@require_POST
def check(request: ActorRequest, file_id: int) -> HttpResponse:
    """One tap: a section of the ledger confirmed door to door."""
    actor = request.actor
    rf = selectors.round_file_get(actor=actor, round_file_id=file_id)
    section = request.POST.get("section", "")
    submit(request, None, lambda: services.round_check(actor=actor, round_file=rf, sections=[section]))
    return redirect("verification:file", file_id=file_id)


@scoped(may=Capability.ROUND_REVIEW)
@require_POST
def review(request: ActorRequest, file_id: int) -> HttpResponse:
    actor = request.actor
    rf = selectors.round_file_get(actor=actor, round_file_id=file_id)
    submit(
        request,
        ReviewForm(request.POST),
        lambda **kw: services.round_review(actor=actor, round_file=rf, **kw),
        saved=_("Review recorded."),
    )
    return redirect(f"{reverse('verification:files', args=[rf.round_id])}?state=verified")


@scoped(may=Capability.ROUND_SIGN_OFF)
@require_POST
def sign_off(request: ActorRequest, round_id: int) -> HttpResponse:
    actor = request.actor
    rnd = selectors.round_get(actor=actor, round_id=round_id)
    township = request.POST.get("township", "")
    submit(
        request,
        None,
        lambda: services.round_sign_off(actor=actor, rnd=rnd, township_code=township),
        saved=_("Township signed off."),
    )
    return redirect("verification:round", round_id=round_id)


@scoped(may=Capability.SPOT_CHECK)
@require_POST
def draw(request: ActorRequest, round_id: int) -> HttpResponse:
    actor = request.actor
    rnd = selectors.round_get(actor=actor, round_id=round_id)
    form = DrawForm(request.POST)
    done = submit(
        request,
        form,
        lambda seed, division_code: services.spot_check_draw(
            actor=actor, rnd=rnd, seed=seed, division_code=division_code or None
        ),
        saved=lambda s: (
            _("Drawn: %(units)s (seed %(seed)s).") % {"units": "、".join(s.drawn), "seed": s.seed}
        ),
        then=lambda s: redirect("verification:spot", spot_id=s.pk),
    )
    if done:
        return done
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("verification:round", round_id=round_id)


@casework
@require_GET
def spot(request: ActorRequest, spot_id: int) -> HttpResponse:
    """A draw: its population, units, seed, files and each unit's error rate."""
    actor = request.actor
    s = selectors.spot_check_get(actor=actor, spot_id=spot_id)
    return render(
        request,
        "verification/spot.html",
        {
            "spot": s,
            "rates": selectors.error_rates(actor=actor, spot=s),
            "files": selectors.spot_files(actor=actor, spot=s),
            "may_record": capabilities.may(actor, Capability.SPOT_CHECK, s.checker_code),
            "form": RecordForm(),
        },
    )


@scoped(may=Capability.SPOT_CHECK)
@require_POST
def record(request: ActorRequest, sample_id: int) -> HttpResponse:
    actor = request.actor
    sample = selectors.spot_file_get(actor=actor, sample_id=sample_id)
    submit(
        request,
        RecordForm(request.POST),
        lambda **kw: services.spot_check_record(actor=actor, sample=sample, **kw),
        saved=_("Finding recorded."),
    )
    return redirect("verification:spot", spot_id=sample.spot_check_id)


@casework
@require_GET
def corrections(request: ActorRequest) -> HttpResponse:
    """The spot checks' correction tasks of the reader's area, soonest due first."""
    actor = request.actor
    return render(
        request,
        "verification/corrections.html",
        {
            "tasks": selectors.corrections(actor=actor),
            "may_resolve": capabilities.may(actor, Capability.CORRECTION_RESOLVE),
        },
    )


@scoped(may=Capability.CORRECTION_RESOLVE)
@require_POST
def resolve(request: ActorRequest, task_id: int) -> HttpResponse:
    actor = request.actor
    task = selectors.correction_get(actor=actor, task_id=task_id)
    submit(
        request,
        None,
        lambda: services.correction_resolve(actor=actor, task=task, note=request.POST.get("note", "")),
        saved=_("Correction closed."),
    )
    return redirect("verification:corrections")


# --- provincial spot-check ratios ------------------------------------------------------------------


@scoped(may=Capability.POLICY_READ)
@require_GET
def ratios_start(request: ActorRequest) -> HttpResponse:
    return policy_pages.province_start(request, SpotCheckRatiosForm, "verification:ratios")


@scoped(may=Capability.POLICY_READ)
@require_http_methods(["GET", "POST"])
def ratios(request: ActorRequest, province: str) -> HttpResponse:
    """A province's spot-check ratios: every dated version, and a new one by its own staff."""
    return policy_pages.version_page(
        request,
        SpotCheckRatiosForm,
        province,
        to="verification:ratios",
        saved=lambda _row: _("Spot-check ratios saved."),
    )
