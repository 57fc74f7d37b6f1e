"""Walking every output: the URL patterns, a value for each of their parameters, concrete paths.

Shared by the privacy tests (what each role receives, and that every read of a file is audited)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver

from seedling.accounts.models import User
from seedling.people.models import Child

VILLAGE = "360313001001"  # 新街居委会: where the demo's sensitive children live


def patterns(resolver: Any = None, prefix: str = "", ns: str = "") -> list[tuple[str, str]]:
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            out += patterns(p, prefix + str(p.pattern), f"{ns}{p.namespace}:" if p.namespace else ns)
        elif isinstance(p, URLPattern):
            out.append((f"{ns}{p.name}", prefix + str(p.pattern)))
    return out


def values_for(world: dict[str, Any], username: str) -> dict[str, list[str]]:
    sensitive = list(
        Child.unscoped.filter(division_code=VILLAGE)
        .filter(
            Q(hiv=True)
            | Q(harm_events__isnull=False)
            | Q(parents__situations__kind="imprisoned")
            | Q(illness__gt="")
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    user = User.objects.get(username=username)
    home = (
        sorted(a.division_code for a in user.assignments.all())[0] if user.assignments.exists() else VILLAGE
    )
    return {
        "child_id": [str(i) for i in sensitive],
        "woman_id": [str(world["woman"].pk)],
        "worker_id": [str(world["worker"].pk)],
        "code": sorted({VILLAGE, home}),
        "province": ["36"],
        "category": [
            "left_behind",
            "in_difficulty",
            "de_facto_unsupported",
            "improper_guardianship",
            "orphan",
            "hiv_infected",
            "left_behind_woman",
        ],
        "user_id": [str(user.pk)],
        "appointment_id": [str(world["appointment"].pk)],
        "event_id": [str(world["event"].pk)],
        "attendance_id": [str(world["attendance"].pk)],
        "item_id": [str(world["item"].pk)],
        "institution_id": [str(world["home"].pk)],
        "row_id": [str(world["row"].pk)],
        "need_id": [str(world["need"].pk)],
        **_protection(sensitive[0]),
        "bulletin_id": [str(world["bulletin"].pk)],
        "round_id": [str(world["round"].pk)],
        "file_id": [str(world["round_file"].pk)],
        "spot_id": [str(world["spot"].pk)],
        **({"sample_id": [str(world["sample"].pk)]} if world["sample"] else {}),
        **({"task_id": [str(world["task"].pk)]} if world["task"] else {}),
    }


def _protection(child_id: int) -> dict[str, list[str]]:
    """A case and an application about one of the village's sensitive children, made once."""
    import uuid

    from seedling.accounts.actors import actor_for_user
    from seedling.core import clock
    from seedling.protection import services
    from seedling.protection.models import Application, Case

    case = Case.unscoped.filter(child_id=child_id).first()
    app = Application.unscoped.filter(child_id=child_id).first()
    if case is None or app is None:
        child = Child.unscoped.get(pk=child_id)
        director = actor_for_user(User.objects.get(username="demo-village"))
        case = services.report_raise(
            actor=director,
            data=services.ReportInput(
                client_token=uuid.uuid4(), trigger="harm", seen_at=clock.now(), child=child, seen="走访发现"
            ),
        ).case
        app = services.application_lodge(
            actor=director,
            data=services.ApplicationInput(
                category="orphan",
                applicant_kind="village",
                applicant_name="新街居委会",
                complete_on=clock.today(),
                child=child,
            ),
        )
    return {"case_id": [str(case.pk)], "kind": ["police"], "app_id": [str(app.pk)]}


def fill(route: str, values: dict[str, list[str]]) -> list[tuple[str, str | None]] | None:
    """Concrete paths for a route (with the child they are about), or None when a parameter has no value."""
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    paths: list[tuple[str, str | None]] = [(route, None)]
    for name in params:
        if name not in values:
            return None
        paths = [
            (re.sub(rf"<(?:\w+:)?{name}>", v, p, count=1), v if name == "child_id" else about)
            for p, about in paths
            for v in values[name]
        ]
    return paths
