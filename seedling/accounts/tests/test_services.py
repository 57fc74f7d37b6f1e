"""Account management: inside one's own area, at or below one's own level, audited."""

from __future__ import annotations

import pytest

from seedling.access.roles import Role
from seedling.accounts import services
from seedling.accounts.models import RoleAssignment, User
from seedling.audit.models import AuditEvent
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.regions.models import Division

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-synthetic-pass-42"


def div(code: str) -> Division:
    return Division.unscoped.get(code=code)


def create(actor, role: str, code: str | None, username: str = "new-user") -> User:
    return services.account_create(
        actor=actor,
        username=username,
        password=PASSWORD,
        full_name="测试用户",
        role=role,
        division=div(code) if code else None,
    )


def test_county_creates_a_village_director_in_its_county(actor_of) -> None:
    actor = actor_of("demo-county")
    user = create(actor, Role.VILLAGE_DIRECTOR, "360313001003")
    assignment = RoleAssignment.unscoped.get(user=user)
    assert (assignment.role, assignment.division_code) == (Role.VILLAGE_DIRECTOR, "360313001003")
    assert user.check_password(PASSWORD)
    event = AuditEvent.unscoped.get(action="account_created", subject_id=str(user.pk))
    assert (event.actor_username, event.division_code) == ("demo-county", "360313001003")


def test_county_may_create_county_staff_of_its_own_county(actor_of) -> None:
    user = create(actor_of("demo-county"), Role.COUNTY_STAFF, "360313000000")
    assert RoleAssignment.unscoped.filter(user=user, division_code="360313000000").exists()


def test_county_cannot_create_outside_its_area(actor_of) -> None:
    with pytest.raises(PermissionDenied) as exc:
        create(actor_of("demo-county"), Role.VILLAGE_DIRECTOR, "360302001001")
    assert exc.value.code == "account.outside_area"
    assert not User.objects.filter(username="new-user").exists()


def test_county_cannot_create_above_its_level(actor_of) -> None:
    with pytest.raises(PermissionDenied) as exc:
        create(actor_of("demo-county"), Role.CITY_STAFF, "360300000000")
    assert exc.value.code in {"account.outside_area", "account.above_level"}
    assert not User.objects.filter(username="new-user").exists()


def test_city_cannot_create_a_national_admin(actor_of) -> None:
    with pytest.raises(PermissionDenied):
        create(actor_of("demo-city"), Role.NATIONAL_ADMIN, None)


def test_township_and_village_cannot_manage_accounts(actor_of) -> None:
    for username in ("demo-township", "demo-village", "demo-auditor"):
        with pytest.raises(PermissionDenied):
            create(actor_of(username), Role.VILLAGE_DIRECTOR, "360313001001", username=f"x-{username}")


def test_role_must_sit_at_its_level(actor_of) -> None:
    with pytest.raises(ValidationFailed) as exc:
        create(actor_of("demo-county"), Role.VILLAGE_DIRECTOR, "360313001000")
    assert exc.value.code == "account.division_level"


def test_weak_password_and_taken_name_are_refused(actor_of) -> None:
    actor = actor_of("demo-county")
    with pytest.raises(ValidationFailed) as weak:
        services.account_create(
            actor=actor,
            username="weak",
            password="123",
            full_name="x",
            role=Role.VILLAGE_DIRECTOR,
            division=div("360313001001"),
        )
    assert weak.value.code == "account.password_weak"
    with pytest.raises(ValidationFailed) as taken:
        create(actor, Role.VILLAGE_DIRECTOR, "360313001001", username="DEMO-VILLAGE")
    assert taken.value.code == "account.username_taken"


def test_disable_inside_area_and_not_outside(actor_of, django_user_model) -> None:
    village = User.objects.get(username="demo-village")
    services.account_set_active(actor=actor_of("demo-county"), user=village, active=False)
    village.refresh_from_db()
    assert not village.is_active
    assert AuditEvent.unscoped.filter(action="account_disabled", subject_id=str(village.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.account_set_active(actor=actor_of("demo-county-b"), user=village, active=True)
    village.refresh_from_db()
    assert not village.is_active


def test_county_cannot_disable_its_city(actor_of) -> None:
    city = User.objects.get(username="demo-city")
    with pytest.raises(PermissionDenied):
        services.account_set_active(actor=actor_of("demo-county"), user=city, active=False)


def test_grant_and_revoke(actor_of) -> None:
    actor = actor_of("demo-county")
    village = User.objects.get(username="demo-village")
    assignment = services.role_grant(
        actor=actor, user=village, role=Role.VILLAGE_DIRECTOR, division=div("360313001003")
    )
    again = services.role_grant(
        actor=actor, user=village, role=Role.VILLAGE_DIRECTOR, division=div("360313001003")
    )
    assert again.pk == assignment.pk
    services.role_revoke(actor=actor, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    actions = list(AuditEvent.unscoped.filter(subject_id=str(village.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["role_granted", "role_revoked"]
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=actor_of("demo-county-b"),
            user=village,
            role=Role.VILLAGE_DIRECTOR,
            division=div("360313001003"),
        )


def test_manageable_roles_by_level(actor_of) -> None:
    county = [r for r, _ in services.manageable_roles(actor_of("demo-county"))]
    assert Role.COUNTY_STAFF in county and Role.CITY_STAFF not in county
    assert services.manageable_roles(actor_of("demo-village")) == []
