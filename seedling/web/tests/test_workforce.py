"""Workforce pages through HTTP: the coverage page against a direct count, explanations one level up,
the roster with masking, scope, and query counts."""

from __future__ import annotations

import io
import itertools
import re
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seedling.audit.models import AuditEvent
from seedling.regions.models import Division
from seedling.workforce import services
from seedling.workforce.models import Appointment, MismatchExplanation, Worker
from seedling.workforce.tests.factories import id_number, register

pytestmark = pytest.mark.django_db

XIANGDONG = "360313000000"
XIASHANKOU = "360313001000"
XINJIE = "360313001001"


def figures(html: str, block_id: str = "root-figures") -> dict[str, str]:
    block = re.search(rf'<dl class="figures" id="{block_id}">(.*?)</dl>', html, re.S)
    assert block is not None
    return dict(re.findall(r'data-figure="(\w+)">([^<]*)<', block.group(1)))


def child_rows(html: str) -> dict[str, dict[str, str]]:
    rows = re.findall(r'<tr data-code="(\d{12})">(.*?)</tr>', html, re.S)
    return {code: dict(re.findall(r'data-figure="(\w+)">([^<]*)<', body)) for code, body in rows}


def staff_the_county(actor) -> list[Worker]:
    villages = list(
        Division.unscoped.filter(parent_id=XIASHANKOU, retired_on__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    workers = [
        register(actor, 1, XIASHANKOU, role="supervisor"),
        register(actor, 2, "360313101000", role="supervisor"),
    ]
    workers += [register(actor, 10 + i, code) for i, code in enumerate(villages[:4])]
    services.appointment_add(
        actor=actor,
        worker=workers[2],
        role="director",
        division=Division.unscoped.get(code=villages[5]),
        post="",
        employment="part_time",
        appointed_on=date(2024, 6, 1),
    )
    register(actor, 20, "360313101003", appointed_on=date(2020, 1, 1))
    old = register(actor, 21, "360313101200", appointed_on=date(2020, 1, 1))
    services.appointment_end(
        actor=actor, appointment=Appointment.unscoped.get(worker=old), left_on=date(2025, 1, 1)
    )
    return workers


def direct_counts(prefix: str) -> dict[str, str]:
    """The figures counted straight from the tables, independently of the coverage module."""
    current = Appointment.unscoped.filter(
        division_code__startswith=prefix, appointed_on__lte=date(2025, 6, 30)
    ).exclude(left_on__lte=date(2025, 6, 30))
    townships = Division.unscoped.filter(code__startswith=prefix, level=4, retired_on__isnull=True)
    villages = Division.unscoped.filter(code__startswith=prefix, level=5, retired_on__isnull=True)
    sup = current.filter(role="supervisor")
    dirs = current.filter(role="director")
    t_cov = townships.filter(code__in=sup.values("division_code")).count()
    v_cov = villages.filter(code__in=dirs.values("division_code")).count()

    def pct(a: int, b: int) -> str:
        from decimal import ROUND_HALF_UP, Decimal

        return (
            f"{(Decimal(100 * a) / Decimal(b)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
            if b
            else "—"
        )

    return {
        "townships": str(townships.count()),
        "townships_covered": str(t_cov),
        "township_pct": pct(t_cov, townships.count()),
        "supervisors": str(sup.values("worker_id").distinct().count()),
        "villages": str(villages.count()),
        "villages_covered": str(v_cov),
        "village_pct": pct(v_cov, villages.count()),
        "directors": str(dirs.values("worker_id").distinct().count()),
    }


def test_coverage_page_numbers_equal_a_direct_count(actor_of, client_of, frozen) -> None:
    staff_the_county(actor_of("demo-county"))
    county_page = (
        client_of("demo-county").get(reverse("workforce:coverage", args=[XIANGDONG])).content.decode()
    )
    assert (
        figures(county_page)
        == direct_counts("360313")
        == {
            "townships": "11",
            "townships_covered": "2",
            "township_pct": "18.2%",
            "supervisors": "2",
            "villages": "152",
            "villages_covered": "6",
            "village_pct": "3.9%",
            "directors": "5",
        }
    )
    rows = child_rows(county_page)
    assert len(rows) == 11
    for code, row in rows.items():
        expected = direct_counts(code[:9])
        assert row == {
            k: expected[k]
            for k in (
                "townships_covered",
                "townships",
                "supervisors",
                "villages_covered",
                "villages",
                "directors",
            )
        }, code
    # The city's page counts the same county the same way, and every county of the city.
    city_page = (
        client_of("demo-city").get(reverse("workforce:coverage", args=["360300000000"])).content.decode()
    )
    assert figures(city_page) == direct_counts("3603")
    assert child_rows(city_page)["360313000000"]["villages_covered"] == "6"


def test_drill_down_from_province_to_village(actor_of, client_of, frozen) -> None:
    staff_the_county(actor_of("demo-county"))
    client = client_of("demo-province")
    chain = ["360000000000", "360300000000", XIANGDONG, XIASHANKOU, XINJIE]
    for parent, child in itertools.pairwise(chain):
        body = client.get(reverse("workforce:coverage", args=[parent])).content.decode()
        assert reverse("workforce:coverage", args=[child]) in body, parent
    village = client.get(reverse("workforce:coverage", args=[XINJIE])).content.decode()
    assert figures(village) == {
        "villages": "1",
        "villages_covered": "1",
        "village_pct": "100.0%",
        "directors": "1",
    }
    assert "测试10" in village
    assert client_of("demo-village").get(reverse("workforce:coverage_start"))["Location"] == reverse(
        "workforce:coverage", args=[XINJIE]
    )


def test_explanation_is_filed_and_visible_one_level_up(actor_of, client_of, frozen) -> None:
    staff_the_county(actor_of("demo-county"))
    text = "湘东区有9个乡镇的儿童督导员正在选配，预计7月底前配齐；一名儿童主任兼管两个村。"
    county = client_of("demo-county")
    url = reverse("workforce:coverage", args=[XIANGDONG])
    response = county.post(url, {"kind": "supervisor", "text": text})
    assert response.status_code == 302
    explanation = MismatchExplanation.unscoped.get()
    assert (explanation.division_code, explanation.kind, explanation.figures) == (
        XIANGDONG,
        "supervisor",
        (11, 2, 2),
    )
    assert text in county.get(url).content.decode()
    # One level up: the city sees it on the county's row.
    city = client_of("demo-city")
    city_url = reverse("workforce:coverage", args=["360300000000"])
    row = re.search(r'<tr data-code="360313000000">(.*?)</tr>', city.get(city_url).content.decode(), re.S)
    assert row is not None and text[:40] in row.group(1)
    # The other county and the township do not see it; a township cannot file one.
    assert client_of("demo-county-b").get(url).status_code == 404
    assert (
        client_of("demo-township")
        .post(reverse("workforce:coverage", args=[XIASHANKOU]), {"kind": "supervisor", "text": text})
        .status_code
        == 403
    )
    # The city collects it for the province, which then sees it.
    assert (
        city.post(
            reverse("workforce:coverage_forward", args=["360300000000"]), {"note": "萍乡市汇总"}
        ).status_code
        == 302
    )
    explanation.refresh_from_db()
    assert explanation.summary is not None and explanation.summary.division_code == "360300000000"
    province = (
        client_of("demo-province").get(reverse("workforce:coverage", args=["360000000000"])).content.decode()
    )
    assert 'id="summaries"' in province and text[:40] in province and "萍乡市汇总" in province
    assert AuditEvent.unscoped.filter(action__in=["mismatch_explained", "mismatch_forwarded"]).count() == 2


def test_explanation_needs_text(client_of, frozen) -> None:
    response = client_of("demo-county").post(
        reverse("workforce:coverage", args=[XIANGDONG]), {"kind": "director", "text": "太短"}
    )
    assert response.status_code == 200 and not MismatchExplanation.unscoped.exists()


def test_roster_masks_below_the_county(actor_of, client_of, frozen) -> None:
    register(actor_of("demo-county"), 30, XINJIE, phone="13812345678")
    number = id_number(30)
    county = client_of("demo-county").get(reverse("workforce:worker_list")).content.decode()
    assert number in county and "13812345678" in county
    assert reverse("workforce:worker_create") in county
    township = client_of("demo-township").get(reverse("workforce:worker_list")).content.decode()
    assert reverse("workforce:worker_create") not in township
    assert number not in township and f"{number[:6]}********{number[-4:]}" in township
    assert "138****5678" in township
    assert (
        client_of("demo-county-b")
        .get(reverse("workforce:worker_list"))
        .content.decode()
        .count("data-worker=")
        == 0
    )
    assert client_of("demo-auditor").get(reverse("workforce:worker_list")).status_code == 403


def test_roster_list_query_count_does_not_grow(actor_of, client_of, frozen) -> None:
    county = actor_of("demo-county")
    client = client_of("demo-county")
    register(county, 40, XINJIE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("workforce:worker_list")).status_code == 200
    for i in range(41, 49):
        register(county, i, "360313001003")
    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("workforce:worker_list")).content.decode()
    assert body.count("data-worker=") == 9
    assert len(many) == len(few)


def test_coverage_page_query_count_does_not_grow(actor_of, client_of, frozen) -> None:
    county = actor_of("demo-county")
    client = client_of("demo-county")
    url = reverse("workforce:coverage", args=[XIANGDONG])
    register(county, 90, XINJIE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i, code in enumerate(["360313001003", "360313101003", "360313101200"]):
        register(county, 91 + i, code)
    services.explanation_file(
        actor=county,
        division=Division.unscoped.get(code=XIANGDONG),
        kind="director",
        text="正在补充选配儿童主任。",
        as_of=frozen,
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_worker_file_is_audited_and_scoped(actor_of, client_of, frozen) -> None:
    worker = register(actor_of("demo-county"), 50, XINJIE, phone="13812345678")
    url = reverse("workforce:worker_detail", args=[worker.pk])
    body = client_of("demo-township").get(url).content.decode()
    assert "测试50" in body and "13812345678" in body and id_number(50) not in body  # phone clear, ID masked
    assert AuditEvent.unscoped.filter(action="file_viewed", subject_id=str(worker.pk)).count() == 1
    assert client_of("demo-county-b").get(url).status_code == 404
    # Another county can neither end the post nor edit the person.
    post = Appointment.unscoped.get(worker=worker)
    b = client_of("demo-county-b")
    assert (
        b.post(reverse("workforce:appointment_end", args=[post.pk]), {"left_on": "2025-06-01"}).status_code
        == 404
    )
    assert b.post(reverse("workforce:worker_edit", args=[worker.pk]), {"name": "改名"}).status_code == 404
    post.refresh_from_db()
    worker.refresh_from_db()
    assert post.left_on is None and worker.name == "测试50"


def test_register_through_the_form(client_of, frozen) -> None:
    client = client_of("demo-county")
    data = {
        "name": "表单主任",
        "id_number": id_number(60).lower(),
        "phone": "13900000060",
        "role": "director",
        "division_code": XINJIE,
        "post": "妇女主任",
        "employment": "part_time",
        "appointed_on": "2024-02-01",
        "note": "",
    }
    response = client.post(reverse("workforce:worker_create"), data)
    assert response.status_code == 302
    assert Worker.unscoped.get(name="表单主任").id_number == id_number(60)
    outside = client.post(
        reverse("workforce:worker_create"),
        {**data, "id_number": id_number(61), "division_code": "360302001001"},
    )
    assert outside.status_code == 200 and not Worker.unscoped.filter(id_number=id_number(61)).exists()
    assert client_of("demo-township").get(reverse("workforce:worker_create")).status_code == 403


def test_import_and_export_through_http(actor_of, client_of, frozen) -> None:
    register(actor_of("demo-county"), 70, XINJIE)
    client = client_of("demo-county")
    export = client.get(reverse("workforce:roster_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    ws = book["名册"]
    ws.append(
        ["新人", id_number(71), "女", "13900000071", "儿童主任", "360313001003", "", "", "兼职", "2024-01-01"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    body = client.post(reverse("workforce:roster_import"), {"file": buffer}).content.decode()
    assert 'data-figure="workers_created">1<' in body and 'data-figure="unchanged">1<' in body
    assert Worker.unscoped.filter(id_number=id_number(71)).exists()
    assert client_of("demo-township").get(reverse("workforce:roster_export")).status_code == 403


def test_training_and_evaluation_pages(actor_of, client_of, frozen) -> None:
    worker = register(actor_of("demo-county"), 80, XINJIE)
    client = client_of("demo-county")
    response = client.post(
        reverse("workforce:training_create"),
        {
            "title": "初任培训",
            "kind": "initial",
            "held_on": "2025-03-01",
            "hours": "8",
            "division_code": XIANGDONG,
            "content": "",
        },
    )
    assert response.status_code == 302
    event_url = response["Location"]
    assert client.post(event_url, {"id_number": id_number(80), "passed": "yes"}).status_code == 302
    assert "测试80" in client.get(event_url).content.decode()
    township = client_of("demo-township")
    form = township.get(reverse("workforce:evaluation_create", args=[worker.pk])).content.decode()
    assert "管理村级“儿童之家”服务平台" in form
    data = {
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "evaluated_on": "2025-06-30",
        "grade": "excellent",
    }
    data |= {f"item_{c}": "met" for c in ["R1", "R2", "R3", "R4", "R5", "S1", "S2", "S3", "S4", "S5", "S6"]}
    assert township.post(reverse("workforce:evaluation_create", args=[worker.pk]), data).status_code == 302
    assert worker.evaluations.get().grade == "excellent"
    for name in ("training_list", "training_overdue", "duty_lists", "coverage_start"):
        assert client_of("demo-village").get(reverse(f"workforce:{name}")).status_code in (200, 302), name
