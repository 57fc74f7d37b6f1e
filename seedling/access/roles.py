"""Roles, and the division level each is held at: who a user is, as the rest of access reads it
(docs/rules/workflow.md). Accounts hold assignments of these roles; access decides with them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.core import division_codes as codes


class Role(models.TextChoices):
    # 儿童主任: one or more per village / community (seed 000, seed 004).
    VILLAGE_DIRECTOR = "village_director", _("Village child director")
    # 儿童督导员: one or more per township / sub-district (seed 000, seed 004).
    TOWNSHIP_SUPERVISOR = "township_supervisor", _("Township child supervisor")
    # 县级民政部门: verifies every township, confirms orphan / de facto unsupported status (seed 000).
    COUNTY_STAFF = "county_staff", _("County civil-affairs staff")
    # 市级民政部门: spot-checks >= 50% of counties (seed 000).
    CITY_STAFF = "city_staff", _("City civil-affairs staff")
    # 省民政厅: bulletins, spot checks, policy parameters (seed 000).
    PROVINCE_STAFF = "province_staff", _("Province civil-affairs staff")
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    # Read-only; sees the audit log of its area (PIPL art. 54-55 compliance audits, domain-rules §6).
    AUDITOR = "auditor", _("Auditor")


# The division level a role is held at. None: national (no division). The auditor may sit at any level.
ROLE_LEVEL: dict[str, int | None] = {
    Role.VILLAGE_DIRECTOR: codes.VILLAGE,
    Role.TOWNSHIP_SUPERVISOR: codes.TOWNSHIP,
    Role.COUNTY_STAFF: codes.COUNTY,
    Role.CITY_STAFF: codes.CITY,
    Role.PROVINCE_STAFF: codes.PROVINCE,
    Role.NATIONAL_ADMIN: None,
}

# Roles that manage accounts: county level and above (foundation issue, point 4).
ACCOUNT_MANAGERS = frozenset({Role.COUNTY_STAFF, Role.CITY_STAFF, Role.PROVINCE_STAFF, Role.NATIONAL_ADMIN})
# Roles that work with children's files. The auditor reads only the audit log.
CASEWORK_ROLES = frozenset(
    {
        Role.VILLAGE_DIRECTOR,
        Role.TOWNSHIP_SUPERVISOR,
        Role.COUNTY_STAFF,
        Role.CITY_STAFF,
        Role.PROVINCE_STAFF,
        Role.NATIONAL_ADMIN,
    }
)
