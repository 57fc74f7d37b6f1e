"""The versions of the two old tables move into ProvincePolicy, and back when the migration is reversed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("policies", "0001_initial"),
    ("registries", "0002_woman_episodes_details_key"),
    ("visits", "0004_compliance_figures"),
]
AFTER = [
    ("policies", "0002_move_versions"),
    ("registries", "0003_delete_policysetting"),
    ("visits", "0005_delete_visitpolicysetting"),
]
SET_AT = dt.datetime(2025, 3, 2, 1, 30, tzinfo=dt.UTC)


def migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_versions_move_to_one_table_and_back() -> None:
    old = migrate(BEFORE)
    user = old.get_model("accounts", "User")._default_manager.create(username="sheng", full_name="省厅")
    eligibility = old.get_model("registries", "PolicySetting")._default_manager.create(
        province_code="36",
        effective_from=dt.date(2025, 5, 1),
        params={"lb_away_min_months": 3},
        changed_by=user,
    )
    old.get_model("registries", "PolicySetting")._default_manager.filter(pk=eligibility.pk).update(
        changed_at=SET_AT
    )
    visits = old.get_model("visits", "VisitPolicySetting")._default_manager
    visits.create(province_code="36", effective_from=dt.date(2000, 1, 1))  # from before dated versions
    visits.create(
        province_code="36",
        effective_from=dt.date(2025, 7, 1),
        low_visit_months=1,
        alarm_days=20,
        changed_by=user,
        changed_at=SET_AT,
    )
    try:
        new = migrate(AFTER)
        rows = new.get_model("policies", "ProvincePolicy")._default_manager.order_by("kind", "effective_from")
        assert [(r.kind, r.province_code, r.effective_from, r.set_by_id, r.set_at) for r in rows] == [
            ("eligibility", "36", dt.date(2025, 5, 1), user.pk, SET_AT),
            ("visit_frequencies", "36", dt.date(2000, 1, 1), None, None),
            ("visit_frequencies", "36", dt.date(2025, 7, 1), user.pk, SET_AT),
        ]
        assert rows[0].params == {"lb_away_min_months": 3}
        assert rows[2].params == {
            "low_contact_months": 1,
            "low_visit_months": 1,
            "medium_visit_months": 1,
            "high_visit_months": 1,
            "alarm_days": 20,
        }

        back = migrate(BEFORE)
        [setting] = back.get_model("registries", "PolicySetting")._default_manager.all()
        assert (setting.effective_from, setting.params, setting.changed_by_id, setting.changed_at) == (
            dt.date(2025, 5, 1),
            {"lb_away_min_months": 3},
            user.pk,
            SET_AT,
        )
        frequencies = back.get_model("visits", "VisitPolicySetting")._default_manager.order_by(
            "effective_from"
        )
        assert [
            (f.effective_from, f.low_visit_months, f.alarm_days, f.changed_by_id) for f in frequencies
        ] == [
            (dt.date(2000, 1, 1), 3, 30, None),
            (dt.date(2025, 7, 1), 1, 20, user.pk),
        ]
        assert not back.get_model("policies", "ProvincePolicy")._default_manager.exists()
    finally:
        # Leave the schema as the rest of the suite expects it: every app at its latest migration (going
        # back to BEFORE also unapplied the apps that depend on these, such as protection).
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
