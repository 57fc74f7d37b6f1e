"""Reads of provincial parameters.

No actor and no scope: the rows are published rules, not personal data, and they are read for the
system (a file's re-evaluation, a village's compliance figures) as much as for a page, whose view
checks first that the province is in the reader's area.
"""

from __future__ import annotations

from seedling.core import dated
from seedling.policies.kinds import Kind, V
from seedling.policies.models import ProvincePolicy


def stored(*, kind: Kind[V], province_code: str) -> list[ProvincePolicy]:
    """The province's stored versions of `kind`, oldest first, with who set them."""
    return list(
        ProvincePolicy.objects.filter(kind=kind.code, province_code=province_code)
        .select_related("set_by")
        .order_by("effective_from")
    )


def _version(kind: Kind[V], row: ProvincePolicy) -> V:
    v = kind.version(row.effective_from, row.params)
    note = row.note.strip()
    return kind.with_basis(v, note) if kind.with_basis is not None and note else v


def versions_of(kind: Kind[V], rows: list[ProvincePolicy]) -> tuple[V, ...]:
    """Stored versions as the rules' versions, after the defaults in force before the first one.
    A version's basis (the document its staff named) goes with it where the kind quotes one."""
    return dated.over(kind.defaults, [_version(kind, r) for r in rows])


def versions(*, kind: Kind[V], province_code: str) -> tuple[V, ...]:
    """Every version of the province, in date order; `seedling.core.dated.in_force` picks a day's."""
    return versions_of(kind, stored(kind=kind, province_code=province_code))
