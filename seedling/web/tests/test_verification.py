"""The verification pages through HTTP: the returned reason on the director's phone home page, the
one-tap checklist, the township's review, the county's sign-off, the city's draw, scope."""

from __future__ import annotations

import re
from datetime import date

import pytest

from seedling.people import services as people
from seedling.people import workflow
from seedling.people.models import Child
from seedling.people.tests.factories import left_behind
from seedling.people.workflow import field_label
from seedling.verification import services
from seedling.verification.enums import SECTIONS
from seedling.verification.models import RoundFile, SpotCheck

pytestmark = pytest.mark.django_db


def test_a_returned_reason_reaches_the_directors_home_page(actor_of, client_of) -> None:
    child = people.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    village = client_of("demo-village")
    assert village.post(f"/children/{child.pk}/submit/").status_code == 302
    child.refresh_from_db()
    township = client_of("demo-township")
    page = township.get(f"/children/{child.pk}/").content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    answer = township.post(
        f"/children/{child.pk}/review/",
        {
            "decision": "return",
            "reason": "委托照护人电话空号，请核实",
            "to_correct": ["caregiver_phone"],
            "version": version,
        },
    )
    assert answer.status_code == 302
    assert Child.unscoped.get(pk=child.pk).status == "returned"
    home = village.get("/", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13) Mobile").content.decode()
    assert (
        'id="returned-files"' in home
        and "委托照护人电话空号，请核实" in home
        and field_label("caregiver_phone") in home
    )
    # Another director's home page does not show it.
    assert "委托照护人电话空号" not in client_of("demo-county").get("/").content.decode()


def test_a_stale_review_form_is_refused_with_a_message(actor_of, client_of) -> None:
    village = actor_of("demo-village")
    child = workflow.file_submit(
        actor=village, child=people.child_create(actor=village, record=left_behind()).child
    )
    stale = workflow.version_of(child)
    people.child_update(
        actor=actor_of("demo-county"),
        child=child,
        record=left_behind(name="林小语", id_number=child.id_number),
    )
    answer = client_of("demo-township").post(
        f"/children/{child.pk}/review/", {"decision": "approve", "version": stale}, follow=True
    )
    text = answer.content.decode()
    assert "demo-county" in text and "为免覆盖对方的修改" in text
    assert Child.unscoped.get(pk=child.pk).status == "submitted"


def test_the_round_pages(actor_of, client_of) -> None:
    child = people.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    rnd = services.round_open(
        actor=actor_of("demo-province"), name="2026年第四季度核实", due_on=date(2026, 12, 31)
    )
    rf = RoundFile.unscoped.get(round=rnd, child=child)
    village = client_of("demo-village")
    assert "2026年第四季度核实" in village.get("/").content.decode()
    assert child.name in village.get(f"/verification/{rnd.pk}/files/").content.decode()
    for section in SECTIONS:
        assert village.post(f"/verification/file/{rf.pk}/check/", {"section": section}).status_code == 302
    rf.refresh_from_db()
    assert rf.state == "verified"
    township = client_of("demo-township")
    assert (
        township.post(
            f"/verification/file/{rf.pk}/review/", {"decision": "approve", "version": rf.version}
        ).status_code
        == 302
    )
    county = client_of("demo-county")
    board = county.get(f"/verification/{rnd.pk}/").content.decode()
    assert 'data-unit="360313001000" data-files="1" data-verified="1" data-approved="1"' in board
    assert county.post(f"/verification/{rnd.pk}/sign-off/", {"township": "360313001000"}).status_code == 302
    assert (
        "Signed off" in county.get(f"/verification/{rnd.pk}/").content.decode()
        or "已签收" in county.get(f"/verification/{rnd.pk}/").content.decode()
    )
    # The other county cannot sign off this township, nor see this round's files.
    other = client_of("demo-county-b")
    other.post(f"/verification/{rnd.pk}/sign-off/", {"township": "360313101000"})
    assert other.get(f"/verification/file/{rf.pk}/").status_code == 404
    # The city draws; a second draw is refused.
    city = client_of("demo-city")
    assert city.post(f"/verification/{rnd.pk}/draw/", {"seed": "5"}).status_code == 302
    assert SpotCheck.objects.filter(round=rnd).count() == 1
    city.post(f"/verification/{rnd.pk}/draw/", {"seed": "6"})
    assert SpotCheck.objects.get(round=rnd).seed == 5
    spot = SpotCheck.objects.get(round=rnd)
    assert client_of("demo-city").get(f"/verification/spot/{spot.pk}/").status_code == 200


RATIOS = "/verification/ratios/36/"
RAISED = {
    "effective_from": "2025-07-01",
    "city_percent": "60",
    "province_percent": "50",
    "files_per_unit": "30",
    "correction_days": "20",
}


def test_the_province_sets_its_spot_check_ratios_and_never_below_the_notices_half(client_of, frozen) -> None:
    from datetime import date

    from seedling.verification import policy

    province = client_of("demo-province")
    page = province.get(RATIOS)
    assert page.status_code == 200 and page.context["form"].initial["city_percent"] == 50
    refused = province.post(RATIOS, {**RAISED, "city_percent": "40"})
    assert refused.status_code == 200 and list(refused.context["form"].errors) == ["city_percent"]
    assert province.post(RATIOS, RAISED).status_code == 302
    assert policy.in_force("36", date(2025, 6, 30)).city_percent == 50  # today: the old version
    after = policy.in_force("36", date(2025, 7, 1))
    assert (after.city_percent, after.files_per_unit, after.correction_days) == (60, 30, 20)
    assert client_of("demo-city").post(RATIOS, RAISED).status_code == 403
    assert client_of("demo-village").get(RATIOS).status_code == 403
