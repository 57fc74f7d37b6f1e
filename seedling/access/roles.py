"""Roles, and the division level each is held at: who a user is, as the rest of access reads it
(docs/rules/workflow.md). Accounts hold assignments of these roles; access decides with them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.core import division_codes as codes


class Role(models.TextChoices):
    # 儿童主任: one or more per village / community (川民政厅 2020 专项行动实施方案, 吉民发〔2018〕41号).
    VILLAGE_DIRECTOR = "village_director", _("Village child director")
    # 儿童督导员: one or more per township / sub-district (川民政厅 2020 专项行动实施方案,
    # 吉民发〔2018〕41号).
    TOWNSHIP_SUPERVISOR = "township_supervisor", _("Township child supervisor")
    # 县级民政部门: verifies every township, confirms orphan / de facto unsupported status (川民政厅 2020
    # 专项行动实施方案).
    COUNTY_STAFF = "county_staff", _("County civil-affairs staff")
    # 市级民政部门: spot-checks >= 50% of counties (川民政厅 2020 专项行动实施方案).
    CITY_STAFF = "city_staff", _("City civil-affairs staff")
    # 省民政厅: bulletins, spot checks, policy parameters (川民政厅 2020 专项行动实施方案).
    PROVINCE_STAFF = "province_staff", _("Province civil-affairs staff")
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    # Read-only; sees the audit log of its area (PIPL art. 54-55 compliance audits, docs/rules/privacy.md).
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

# Roles that manage accounts: county level and above (county staff manage accounts,
# docs/rules/workflow.md#roles).
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
