"""Read an .xlsx sheet row by row in bounded memory, giving the values python-calamine gives.

python-calamine loads a whole sheet before the first row comes out: about 850 bytes a row for the
ledger's nine benchmark columns, so a million-row ledger needs most of a gigabyte for the sheet
alone (docs/architecture.md#targets: an import of 1M rows under 1 GiB). Here the sheet's XML is parsed as it
is
unzipped and each row is dropped once read; only the shared-string table (which any row may
point into) is held. Values follow calamine exactly (tests/test_xlsx.py compares the two): text,
floats, bools; numbers in a date format become date / datetime / time (timedelta for elapsed-time
formats); error and empty cells are "". Other formats (.xls, .ods) stay with calamine: .xls holds
at most 65,536 rows.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import IO, Any, Final
from xml.etree.ElementTree import Element, iterparse, parse

_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Built-in number formats calamine (as python-calamine 0.9 ships it) reads as dates; 46 is [h]:mm:ss.
_DATE_IDS: Final = frozenset([*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)])
_ELAPSED_IDS: Final = frozenset({46})
DATE, ELAPSED = "date", "elapsed"
_EPOCH: Final = datetime(1899, 12, 30)
_DAYS_1904: Final = 1462
_MS_PER_DAY: Final = 86_400_000
# Excel's own bounds (column XFD, row 1,048,576): a cell beyond them is no workbook Excel wrote, and
# would make a row of hundreds of millions of cells. Parts read whole are bounded as well, so a small
# upload that unzips to gigabytes (a "zip bomb") is refused before it is read.
MAX_COLUMNS: Final = 16_384
MAX_WHOLE_PART: Final = 256 * 1024 * 1024  # the shared strings of a million-row ledger are ~100 MB


class TooLarge(ValueError):
    """The workbook exceeds what Excel itself can hold, or what Seedling reads into memory."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# _SAFE_XML: uploads are untrusted. ElementTree never fetches external entities, and expat (>= 2.4,
# bundled with Python 3.11) caps entity amplification ("billion laughs"); a workbook part has no DTD.


def is_xlsx(archive: zipfile.ZipFile) -> bool:
    return "xl/workbook.xml" in archive.namelist()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(elem: Element, name: str) -> Iterator[Element]:
    return (e for e in elem.iter() if _local(e.tag) == name)


def _text(elem: Element) -> str:
    """A string item (<si> or <is>): its <t> runs, without phonetic guides (<rPh>)."""
    parts: list[str] = []
    for child in elem:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def number_format(code: str) -> str | None:
    """DATE, ELAPSED or None for a custom number format (calamine's detect_custom_number_format)."""
    escaped = quoted = am_pm = hms = False
    brackets, prev = 0, " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":  # escape, width of the next character, fill with it: a literal follows
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":  # only the first section counts
            return None
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return ELAPSED
        elif ch == "]":
            brackets = max(0, brackets - 1)
        elif ch in "aA" and not am_pm and brackets == 0:
            am_pm = True
        elif brackets == 0 and (ch in "pm/PM" if am_pm else ch in "dmhysDMHYS"):
            return DATE
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return None


