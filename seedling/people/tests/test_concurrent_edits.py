"""Two people editing one file: the later save from an older version is refused and says who, when
and what (docs/rules/file.md#f-concurrent-edits); nothing is silently overwritten, nothing typed lost."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from seedling.core.errors import StaleEdit
from seedling.people import services
from seedling.people.models import Child, Woman
from seedling.people.records import WomanRecord
from seedling.people.tests.factories import id_number, left_behind
from seedling.visits import services as visit_services

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The values a browser would send back from the page's first POST form, untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post" and "action" not in a:
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def form_of(html: str) -> dict[str, Any]:
    parser = _Form()
    parser.feed(html)
    return parser.data


@pytest.fixture
def child(actor_of) -> Child:  # type: ignore[no-untyped-def]
    return services.child_create(actor=actor_of("demo-county"), record=left_behind()).child


def test_a_stale_service_save_is_refused_and_names_who_when_and_what(actor_of, child) -> None:
    director, supervisor = actor_of("demo-village"), actor_of("demo-township")
    loaded = child.version
    services.child_update(
        actor=supervisor,
        child=child,
        record=_with(services.child_record(child), risk_level="high"),
        version=loaded,
    )
    with pytest.raises(StaleEdit) as caught:
        services.child_update(
            actor=director,
            child=child,
            record=_with(services.child_record(child), home_address="湘东区峡山口街道新街2号"),
            version=loaded,
        )
    assert caught.value.params["who"] == "demo-township"
    assert caught.value.params["fields"] == [str(Child._meta.get_field("risk_level").verbose_name)]
    assert "demo-township" in caught.value.message
    stored = Child.unscoped.get(pk=child.pk)
    assert (stored.risk_level, stored.home_address, stored.version) == (
        "high",
        child.home_address,
        loaded + 1,
    )


def test_every_save_raises_the_version_and_no_version_means_no_check(actor_of, child) -> None:
    county = actor_of("demo-county")
    v = child.version
    services.child_update(
        actor=county, child=child, record=services.child_record(child)
    )  # no version: an import
    services.child_set_risk(actor=county, child=child, level="low")
    assert Child.unscoped.get(pk=child.pk).version == v + 2


def _with(record: Any, **changes: Any) -> Any:
    for k, value in changes.items():
        setattr(record, k, value)
    return record


def test_two_editors_on_the_web_form_the_second_is_told_and_keeps_what_she_typed(client_of, child) -> None:
    url = reverse("web:child_edit", kwargs={"child_id": child.pk})
    first, second = client_of("demo-township"), client_of("demo-village")
    form_first = form_of(first.get(url).content.decode())
    form_second = form_of(second.get(url).content.decode())
    assert form_first["version"] == str(child.version)

    form_first["risk_level"] = ["high"]
    assert first.post(url, form_first).status_code == 302

    form_second["home_address"] = "湘东区峡山口街道新街2号"
    page = second.post(url, form_second)
    text = page.content.decode()
    assert page.status_code == 200
    assert "demo-township" in text and "湘东区峡山口街道新街2号" in text  # told, and nothing typed is lost
    stored = Child.unscoped.get(pk=child.pk)
    assert (stored.risk_level, stored.home_address) == ("high", child.home_address)

    # Saving again after reading the message is a decision: the page now carries the current version.
    again = form_of(text)
    assert again["version"] == str(stored.version)
    assert second.post(url, again).status_code == 302
    assert Child.unscoped.get(pk=child.pk).home_address == "湘东区峡山口街道新街2号"


def test_the_risk_form_of_an_older_page_does_not_undo_a_raised_level(actor_of, client_of, child) -> None:
    page_url = reverse("visits:child", kwargs={"child_id": child.pk})
    director = client_of("demo-village")
    page = director.get(page_url).content.decode()
    loaded = child.version
    assert f'name="version" value="{loaded}"' in page
    visit_services.risk_set(actor=actor_of("demo-township"), child=child, level="high", reason="父母失联")
    response = director.post(
        reverse("visits:risk_set", kwargs={"child_id": child.pk}),
        {"level": "low", "reason": "看过了", "version": str(loaded)},
        follow=True,
    )
    assert "demo-township" in response.content.decode()
    assert Child.unscoped.get(pk=child.pk).risk_level == "high"


def test_a_stale_woman_file_is_refused_too(actor_of) -> None:
    from datetime import date

    county = actor_of("demo-county")
    record = WomanRecord(
        division_code="360313001001",
        name="王秀兰",
        id_number=id_number(date(1990, 4, 2), "女"),
        birth_date=date(1990, 4, 2),
        hukou_type="rural",
        husband_name="李强",
        husband_away_since=date(2024, 3, 1),
    )
    woman = services.woman_save(actor=county, record=record)
    loaded = woman.version
    services.woman_save(
        actor=county,
        record=_with(services.woman_record(woman), phone="13800000011"),
        woman=woman,
        version=loaded,
    )
    with pytest.raises(StaleEdit):
        services.woman_save(
            actor=actor_of("demo-village"),
            record=_with(services.woman_record(woman), address="新街3号"),
            woman=woman,
            version=loaded,
        )
    assert Woman.unscoped.get(pk=woman.pk).phone == "13800000011"


def test_the_api_answers_409_for_a_stale_if_match_and_400_for_a_malformed_one(child) -> None:
    from seedling.people.tests.test_web import api_client

    api, auth = api_client("demo-village")
    url = f"/api/v1/children/{child.pk}"
    read = api.get(url, **auth).json()
    assert read["version"] == child.version

    def patch(body: dict[str, Any], if_match: str) -> Any:
        return api.patch(url, body, content_type="application/json", HTTP_IF_MATCH=if_match, **auth)

    ok = patch({"home_address": "新街5号"}, f'W/"{read["version"]}"')
    assert ok.status_code == 200 and ok.json()["version"] == read["version"] + 1
    stale = patch({"risk_level": "low"}, str(read["version"]))
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale" and body["version"] == read["version"] + 1
    assert body["fields"] == [str(Child._meta.get_field("home_address").verbose_name)]
    bad = patch({"risk_level": "low"}, "abc")
    assert bad.status_code == 400 and "If-Match" in bad.json()["detail"]
    assert Child.unscoped.get(pk=child.pk).risk_level == child.risk_level
