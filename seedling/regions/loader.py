"""Load the NBS division table (统计用区划代码) into Division, idempotently, and record what changed.

The file is the flat CSV shipped in `data/` (`code,name,level,parent_code[,urban_rural_code]`,
UTF-8, gzip or plain). A load covers a *scope*: the whole country (prefix "") or every code that
starts with a prefix, plus the ancestors of the prefix's own division so a slice is self-contained.

Inside the scope the file is the truth:
- a code in the file but not in the table is added; one with another name is renamed, another
  parent moved; a retired code that is back is restored;
- an active code of the scope missing from the file is retired (`retired_on = today`), never
  deleted: children's files and accounts keep pointing at it until they are moved;
- `edition` of every active row in the scope becomes the loaded edition ("last listed in"), while a
  retired row keeps the edition it was last listed in. Edition and level corrections are written but
  are not changes.

Speed: the existing rows of the scope are read once into a dict, the file is streamed, and only
differences are written. New rows go through COPY on PostgreSQL and executemany elsewhere
(`_insert_rows`), so the national file (665k rows) loads in well under a minute.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.db import connection, transaction
from django.utils import timezone

from seedling.core import division_codes as codes
from seedling.core.errors import ValidationFailed
from seedling.regions.models import Division, DivisionChange

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "divisions_2023.csv.gz"
REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
BATCH = 50_000  # rows per COPY / executemany: bounded memory, few round trips
_EDITION_RE = re.compile(r"^\d{4}$")
_CANONICAL_PREFIX_LENGTHS = (2, 4, 6, 9, 12)
_LEVELS = {str(level): level for level in range(codes.PROVINCE, codes.VILLAGE + 1)}
_NAME_MAX = Division._meta.get_field("name").max_length or 100

Kind = DivisionChange.Kind
# code -> (name, level, parent_code or "", retired) as read from the table
_Existing = tuple[str, int, str, bool]


class DivisionLoadError(ValidationFailed):
    """The file or the arguments cannot be loaded. The message is for the user, in Chinese."""

    code = "regions.load_invalid"


@dataclass(frozen=True)
class LoadReport:
    """What one load did. A row renamed and moved at once counts in both; `unchanged` counts file
    rows that were neither added, renamed, moved nor restored."""

    prefix: str
    edition: str
    rows: int  # rows of the file inside the scope
    added: int
    renamed: int
    moved: int
    retired: int
    restored: int
    unchanged: int
    recorded: int  # DivisionChange rows written
    baseline: bool  # first load of this scope: changes were applied but not recorded one by one

    def summary(self) -> str:
        scope = f"范围 {self.prefix}" if self.prefix else "全国"
        tail = "首次导入该范围，未逐条记录变更" if self.baseline else f"记录变更 {self.recorded} 条"
        return (
            f"区划代码 {self.edition} 版导入完成（{scope}）：文件 {self.rows} 条；"
            f"新增 {self.added}，更名 {self.renamed}，迁移 {self.moved}，撤销 {self.retired}，"
            f"恢复 {self.restored}，未变 {self.unchanged}；{tail}。"
        )


def load_divisions(source: Path, *, prefix: str = "", edition: str = "2023", today: date) -> LoadReport:
    """Load `source` into Division for the scope `prefix` ("" = the whole country), in one transaction.

    Change records: one DivisionChange per change (added / renamed / moved / retired / restored),
    but only when the table already held rows inside the prefix. The first load of a scope is a
    baseline, not news: 665k "added" rows on the first national load would only bury real changes.
    (Ancestors outside the prefix do not count: loading 4419 after 3603 is still a baseline.)

    Each row of the scope is checked: a 12-digit code; a level 1–5 that agrees with the code
    (`codes.level_of`); a parent that is the division of one of the code's own prefixes (the code is
    the scope path, so a parent elsewhere would break scoping) and that is in the file or, for an
    ancestor of the prefix, active in the table. Rows outside the scope are skipped unchecked.
    Raises DivisionLoadError with a Chinese message naming the file line; nothing is written then.
    """
    prefix = _check_prefix(prefix)
    if not _EDITION_RE.match(edition):
        raise DivisionLoadError(f"版本应为4位年份，例如 2023：{edition!r}")
    if not source.is_file():
        raise DivisionLoadError(f"找不到区划文件：{source}")
    root = codes.code_from_prefix(prefix) if prefix else ""
    ancestors = frozenset(codes.ancestors_of(root)) if prefix else frozenset()

    with transaction.atomic():
        existing = _read_existing(prefix, ancestors)
        baseline = all(code in ancestors for code in existing)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        late_parents: list[tuple[int, str, str]] = []  # (line, code, parent) whose parent was not read yet
        counts = dict.fromkeys(Kind.values, 0)
        unchanged = recorded = 0

        def change(code: str, kind: str, old: tuple[str, str], new: tuple[str, str]) -> None:
            nonlocal recorded
            counts[kind] += 1
            if not baseline:
                kind = str(kind)  # the plain value, for COPY and sqlite3 alike
                changes.append((code, kind, edition, old[0], new[0], old[1], new[1], now))
                recorded += 1
                if len(changes) >= BATCH:
                    _insert_rows(DivisionChange, _CHANGE_COLUMNS, changes)
                    changes.clear()

        for line, code, name, level, parent in _read_rows(source, prefix, ancestors):
            if code in seen:
                raise DivisionLoadError(f"{source.name} 第 {line} 行：区划代码 {code} 重复")
            seen.add(code)
            if parent and parent not in seen:
                late_parents.append((line, code, parent))
            old = existing.get(code)
            if old is None:
                inserts.append((code, name, level, parent or None, edition, None))
                change(code, Kind.ADDED, ("", ""), (name, parent))
                if len(inserts) >= BATCH:
                    _insert_rows(Division, _DIVISION_COLUMNS, inserts)
                    inserts.clear()
                continue
            old_name, old_level, old_parent, old_retired = old
            if name == old_name and parent == old_parent and not old_retired:
                unchanged += 1
                if level != old_level:  # a hand-edited level: put it right, nothing to report
                    updates.append((name, level, parent or None, edition, code))
                continue
            updates.append((name, level, parent or None, edition, code))
            before, after = (old_name, old_parent), (name, parent)
            if old_retired:
                change(code, Kind.RESTORED, before, after)
            if name != old_name:
                change(code, Kind.RENAMED, before, after)
            if parent != old_parent:
                change(code, Kind.MOVED, before, after)

        for line, code, parent in late_parents:
            if parent in seen:
                continue
            held = existing.get(parent)
            # Only an ancestor above the prefix may come from the table: one inside it is retired now.
            if held is None or held[3] or parent not in ancestors:
                raise DivisionLoadError(
                    f"{source.name} 第 {line} 行：{code} 的上级 {parent} 既不在文件中，库中也没有有效的该区划"
                )
        if not seen:
            where = f"代码以 {prefix} 开头的" if prefix else ""
            raise DivisionLoadError(f"{source.name} 中没有{where}区划")
        if prefix and root not in seen:
            raise DivisionLoadError(f"{source.name} 中没有前缀 {prefix} 所指的区划 {root}")

        retire = [
            code
            for code, (_name, _level, _parent, retired) in existing.items()
            if not retired
            and code not in seen
            and code.startswith(prefix)
            and code not in ancestors
            # A township's "其他" placeholder is Seedling's, not the file's: it stays while its
            # township is listed (docs/rules/workflow.md#dm-1).
            and not (codes.is_placeholder(code) and code[:9] + "000" in seen)
        ]
        for code in retire:
            old_name, _level, old_parent, _retired = existing[code]
            change(code, Kind.RETIRED, (old_name, old_parent), ("", ""))

        _insert_rows(Division, _DIVISION_COLUMNS, inserts)
        _update_rows(updates, retire, today)
        _bump_edition(prefix, sorted(ancestors & seen), edition)
        _insert_rows(DivisionChange, _CHANGE_COLUMNS, changes)

    return LoadReport(
        prefix=prefix,
        edition=edition,
        rows=len(seen),
        added=counts[Kind.ADDED],
        renamed=counts[Kind.RENAMED],
        moved=counts[Kind.MOVED],
        retired=counts[Kind.RETIRED],
        restored=counts[Kind.RESTORED],
        unchanged=unchanged,
        recorded=recorded,
        baseline=baseline,
    )


def _check_prefix(prefix: str) -> str:
    prefix = prefix.strip()
    if not prefix:
        return ""
    canonical = prefix.isascii() and prefix.isdigit() and len(prefix) in _CANONICAL_PREFIX_LENGTHS
    if canonical and codes.is_code(codes.code_from_prefix(prefix)):
        # "360300" names 萍乡市 too, but only "3603" selects the same rows as its scope does.
        if codes.prefix_of(codes.code_from_prefix(prefix)) == prefix:
            return prefix
        raise DivisionLoadError(
            f"区划前缀 {prefix} 不规范，应写作 {codes.prefix_of(codes.code_from_prefix(prefix))}"
        )
    raise DivisionLoadError(f"区划前缀应为2、4、6、9或12位数字：{prefix!r}")


def _is_gzip(source: Path) -> bool:
    with source.open("rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def _open_text(source: Path) -> TextIO:
    # utf-8-sig: a CSV saved from a spreadsheet may start with a byte-order mark.
    if _is_gzip(source):
        return gzip.open(source, "rt", encoding="utf-8-sig", newline="")
    return source.open(encoding="utf-8-sig", newline="")


_Row = tuple[int, str, str, int, str]  # (line, code, name, level, parent_code or "")


def _read_rows(source: Path, prefix: str, ancestors: frozenset[str]) -> Iterator[_Row]:
    """(line, code, name, level, parent_code or "") for each row in the scope, checked on its own."""
    where = source.name
    parent_prefix: dict[str, str] = {}  # parents repeat: compute each one's prefix once
    with _open_text(source) as text:
        reader = csv.reader(text)
        try:
            header = [h.strip() for h in next(reader, [])]
            if not set(REQUIRED_COLUMNS) <= set(header):
                raise DivisionLoadError(
                    f"{where} 第 1 行：表头应包含 {','.join(REQUIRED_COLUMNS)}，实际为 {','.join(header)}"
                )
            i_code, i_name, i_level, i_parent = (header.index(c) for c in REQUIRED_COLUMNS)
            width = max(i_code, i_name, i_level, i_parent) + 1
            for row in reader:
                if not row:
                    continue
                code = row[i_code].strip() if len(row) > i_code else ""
                if not (code.startswith(prefix) or code in ancestors):
                    continue
                line = reader.line_num
                if len(row) < width:
                    raise DivisionLoadError(f"{where} 第 {line} 行：应至少有 {width} 列，实际 {len(row)} 列")
                try:
                    if not code.isascii():  # codes.is_code's \d would take full-width digits
                        raise codes.InvalidDivisionCode(code)
                    by_code = codes.level_of(code)
                except codes.InvalidDivisionCode:
                    raise DivisionLoadError(f"{where} 第 {line} 行：区划代码应为12位数字：{code!r}") from None
                name = row[i_name].strip()
                if not name or len(name) > _NAME_MAX:
                    raise DivisionLoadError(f"{where} 第 {line} 行：名称应为1到{_NAME_MAX}个字：{name!r}")
                level_text = row[i_level].strip()
                level = _LEVELS.get(level_text, 0)
                if level != by_code:
                    raise DivisionLoadError(
                        f"{where} 第 {line} 行：级别 {level_text} 与代码 {code} 不符（按代码应为 {by_code}）"
                    )
                parent = row[i_parent].strip()
                if level == codes.PROVINCE:
                    if parent:
                        raise DivisionLoadError(
                            f"{where} 第 {line} 行：省级区划 {code} 不应有上级：{parent!r}"
                        )
                else:
                    scope = parent_prefix.get(parent)
                    if scope is None:
                        if not (parent.isascii() and codes.is_code(parent)):
                            raise DivisionLoadError(f"{where} 第 {line} 行：上级代码应为12位数字：{parent!r}")
                        scope = parent_prefix[parent] = codes.prefix_of(parent)
                    if parent == code or not code.startswith(scope):
                        raise DivisionLoadError(
                            f"{where} 第 {line} 行：{parent} 不是 {code} 的上级区划（代码应以 {scope} 开头）"
                        )
                yield line, code, name, level, parent
        except UnicodeDecodeError as exc:
            # Text is decoded in chunks, so the reader's line number is not where the bad byte is.
            line = _first_undecodable_line(source)
            raise DivisionLoadError(f"{where} 第 {line} 行：不是UTF-8编码") from exc
        except (EOFError, gzip.BadGzipFile, csv.Error) as exc:
            raise DivisionLoadError(f"{where}：无法读取（应为UTF-8编码的CSV，可用gzip压缩）：{exc}") from exc


def _first_undecodable_line(source: Path) -> int:
    with gzip.open(source, "rb") if _is_gzip(source) else source.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0  # pragma: no cover - only called after a decoding error


def _read_existing(prefix: str, ancestors: frozenset[str]) -> dict[str, _Existing]:
    """code -> (name, level, parent or "", retired) for every row of the scope and the prefix's ancestors."""
    table = connection.ops.quote_name(Division._meta.db_table)
    parent_col = connection.ops.quote_name(Division._meta.get_field("parent").column)
    sql = f"SELECT code, name, level, {parent_col}, retired_on IS NOT NULL FROM {table}"  # noqa: S608 - model names
    conditions, params = [], []
    if prefix:
        conditions.append("code LIKE %s")  # digits only: no wildcard to escape; uses the _like index on PG
        params.append(prefix + "%")
    if ancestors:
        conditions.append(f"code IN ({', '.join(['%s'] * len(ancestors))})")
        params.extend(sorted(ancestors))
    if conditions:
        sql += " WHERE " + " OR ".join(conditions)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One load at a time (readers are not blocked): a second load waits for this one's commit
            # instead of comparing against rows that are being changed. SQLite's BEGIN IMMEDIATE does this.
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(sql, params)
        rows = cursor.fetchall()  # one call: iterating Django's cursor wrapper costs a call per row
    return {code: (name, level, parent or "", bool(gone)) for code, name, level, parent, gone in rows}


