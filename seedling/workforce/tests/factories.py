"""Synthetic supervisors and directors for tests (every person here is invented)."""

from __future__ import annotations

from datetime import date

from seedling.access import Actor
from seedling.core import identity
from seedling.regions.models import Division
from seedling.workforce import services
from seedling.workforce.models import Worker

TODAY = date(2025, 6, 30)


def id_number(seq: int, *, born: date = date(1985, 3, 1), sex: str = "女", place: str = "360313") -> str:
    return identity.compose(place, born, seq, sex)


def register(
    actor: Actor,
    seq: int,
    code: str,
    *,
    role: str = "director",
    name: str | None = None,
    appointed_on: date = date(2024, 1, 1),
    phone: str = "",
    employment: str = "part_time",
) -> Worker:
    return services.worker_create(
        actor=actor,
        name=name or f"测试{seq}",
        id_number=id_number(seq),
        phone=phone,
        role=role,
        division=Division.unscoped.get(code=code),
        post="妇女主任" if role == "director" else "民政办干部",
        employment=employment,
        appointed_on=appointed_on,
    )
