"""Navigation by role, for every template."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from seedling.access import capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest


def navigation(request: ActorRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    actor = request.actor
    items = [(_("Home"), reverse("web:home"))]
    if capabilities.may(actor, Capability.FILE_WORK):
        items += [
            (_("Children"), reverse("web:child_list")),
            (_("My visits due"), reverse("visits:worklist")),
            (_("Left-behind women"), reverse("web:woman_list")),
            (_("Registries"), reverse("web:registry_index")),
            (_("Ledger workbook"), reverse("web:exchange_index")),
            (_("Verification"), reverse("verification:rounds")),
        ]
    if capabilities.may(actor, Capability.PROTECTION_REPORT):
        items += [
            (_("Protection"), reverse("protection:todo")),
            (_("Applications"), reverse("protection:applications")),
        ]
    if capabilities.may(actor, Capability.STATISTICS_READ):
        items.append((_("Statistics"), reverse("statistics:start")))
    if capabilities.may(actor, Capability.FILE_REVIEW):
        items.append((_("Files to review"), reverse("web:review_queue")))
    items.append((_("Divisions"), reverse("web:division_browser")))
    if capabilities.may(actor, Capability.DIVISION_RECODE):
        items.append((_("Re-attribute files"), reverse("web:reattribute")))
    if capabilities.may(actor, Capability.WORKFORCE_READ):
        items.append((_("Workforce"), reverse("workforce:worker_list")))
    if capabilities.may(actor, Capability.INSTITUTION_READ):
        items.append((_("Institutions"), reverse("institutions:institution_list")))
    if capabilities.may(actor, Capability.POLICY_READ):
        items.append((_("Provincial policy"), reverse("web:registry_policy_start")))
    if capabilities.may(actor, Capability.ACCOUNTS_MANAGE):
        items.append((_("Accounts"), reverse("web:account_list")))
    if capabilities.may(actor, Capability.AUDIT_READ):
        items.append((_("Audit log"), reverse("web:audit_log")))
    return {"nav": items, "actor": actor}
