"""The one place scope is applied.

Every read of a scoped object goes through `visible_to(actor, ...)` or `get_for_actor(actor, ...)`.
Scoped models expose no `objects` manager (their raw manager is `unscoped`, and `tools/lint` bans
it outside a short allowlist), so a view that forgets scope does not compile into a query at all.
"""

from seedling.access.actor import Actor, Purpose, anonymous_actor
from seedling.access.scope import get_for_actor, is_within, visible_to

__all__ = [
    "Actor",
    "Purpose",
    "anonymous_actor",
    "get_for_actor",
    "is_within",
    "visible_to",
]