_DIVISION_COLUMNS = ("code", "name", "level", "parent_id", "edition", "retired_on")
_CHANGE_COLUMNS = (
    "code",
    "kind",
    "edition",
    "old_name",
    "new_name",
    "old_parent_code",
    "new_parent_code",
    "recorded_at",
)


def _insert_rows(
    model: type[Division] | type[DivisionChange], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Append rows to a model's table: COPY on PostgreSQL (the fast path), batched executemany elsewhere.

    Values must already be database-ready (dates adapted); column names come from the model, not input.
    """
    if not rows:
        return
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608 - model names only
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[start : start + BATCH])


def _update_rows(updates: list[tuple[Any, ...]], retire: list[str], today: date) -> None:
    table = connection.ops.quote_name(Division._meta.db_table)
    day = connection.ops.adapt_datefield_value(today)
    with connection.cursor() as cursor:
        # Every updated row is in the file, hence active.
        sql = (
            f"UPDATE {table} SET name = %s, level = %s, parent_id = %s, edition = %s, retired_on = NULL"  # noqa: S608
            " WHERE code = %s"
        )
        for start in range(0, len(updates), BATCH):
            cursor.executemany(sql, updates[start : start + BATCH])
        sql = f"UPDATE {table} SET retired_on = %s WHERE code = %s"  # noqa: S608 - model names only
        for start in range(0, len(retire), BATCH):
            cursor.executemany(sql, [(day, code) for code in retire[start : start + BATCH]])


def _bump_edition(prefix: str, ancestors_in_file: list[str], edition: str) -> None:
    """Mark every active row the file listed with this edition, in one statement per part.

    After retiring, the active rows inside the prefix are exactly the file's rows, so no list of
    500k codes is needed; rows already on this edition are not touched.
    """
    table = connection.ops.quote_name(Division._meta.db_table)
    sql = f"UPDATE {table} SET edition = %s WHERE retired_on IS NULL AND edition <> %s"  # noqa: S608
    with connection.cursor() as cursor:
        if prefix:
            cursor.execute(f"{sql} AND code LIKE %s", [edition, edition, prefix + "%"])
        else:
            cursor.execute(sql, [edition, edition])
        if ancestors_in_file:
            marks = ", ".join(["%s"] * len(ancestors_in_file))
            cursor.execute(f"{sql} AND code IN ({marks})", [edition, edition, *ancestors_in_file])
