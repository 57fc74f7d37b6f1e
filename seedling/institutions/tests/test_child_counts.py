"""A village's child population and the children's-home rule H-1 (docs/rules/coverage.md#h-1).

The notices: "儿童数量在100个以上的村（社区）应设立儿童之家" (吉民发〔2018〕41号 二（一）, seed 004;
the national demonstration standard of 民函〔2018〕4号, seed 003). "以上" includes 100; the figure is
all the village's children, as the county has it, dated by year with its source; without one the
village says so.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
import xlsxwriter
from django.urls import reverse

from seedling.audit.models import AuditEvent
from seedling.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from seedling.institutions import child_count_import, rules, selectors, services
from seedling.institutions.models import VillageChildCount
from seedling.institutions.tests.test_registry import SIBLING, XIASHANKOU, XINJIE, div, home
from seedling.workforce.coverage import Unit
from seedling.workforce.tests.test_api import api

OTHER_COUNTY_VILLAGE = "360302001001"  # 安源区, demo-county-b's
AS_OF = date(2025, 6, 30)
TOWNSHIP = Unit("360313001000", "峡山口街道", 4, "360313000000")
V = Unit("360313001002", "甲村委会", 5, TOWNSHIP.code)


# --- the rule itself, from the notice's words ----------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "own", "covered", "code"),
    [
        (rules.ChildFigure(99, 2024, "2024年统计年报"), False, False, "HOME.UNCOVERED"),
        (rules.ChildFigure(99, 2024, "2024年统计年报"), False, True, "HOME.REGIONAL"),
        (rules.ChildFigure(100, 2024, "2024年统计年报"), False, False, "HOME.NEEDS_OWN"),  # "以上" has 100
        (rules.ChildFigure(100, 2024, "2024年统计年报"), False, True, "HOME.NEEDS_OWN"),
        (rules.ChildFigure(101, 2024, "2024年统计年报"), False, True, "HOME.NEEDS_OWN"),
        (rules.ChildFigure(101, 2024, "2024年统计年报"), True, True, "HOME.OWN_REQUIRED_MET"),
        (None, False, False, "HOME.UNCOVERED_COUNT_UNKNOWN"),
        (None, False, True, "HOME.REGIONAL_COUNT_UNKNOWN"),  # a regional home does not hide it
        (None, True, True, "HOME.OWN_COUNT_UNKNOWN"),
    ],
)
def test_h1_from_the_notice(figure, own: bool, covered: bool, code: str) -> None:
    status = rules.village_status(V, children=figure, own_home=own, covered=covered)
    assert status.reason.code == code
    assert status.count_unknown == (figure is None)
    if figure is None:
        assert "无儿童人口数据" in status.reason.message
    assert status.needs_own_home == (code == "HOME.NEEDS_OWN")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(V.code, 2023, 150, "2023年统计年报"), (V.code, 2024, 99, "2024年统计年报")], (99, 2024)),
        ([(V.code, 2024, 99, "2024年统计年报"), (V.code, 2023, 150, "2023年统计年报")], (99, 2024)),
        ([(V.code, 2024, 99, "2024年统计年报"), (V.code, 2026, 150, "2026年预测")], (99, 2024)),
        ([(V.code, 2026, 150, "2026年预测")], None),
    ],
)
def test_the_latest_figure_not_after_the_date_applies(rows, expected) -> None:
    got = rules.latest_figures(rows, as_of=AS_OF).get(V.code)
    assert ((got.children, got.year) if got is not None else None) == expected


def test_tally_counts_villages_without_a_figure() -> None:
    other = Unit("360313001003", "乙村委会", 5, TOWNSHIP.code)
    report = rules.home_coverage(
        TOWNSHIP,
        [V, other],
        [rules.HomeFact(1, V.code, frozenset({V.code, other.code}))],
        {V.code: rules.ChildFigure(100, 2024, "2024年统计年报")},
        as_of=AS_OF,
    )
    assert [v.unit.code for v in report.count_unknown] == [other.code]
    assert (report.root.count_unknown, report.root.large, report.root.large_with_home) == (1, 1, 1)


# --- entering figures -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_older_and_a_newer_year(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    home(county, XINJIE, "新街社区儿童之家")
    services.home_cover(
        actor=county, home=home(county, "360313001004", "三湾社区儿童之家"), villages=[div(SIBLING)]
    )
    services.child_count_set(
        actor=county, village=div(SIBLING), year=2023, children=99, source="2023年统计年报"
    )

    def sibling():
        view = selectors.home_coverage_of(actor=county, division=div(XIASHANKOU), as_of=frozen)
        return next(v for v in view.report.villages if v.unit.code == SIBLING)

    assert sibling().reason.code == "HOME.REGIONAL"
    services.child_count_set(
        actor=county, village=div(SIBLING), year=2024, children=101, source="2024年统计年报"
    )
    s = sibling()
    assert (s.reason.code, s.figure.year, s.figure.source) == ("HOME.NEEDS_OWN", 2024, "2024年统计年报")
    assert (
        s.reason.message == "儿童101人（100人以上），应设立本村（社区）儿童之家，目前仅由区域性儿童之家覆盖"
    )
    assert AuditEvent.unscoped.filter(action="child_count_set").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "year", "children", "source", "error"),
    [
        (SIBLING, 2024, -1, "2024年统计年报", "child_count.range"),
        (SIBLING, 2024, 100_001, "2024年统计年报", "child_count.range"),
        (SIBLING, 2026, 50, "2026年统计年报", "child_count.year"),  # after today (2025)
        (SIBLING, 1999, 50, "1999年统计年报", "child_count.year"),
        (SIBLING, 2024, 50, "  ", "child_count.source_required"),
        (XIASHANKOU, 2024, 50, "2024年统计年报", "child_count.level"),
    ],
)
def test_bad_figures_are_refused(actor_of, frozen, code, year, children, source, error) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.child_count_set(
            actor=actor_of("demo-county"), village=div(code), year=year, children=children, source=source
        )
    assert exc.value.code == error
    assert not VillageChildCount.unscoped.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["demo-county-b", "demo-township", "demo-village"])
def test_only_the_county_of_the_village_enters_its_figure(actor_of, frozen, username) -> None:
    with pytest.raises(PermissionDenied):
        services.child_count_set(
            actor=actor_of(username), village=div(SIBLING), year=2024, children=50, source="统计年报"
        )
    assert not VillageChildCount.unscoped.exists()


@pytest.mark.django_db
def test_a_stale_correction_is_refused(actor_of, frozen) -> None:
    county, city = actor_of("demo-county"), actor_of("demo-city")
    row, _ = services.child_count_set(
        actor=county, village=div(SIBLING), year=2024, children=90, source="统计年报"
    )
    loaded = row.version
    services.child_count_set(
        actor=city, village=div(SIBLING), year=2024, children=120, source="人口普查", version=loaded
    )
    with pytest.raises(StaleEdit) as exc:
        services.child_count_set(
            actor=county, village=div(SIBLING), year=2024, children=95, source="统计年报", version=loaded
        )
    assert exc.value.code == "child_count.stale" and "demo-city" in str(exc.value)
    with pytest.raises(StaleEdit):  # a "new figure" form for a year that has one
        services.child_count_set(
            actor=county, village=div(SIBLING), year=2024, children=95, source="统计年报", version=0
        )
    assert VillageChildCount.unscoped.get().children == 120


# --- the yearly import ------------------------------------------------------------------------------


def _xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("儿童人口")
    for r, row in enumerate([["区划代码", "年份", "儿童数", "来源"], *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _csv(rows: list[list[object]], encoding: str = "utf-8-sig") -> bytes:
    lines = ["区划代码,年份,儿童数,来源", *(",".join(map(str, r)) for r in rows)]
    return "\n".join(lines).encode(encoding)


@pytest.mark.django_db
@pytest.mark.parametrize("make", [_xlsx, _csv, lambda rows: _csv(rows, "gb18030")])
def test_import_is_idempotent(actor_of, frozen, make) -> None:
    county = actor_of("demo-county")
    source = make([[SIBLING, 2024, 100, "2024年统计年报"], [XINJIE, 2024, 99, "2024年统计年报"]])
    first = child_count_import.child_count_import(actor=county, source=source)
    assert (first.ok, first.created, first.updated, first.unchanged) == (True, 2, 0, 0)
    again = child_count_import.child_count_import(actor=county, source=source)
    assert (again.ok, again.created, again.updated, again.unchanged) == (True, 0, 0, 2)
    assert dict(VillageChildCount.unscoped.values_list("division_code", "children")) == {
        SIBLING: 100,
        XINJIE: 99,
    }
    assert AuditEvent.unscoped.filter(action="child_count_set").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "code", "message"),
    [
        (
            [SIBLING, 2024, -5, "2024年统计年报"],
            "child_count.range",
            "儿童数 -5 不对：应为 0 到 100000 之间的整数。",
        ),
        ([SIBLING, 2024, 9999999, "年报"], "child_count.range", "儿童数 9999999 不对"),
        ([SIBLING, 2024, "很多", "年报"], "integer.invalid", "“很多”应填儿童数（整数）。"),
        ([SIBLING, 2024, "", "年报"], "child_count.children_required", "请填写儿童数。"),
        ([SIBLING, 2030, 10, "年报"], "child_count.year", "年份 2030 不对"),
        ([SIBLING, 2024, 10, ""], "child_count.source_required", "请填写数据来源"),
        (["360313999999", 2024, 10, "年报"], "child_count.division_outside", "区划代码 360313999999 不存在"),
        ([OTHER_COUNTY_VILLAGE, 2024, 10, "年报"], "child_count.division_outside", "不在您的辖区内"),
        (["3603130010", 2024, 10, "年报"], "child_count.division_code", "区划代码应为12位数字。"),
        ([XIASHANKOU, 2024, 10, "年报"], "child_count.level", "不是村（社区）代码"),
    ],
)
def test_import_errors_name_the_row_in_chinese(actor_of, frozen, row, code, message) -> None:
    good = [XINJIE, 2024, 80, "2024年统计年报"]
    report = child_count_import.child_count_import(actor=actor_of("demo-county"), source=_csv([good, row]))
    assert not report.written and [e.code for e in report.errors] == [code]
    assert report.errors[0].row == 3 and message in str(report.errors[0])
    assert str(report.errors[0]).startswith("文件第3行")
    assert not VillageChildCount.unscoped.exists()  # all or nothing


@pytest.mark.django_db
def test_import_refuses_a_duplicate_row_and_an_unreadable_file(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    dup = child_count_import.child_count_import(
        actor=county, source=_csv([[XINJIE, 2024, 80, "年报"], [XINJIE, 2024, 81, "年报"]])
    )
    assert [e.code for e in dup.errors] == ["child_count.duplicate_row"]
    bad = child_count_import.child_count_import(actor=county, source=b"\x00\x01garbage")
    assert [e.code for e in bad.errors] == ["workbook.unreadable"]
    nohead = child_count_import.child_count_import(actor=county, source="名称,人数\n甲,3\n".encode())
    assert [e.code for e in nohead.errors] == ["workbook.headers_missing"]
    with pytest.raises(PermissionDenied):
        child_count_import.child_count_import(
            actor=actor_of("demo-village"), source=_csv([[XINJIE, 2024, 8, "x"]])
        )


# --- the pages and the API --------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_enter_correct_and_stale(client_of, actor_of, frozen) -> None:
    client = client_of("demo-county")
    url = reverse("institutions:child_counts")
    data = {
        "op": "enter",
        "division_code": SIBLING,
        "year": "2024",
        "children": "100",
        "source": "2024年统计年报",
    }
    assert client.post(url, {**data, "version": "0"}).status_code == 302
    row = VillageChildCount.unscoped.get()
    listed = client.get(url).content.decode()
    assert f'data-code="{SIBLING}" data-year="2024"' in listed and "2024年统计年报" in listed
    # Two editors load the correction form at the same version; the second save is refused.
    edit = reverse("institutions:child_count_edit", args=[row.pk])
    assert f'value="{row.version}"' in client.get(edit).content.decode()
    assert (
        client.post(edit, {"children": "101", "source": "2024年统计年报", "version": row.version}).status_code
        == 302
    )
    stale = client.post(edit, {"children": "90", "source": "2024年统计年报", "version": row.version})
    assert stale.status_code == 200 and "请刷新后核对再保存" in stale.content.decode()
    assert VillageChildCount.unscoped.get().children == 101
    # Bad input: a clear Chinese message on the form, never a 500.
    for bad, text in [
        ({"children": "-3"}, "0 到 100,000"),
        ({"children": "99999999999"}, "0 到 100,000"),
        ({"division_code": "360313999999"}, "辖区"),
        ({"division_code": OTHER_COUNTY_VILLAGE}, "辖区"),
        ({"children": "一百"}, "整数"),
    ]:
        response = client.post(url, {**data, "year": "2023", "version": "0", **bad})
        assert response.status_code == 200 and text in response.content.decode(), bad
    assert VillageChildCount.unscoped.count() == 1
    # The village director reads the page but may not enter.
    assert client_of("demo-village").post(url, {**data, "year": "2023"}).status_code == 403
    assert client_of("demo-county-b").get(edit).status_code == 404


@pytest.mark.django_db
def test_page_import_report(client_of, frozen) -> None:
    client = client_of("demo-county")
    upload = io.BytesIO(_csv([[SIBLING, 2024, 120, "2024年统计年报"], [XINJIE, 2024, -1, "年报"]]))
    upload.name = "children.csv"
    body = client.post(
        reverse("institutions:child_counts"), {"op": "import", "file": upload}
    ).content.decode()
    assert 'data-code="child_count.range"' in body and "文件第3行" in body
    assert not VillageChildCount.unscoped.exists()


@pytest.mark.django_db
def test_coverage_page_shows_figure_source_and_year_or_no_data(client_of, actor_of, frozen) -> None:
    county = actor_of("demo-county")
    services.home_cover(actor=county, home=home(county, XINJIE, "新街社区儿童之家"), villages=[div(SIBLING)])
    services.child_count_set(
        actor=county, village=div(XINJIE), year=2024, children=101, source="2024年统计年报"
    )
    body = client_of("demo-county").get(reverse("institutions:coverage", args=[XIASHANKOU])).content.decode()
    assert f'data-code="{XINJIE}" data-status="HOME.OWN_REQUIRED_MET"' in body
    assert "儿童101人（2024年，2024年统计年报）" in body
    assert f'data-code="{SIBLING}" data-status="HOME.REGIONAL_COUNT_UNKNOWN"' in body
    assert "无儿童人口数据" in body and 'id="counts-unknown"' in body


@pytest.mark.django_db
def test_api_enter_list_import_and_coverage(frozen) -> None:
    client = api("demo-county")
    body = {"division_code": SIBLING, "year": 2024, "children": 100, "source": "2024年统计年报"}
    created = client.post("/api/v1/institutions/child-counts", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == 1
    again = client.post("/api/v1/institutions/child-counts", body, content_type="application/json")
    assert again.status_code == 200  # the same figure: nothing changes
    stale = client.post(
        "/api/v1/institutions/child-counts", {**body, "children": 90}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "child_count.stale"
    for bad, code in [
        ({"children": -1}, "child_count.range"),
        ({"children": 10**9}, "child_count.range"),
        ({"division_code": "360313999999"}, "division.outside"),
        ({"division_code": OTHER_COUNTY_VILLAGE}, "division.outside"),
        ({"division_code": "abc"}, "division.outside"),
    ]:
        r = client.post(
            "/api/v1/institutions/child-counts",
            {**body, "year": 2023, **bad},
            content_type="application/json",
        )
        assert r.status_code == 400 and r.json()["code"] == code, (bad, r.content)
    assert [c["division_code"] for c in client.get("/api/v1/institutions/child-counts").json()] == [SIBLING]
    assert api("demo-county-b").get("/api/v1/institutions/child-counts").json() == []
    upload = io.BytesIO(_csv([[XINJIE, 2024, 80, "2024年统计年报"]]))
    upload.name = "c.csv"
    report = client.post("/api/v1/institutions/child-counts/import", {"file": upload}).json()
    assert (report["ok"], report["created"]) == (True, 1)
    coverage = client.get(f"/api/v1/institutions/coverage/{XIASHANKOU}").json()
    villages = {v["code"]: v for v in coverage["villages"]}
    assert (villages[SIBLING]["status"], villages[SIBLING]["year"]) == ("HOME.NEEDS_OWN", 2024)
    assert villages[XINJIE]["source"] == "2024年统计年报"
    assert SIBLING not in coverage["count_unknown"] and "360313001004" in coverage["count_unknown"]
    refused = api("demo-village").post(
        "/api/v1/institutions/child-counts",
        {**body, "division_code": XINJIE},
        content_type="application/json",
    )
    assert refused.status_code == 403
