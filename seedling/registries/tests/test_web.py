import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from seedling.people.models import Child
from seedling.registries import selectors
from seedling.registries.models import Membership

from .test_services import _orphan

TODAY = date.today()


@pytest.fixture
def lb(file_on):
    return file_on(TODAY, declared_categories=["left_behind", "in_difficulty"], hiv=True)


def test_file_page_says_why_and_when_to_recheck(client_of, lb):
    body = client_of("demo-village").get(reverse("web:child_detail", args=[lb.pk])).content.decode()
    assert "不满16周岁" in body and "农村户籍" in body and "父母双方外出务工" in body
    assert "2032-05-20" in body
    assert "艾滋病" not in body  # the village director has no HIV grant
    county = client_of("demo-county").get(reverse("web:child_detail", args=[lb.pk])).content.decode()
    assert "携带艾滋病病毒或患有艾滋病" in county  # the county holds the HIV grant in the demo


def test_registry_list_drills_down_and_hides_hiv(client_of, lb):
    client = client_of("demo-county")
    top = client.get(reverse("web:registry_list", args=["left_behind"]))
    assert top.status_code == 200
    assert [(a.prefix, a.count) for a in top.context["areas"]] == [("360313001", 1)]
    village = client.get(reverse("web:registry_list", args=["left_behind"]), {"area": "360313001001"})
    assert [m.child_id for m in village.context["members"]] == [lb.pk]
    assert client.get(reverse("web:registry_list", args=["hiv_infected"])).status_code == 404
    other = client_of("demo-county-b").get(reverse("web:registry_list", args=["left_behind"]))
    assert other.context["members"] == [] and other.context["areas"] == []


def test_monthly_discrepancy_and_index_pages(client_of, lb):
    client = client_of("demo-village")
    monthly = client.get(reverse("web:registry_monthly"), {"month": TODAY.strftime("%Y-%m")})
    assert [m.category for m in monthly.context["entered"]] == ["left_behind"]  # HIV never listed
    assert monthly.context["exited"] == []
    disc = client.get(reverse("web:registry_discrepancies")).content.decode()
    assert lb.name in disc and "困境儿童" in disc and "艾滋病" not in disc
    assert client.get(reverse("web:registry_index")).status_code == 200


def test_county_queue_leads_to_the_application(client_of, file_on):
    child = file_on(TODAY, **_orphan())
    assert client_of("demo-village").get(reverse("web:registry_confirmations")).status_code == 403
    client = client_of("demo-county")
    queue = client.get(reverse("web:registry_confirmations"))
    row = Membership.unscoped.get(child=child, category="orphan")
    assert [r.membership.pk for r in queue.context["rows"]] == [row.pk]
    assert "父亲死亡" in queue.content.decode() or "死亡" in queue.content.decode()
    assert client_of("demo-county-b").get(reverse("web:registry_confirmations")).context["rows"] == []
    # No one-tap confirmation any more: the queue links to the application procedure.
    assert (
        client.post(reverse("web:registry_confirmations"), {"membership": row.pk, "op": "accept"}).status_code
        == 405
    )
    assert Membership.unscoped.get(pk=row.pk).status == "suggested"
    assert f"/protection/applications/new/?child={child.pk}&amp;category=orphan" in queue.content.decode()


def test_export_has_the_three_ledger_columns_without_hiv(client_of, lb):
    raw = b"".join(client_of("demo-county").get(reverse("web:child_export")).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0][-3:] == ["系统判定类别", "判定依据", "下次复核日期"]
    assert rows[1][-3] == "农村留守儿童"
    assert rows[1][-2].startswith("农村留守儿童：不满16周岁")
    assert rows[1][-1] == "2032-05-20"
    assert "艾滋病" not in raw


def test_export_columns_never_show_hiv_even_to_its_holder(actor_of, lb):
    # AIDS prevention regulation art. 39: HIV status never leaves in a workbook (ADR 0012).
    child = Child.unscoped.get(pk=lb.pk)
    county, village = actor_of("demo-county"), actor_of("demo-village")
    assert county.grants[0].hiv
    assert selectors.export_columns(actor=county, child=child)[0] == "农村留守儿童"
    assert selectors.export_columns(actor=village, child=child)[0] == "农村留守儿童"
    assert selectors.export_columns(actor=actor_of("demo-county-b"), child=child) == ("", "", "")
