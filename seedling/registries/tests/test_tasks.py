from datetime import date

from django.core.management import call_command

from seedling.people.models import Child
from seedling.registries.models import Determination, Membership, Notice
from seedling.registries.tasks import due_child_ids, recheck_due, recheck_due_task

BIRTHDAY = date(2032, 5, 20)  # 16th birthday of the factory's child (born 2016-05-20)


def test_the_daily_job_touches_only_due_files_and_is_idempotent(file_on):
    due = file_on(date(2025, 3, 1))
    later = [file_on(date(2025, 3, 1), birth_date=date(2017, 1, 1)) for _ in range(3)]
    assert due_child_ids(BIRTHDAY) == [due.pk]
    first = recheck_due(as_of=BIRTHDAY)
    assert first.as_dict() == {"files": 1, "opened": 0, "closed": 1, "changed": 1}
    second = recheck_due(as_of=BIRTHDAY)
    assert second.as_dict() == {"files": 0, "opened": 0, "closed": 0, "changed": 0}
    for child in later:
        assert Membership.unscoped.get(child=child).end is None


def test_a_16th_birthday_closes_left_behind_and_tells_the_director(file_on):
    child = file_on(date(2025, 3, 1))
    recheck_due(as_of=BIRTHDAY)
    row = Membership.unscoped.get(child=child, category="left_behind")
    assert (row.start, row.end, row.exit_reason) == (date(2025, 3, 1), BIRTHDAY, "aged_out")
    notice = Notice.unscoped.get(child=child)
    assert (notice.kind, notice.category, notice.reason, notice.created_on, notice.division_code) == (
        "exited",
        "left_behind",
        "aged_out",
        BIRTHDAY,
        "360313001001",
    )
    det = Determination.unscoped.get(child=child)
    assert det.next_recheck is None  # nothing recorded can change any answer now: never due again
    assert det.evaluated_on == BIRTHDAY


def test_a_birthday_the_job_ran_late_for_still_ends_the_episode(file_on):
    child = file_on(date(2025, 3, 1))
    recheck_due(as_of=date(2032, 6, 3))
    assert Membership.unscoped.get(child=child).end == date(2032, 6, 3)


def test_files_never_evaluated_are_due(file_on):
    child = file_on(date(2025, 3, 1))
    Determination.unscoped.filter(child=child).delete()
    Membership.unscoped.filter(child=child).delete()
    result = recheck_due(as_of=date(2025, 3, 2))
    assert (result.files, result.opened) == (1, 1)
    assert Notice.unscoped.get(child=child).kind == "entered"


def test_merged_files_are_never_due(file_on):
    child = file_on(date(2025, 3, 1))
    Determination.unscoped.filter(child=child).delete()
    Child.unscoped.filter(pk=child.pk).update(status="merged")
    assert due_child_ids(date(2025, 3, 2)) == []


def test_command_runs_and_enqueues(file_on, capsys):
    file_on(date(2025, 3, 1))
    call_command("recheck_due", "--date", "2032-05-20")
    assert capsys.readouterr().out == "2032-05-20: 1 files re-checked, 1 changed, 0 entered, 1 exited\n"
    call_command("recheck_due", "--date", "2032-05-21", "--enqueue")
    assert capsys.readouterr().out.startswith("enqueued ")


def test_task_wraps_the_job(file_on):
    file_on(date(2025, 3, 1))
    assert recheck_due_task.call(as_of="2032-05-20") == {"files": 1, "opened": 0, "closed": 1, "changed": 1}
