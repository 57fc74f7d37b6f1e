"""Name keys for finding likely duplicates: same sound, forgiving the common slips.

Village records of one child often differ by a homophone (张/章, 丽/莉) or a regional slip
(n/l, zh/z, in/ing). The key is the toneless pinyin with those slips folded, so that such names
meet in one index lookup. Pure Python (pypinyin).
"""

from __future__ import annotations

import functools
import re

from pypinyin import Style, lazy_pinyin

# Initials and finals commonly confused in speech and typing (southern accents, 平翘舌, 前后鼻音).
_FOLDS = (
    (re.compile(r"^zh"), "z"),
    (re.compile(r"^ch"), "c"),
    (re.compile(r"^sh"), "s"),
    (re.compile(r"^l"), "n"),
    (re.compile(r"^h(?=u)"), "f"),  # hu/fu
    (re.compile(r"ing$"), "in"),
    (re.compile(r"eng$"), "en"),
    (re.compile(r"ang$"), "an"),
)


@functools.cache  # a few hundred syllables in all
def _fold(syllable: str) -> str:
    for pattern, replacement in _FOLDS:
        syllable = pattern.sub(replacement, syllable)
    return syllable


@functools.lru_cache(maxsize=100_000)  # a county's ledger repeats many names (a batch writer's cost)
def name_key(name: str) -> str:
    """'张丽' and '章莉' -> 'zan-ni'; spaces and the middle dot of minority names are ignored."""
    cleaned = re.sub(r"[\s·•．.]", "", name)
    return "-".join(_fold(s.lower()) for s in lazy_pinyin(cleaned, style=Style.NORMAL, errors="default"))
