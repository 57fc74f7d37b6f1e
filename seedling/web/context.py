"""Navigation by role, for every template."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from seedling.access.decorators import ActorRequest
from seedling.accounts.enums import ACCOUNT_MANAGERS, CASEWORK_ROLES, Role

# County staff and above read their province's parameters (eligibility policy, visit frequencies).
POLICY_READERS = (Role.COUNTY_STAFF, Role.CITY_STAFF, Role.PROVINCE_STAFF, Role.NATIONAL_ADMIN)


def navigation(request: ActorRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    actor = request.actor
    items = [(_("Home"), reverse("web:home"))]
    if actor.has_role(*CASEWORK_ROLES):
        items += [
            (_("Children"), reverse("web:child_list")),
            (_("My visits due"), reverse("visits:worklist")),
            (_("Left-behind women"), reverse("web:woman_list")),
            (_("Registries"), reverse("web:registry_index")),
            (_("Ledger workbook"), reverse("web:exchange_index")),
        ]
    items.append((_("Divisions"), reverse("web:division_browser")))
    if actor.has_role(*CASEWORK_ROLES):
        items += [
            (_("Workforce"), reverse("workforce:worker_list")),
            (_("Institutions"), reverse("institutions:institution_list")),
        ]
    if actor.has_role(*POLICY_READERS):
        items.append((_("Provincial policy"), reverse("web:registry_policy_start")))
    if actor.has_role(*ACCOUNT_MANAGERS):
        items.append((_("Accounts"), reverse("web:account_list")))
    if actor.has_role(Role.AUDITOR):
        items.append((_("Audit log"), reverse("web:audit_log")))
    return {"nav": items, "actor": actor}
