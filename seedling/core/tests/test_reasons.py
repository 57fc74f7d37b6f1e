"""One reason type for every rule module: a code and arguments; message and citation from the catalogue."""

from __future__ import annotations

import json
from datetime import date

import pytest

from seedling.core.reasons import REGISTRY, Reason, Shown, register, shown
from seedling.core.sensitivity import Sensitivity
from seedling.workforce import rules as workforce


def test_a_module_registers_its_codes_once_and_a_clash_is_refused() -> None:
    register({"TEST.SAMPLE": ("样例{0}", "出处")})
    register({"TEST.SAMPLE": ("样例{0}", "出处")})  # the same again (a module imported twice): accepted
    with pytest.raises(ValueError, match=r"TEST\.SAMPLE"):
        register({"TEST.SAMPLE": ("另一个意思", "出处")})
    assert REGISTRY["TEST.SAMPLE"] == ("样例{0}", "出处")


def test_messages_are_formatted_when_read_and_stored_as_code_and_arguments() -> None:
    register({"TEST.DATED": ("自{0}起，共{1}次", "出处")})
    r = Reason("TEST.DATED", (date(2024, 1, 5), 3))
    assert (r.message, r.message_zh, r.citation) == ("自2024-01-05起，共3次", "自2024-01-05起，共3次", "出处")
    assert Reason("TEST.DATED", (None, 1)).message == "自日期不详起，共1次"
    stored = json.loads(json.dumps(r.stored()))
    assert stored == {"args": ["2024-01-05", "3"], "code": "TEST.DATED"}
    assert shown(stored) == Shown("TEST.DATED", r.message, "出处")


def test_other_rule_modules_use_the_same_type() -> None:
    status = workforce.training_status(
        in_post_since=date(2024, 6, 1), last_trained_on=None, as_of=date(2025, 6, 2)
    )
    assert isinstance(status.reason, Reason)
    assert (
        status.reason.code in workforce.CATALOGUE
        and REGISTRY[status.reason.code] == workforce.CATALOGUE[status.reason.code]
    )
    assert shown(status.reason.stored()).message_zh == status.reason.message


def test_a_displayed_reason_is_classified_by_the_module_that_registered_its_code() -> None:
    def custody(code: str, message: str) -> Sensitivity | None:
        return Sensitivity.CUSTODY if "服刑" in message else None

    register({"TEST.PARENT": ("{0}{1}", "出处")}, sensitivity=custody)
    register({"TEST.PLAIN": ("{0}", "出处")})
    assert shown(Reason("TEST.PARENT", ("父亲", "服刑在押")).stored()).sensitivity is Sensitivity.CUSTODY
    assert shown(Reason("TEST.PARENT", ("父亲", "外出务工")).stored()).sensitivity is None
    assert shown(Reason("TEST.PLAIN", ("服刑在押",)).stored()).sensitivity is None  # no classifier
    # A row stored with its text is classified from that text.
    legacy = {"code": "TEST.PARENT", "message_zh": "母亲服刑在押", "citation": ""}
    assert shown(legacy) == Shown("TEST.PARENT", "母亲服刑在押", "", Sensitivity.CUSTODY)