class Book:
    """One .xlsx: its sheets by name, the shared strings and which styles are dates."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        targets = self._targets("xl/_rels/workbook.xml.rels")
        self.paths: dict[str, str] = {}
        self.is_1904 = False
        for elem in self._xml("xl/workbook.xml").iter():
            name = _local(elem.tag)
            if name == "sheet":
                self.paths[elem.get("name", "")] = targets.get(elem.get(f"{{{_REL}}}id", ""), "")
            elif name == "workbookPr":
                self.is_1904 = elem.get("date1904", "0") in ("1", "true")
        self.sheet_names = list(self.paths)
        self.styles = self._styles()
        self._strings: list[str] | None = None

    def _whole(self, path: str) -> None:
        """Refuse a part read whole that unzips beyond the bound (the zip's own size field can lie,
        so the read itself is bounded too: zipfile stops at the declared size)."""
        if self.archive.getinfo(path).file_size > MAX_WHOLE_PART:
            raise TooLarge(
                f"工作簿的“{path}”部分解压后超过 {MAX_WHOLE_PART // 1024 // 1024} MB，"
                "可能已损坏；请在 Excel 中另存为 .xlsx，或拆分成几个文件后再上传。"
            )

    def _xml(self, path: str) -> Element:
        self._whole(path)
        with self.archive.open(path) as f:
            return parse(f).getroot()  # noqa: S314 - see _SAFE_XML

    def _targets(self, path: str) -> dict[str, str]:
        targets = {}
        for rel in self._xml(path).iter(_RELS):
            target = rel.get("Target", "")
            targets[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        return targets

    def _styles(self) -> list[str | None]:
        """Per cell style (a cell's `s` attribute): DATE, ELAPSED or None."""
        if "xl/styles.xml" not in self.names:
            return []
        root = self._xml("xl/styles.xml")
        custom = {e.get("numFmtId", ""): number_format(e.get("formatCode", "")) for e in _all(root, "numFmt")}
        kinds: list[str | None] = []
        for xfs in _all(root, "cellXfs"):
            for xf in xfs:
                fid = xf.get("numFmtId", "0")
                number = int(fid) if fid.isdigit() else -1
                builtin = DATE if number in _DATE_IDS else ELAPSED if number in _ELAPSED_IDS else None
                kinds.append(custom.get(fid, builtin))
        return kinds

    @property
    def strings(self) -> list[str]:
        """The shared-string table, read once (any row may point anywhere into it)."""
        if self._strings is None:
            self._strings = []
            if "xl/sharedStrings.xml" in self.names:
                self._whole("xl/sharedStrings.xml")
                with self.archive.open("xl/sharedStrings.xml") as f:
                    self._strings = [_text(si) for si in _items(f, "si")]
        return self._strings

    def rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, values from column A on) of each row that holds a value, in order."""
        strings, styles, is_1904 = self.strings, self.styles, self.is_1904
        last = 0
        with self.archive.open(self.paths[name]) as f:
            for row in _items(f, "row"):
                values: list[Any] = []
                for c in row:
                    value = _value(c, strings, styles, is_1904)
                    if value is None:
                        continue
                    ref = c.get("r")
                    column = _column(ref) if ref else len(values)
                    if column >= MAX_COLUMNS:
                        raise TooLarge(
                            f"单元格 {ref} 超出了 Excel 的最大列（XFD 列），文件已损坏或不是 Excel 保存的；"
                            "请在 Excel 中打开并另存为 .xlsx 后再上传。"
                        )
                    if column > len(values):
                        values += [""] * (column - len(values))
                    values.append(value)
                number = row.get("r")
                last = int(number) if number else last + 1
                if values:
                    yield last, values

    def row_count(self, name: str) -> int:
        """How many rows the sheet's XML holds, by counting their opening tags in the unzipped bytes
        (C speed, no parsing): an estimate for a progress bar, since blank rows count too."""
        count, tail = 0, b""
        with self.archive.open(self.paths[name]) as f:
            while chunk := f.read(1 << 20):
                data = tail + chunk
                # "<row " / "<row>", or with a namespace prefix ("<x:row "); never a closing tag.
                count += data.count(b"<row ") + data.count(b"<row>") + data.count(b":row ")
                tail = data[-4:]  # shorter than a tag: a tag split across chunks is counted once
        return count


def _all(root: Element, name: str) -> Iterator[Element]:
    return (e for e in root.iter() if _local(e.tag) == name)


def _items(f: IO[bytes], name: str) -> Iterator[Element]:
    """Each <name> element of a large part, complete; removed from the tree once the caller is
    done with it, so the tree never holds more than one."""
    parents: list[Element] = []
    for event, elem in iterparse(f, events=("start", "end")):  # noqa: S314 - see _SAFE_XML
        if event == "start":
            parents.append(elem)
            continue
        parents.pop()
        if elem.tag.endswith(name) and _local(elem.tag) == name:
            yield elem
            if parents:
                parents[-1].remove(elem)


def _column(ref: str) -> int:
    """'A1' -> 0, 'AB7' -> 27."""
    index = 0
    for ch in ref:
        if ch <= "9":
            break
        index = index * 26 + ord(ch) - 64
    return index - 1


def _value(c: Element, strings: list[str], styles: list[str | None], is_1904: bool) -> Any:
    """A cell as calamine reads it; None when it holds nothing (a styled empty cell)."""
    kind = c.get("t", "n")
    v = formula = None
    for e in c:
        tag = _local(e.tag)
        if tag == "v":
            v = e.text
        elif tag == "f":
            formula = e
        elif tag == "is":
            return _text(e)
    if v is None:
        return "" if formula is not None or kind == "inlineStr" else None
    if kind == "s":
        return strings[int(v)]
    if kind in ("str", "d"):
        return v
    if kind == "b":
        return v == "1"
    if kind == "e":
        return ""
    number = float(v)
    style = c.get("s")
    fmt = styles[int(style)] if style and int(style) < len(styles) else None
    return number if fmt is None else _date(number, fmt, is_1904)


def _date(number: float, fmt: str, is_1904: bool) -> Any:
    """A serial number in a date format, as python-calamine converts it."""
    if fmt == ELAPSED:
        return timedelta(milliseconds=round(number * _MS_PER_DAY))
    if number < 0:
        return ""
    if number < 1:
        ms = round(number * _MS_PER_DAY)
        return (datetime.min + timedelta(milliseconds=ms)).time() if ms < _MS_PER_DAY else time(0)
    days = number + (_DAYS_1904 if is_1904 else 0)
    if days < 60:
        days += 1  # Excel's day 60 is a 29 February 1900 that never was
    try:
        moment = _EPOCH + timedelta(milliseconds=round(days * _MS_PER_DAY))
    except OverflowError:
        return ""
    return moment.date() if number.is_integer() else moment
