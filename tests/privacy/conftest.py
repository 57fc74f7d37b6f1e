"""The world the privacy tests walk: the demo set, plus a person of every other kind a page shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.core import clock
from seedling.core.identity import compose
from seedling.demo.children import seed_children
from seedling.people import services
from seedling.people.models import Child
from seedling.people.records import WomanRecord
from seedling.regions.models import Division
from tests.privacy.walk import VILLAGE


@pytest.fixture
def world(world: None) -> dict[str, Any]:
    """The demo set of children and a woman, a director, a training, a children's home and a care need."""
    county = actor_for_user(User.objects.get(username="demo-county"))
    villages = list(
        Division.unscoped.filter(code__startswith="360313001", level=5)
        .order_by("code")
        .values_list("code", flat=True)
    )[:3]
    today = clock.today()
    seed_children(actor=county, villages=villages, today=today)
    if not Child.unscoped.filter(hiv=True).exists():  # a seed without the HIV grant files none
        hiv_rec = services.child_record(Child.unscoped.filter(division_code=VILLAGE).first())
        hiv_rec.id_number, hiv_rec.name, hiv_rec.hiv = "", "温小禾", True
        hiv_rec.no_hukou, hiv_rec.birth_date, hiv_rec.sex = True, date(2016, 3, 1), "female"
        hiv_rec.declared_categories = ["hiv_infected"]
        services.child_create(actor=county, record=hiv_rec)
    woman = services.woman_save(
        actor=county,
        record=WomanRecord(
            division_code=VILLAGE,
            name="许桂兰",
            id_number=compose("360313", date(1982, 3, 15), 2, "女"),
            hukou_type="rural",
            residence="rural",
            phone="13912345670",
            husband_name="温建华",
            husband_id_number=compose("360313", date(1980, 1, 1), 1, "男"),
            husband_away_since=date(2024, 1, 1),
            health="腰椎间盘突出（演示）",
        ),
    )
    from seedling.workforce import services as workforce

    director = workforce.worker_create(
        actor=county,
        name="欧阳丽",
        id_number=compose("360313", date(1990, 5, 5), 3, "女"),
        phone="13712345678",
        role="director",
        division=Division.unscoped.get(code=VILLAGE),
        post="儿童主任",
        employment="part_time",
        appointed_on=date(2024, 1, 1),
    )
    workforce.worker_link_user(actor=county, worker=director, username="demo-village")
    event = workforce.training_create(
        actor=county,
        title="儿童主任年度培训",
        kind="annual",
        held_on=date(2025, 3, 1),
        hours=Decimal("8"),
        content="个案发现与报告",
        division=Division.unscoped.get(code="360313000000"),
    )
    attendance = workforce.attendance_record(actor=county, event=event, worker=director, passed=True)
    item = workforce.duty_item_add(
        actor=county,
        duty_list="responsibility",
        text="每月走访高风险儿童",
        division=Division.unscoped.get(code="360313001000"),
    )
    from seedling.institutions import services as institutions

    home = institutions.institution_create(
        actor=county,
        kind="childrens_home",
        division=Division.unscoped.get(code=VILLAGE),
        data=institutions.InstitutionData(name="新街儿童之家", phone="0799-1234567"),
    )
    from seedling.visits import services as visits

    harmed = Child.unscoped.filter(harm_events__isnull=False).first()
    need = visits.care_need_add(actor=county, child=harmed, area="psychology", detail="心理疏导")
    from seedling.statistics import selectors as statistics
    from seedling.statistics import services as figures

    # Issued by the HIV grant's holder, read by every unit it names: it must carry no HIV count.
    bulletin = figures.bulletin_issue(
        actor=county,
        area=statistics.area_for(actor=county, code="360313000000"),
        month=today.replace(day=1),
        deadline=None,
    )
    from seedling.verification import services as verification
    from seedling.verification.models import RoundFile, SpotCheckFile

    province = actor_for_user(User.objects.get(username="demo-province"))
    city = actor_for_user(User.objects.get(username="demo-city"))
    rnd = verification.round_open(actor=province, name="2026年第四季度核实", due_on=date(2026, 12, 31))
    spot = verification.spot_check_draw(actor=city, rnd=rnd, seed=3, division_code="360300000000")
    sample = SpotCheckFile.unscoped.filter(spot_check=spot).order_by("pk").first()
    task = None
    if sample is not None:
        verification.spot_check_record(actor=city, sample=sample, agrees=False, wrong_fields=["home_address"])
        task = sample.task
    return {
        "round": rnd,
        "round_file": RoundFile.unscoped.filter(round=rnd, division_code=VILLAGE).order_by("pk").first(),
        "spot": spot,
        "sample": sample,
        "task": task,
        "woman": woman,
        "worker": director,
        "appointment": director.appointments.first(),
        "event": event,
        "attendance": attendance,
        "item": item,
        "home": home,
        "row": home.covered.first(),
        "need": need,
        "bulletin": bulletin,
    }
