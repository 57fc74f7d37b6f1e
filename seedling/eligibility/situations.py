"""Which of a relative's recorded situations count on a date
(docs/rules/eligibility.md#when-a-situation-counts).

One pass over a father's, mother's or husband's situations sorts them into three groups, each
read by different rules:

- ``AWAY``: 外出务工 that has lasted the required months (left-behind child / woman);
- ``QUAL``: the de facto unsupported situations in force (62号 six + 125号 additions), which are
  also what makes a stay-home parent "无监护能力" for the left-behind rule (Q2);
- ``ABSENT``: 死亡 / 失踪 / 查找不到 (orphan; 死亡 and 失踪 also for FDU's one-parent clause).

For each group it keeps the first situation that counts, notes on the ones that do not (yet),
and the earliest later date on which any of them starts, reaches its threshold or ends.
"""

from __future__ import annotations

from datetime import date

from seedling.core.dates import add_months, months_reached
from seedling.eligibility.facts import RelativeFacts, Situation, SituationKind
from seedling.eligibility.policy import PolicyVersion
from seedling.eligibility.reasons import Reason

AWAY, QUAL, ABSENT = 0, 1, 2

K = SituationKind

# Enum members as module constants: a class attribute lookup on an Enum is slow in the hot path.
_LOST_CONTACT = K.LOST_CONTACT
_DEPORTED = K.DEPORTED
_SEVERE_DISABILITY = K.SEVERE_DISABILITY
_SERIOUS_ILLNESS = K.SERIOUS_ILLNESS
_AWAY_WORK = K.AWAY_WORK
_OTHER = K.OTHER
_UNKNOWN = K.UNKNOWN

ABSENT_KINDS = frozenset({K.DEAD, K.MISSING, K.UNKNOWN})
# FDU-6: custody measures count by their imposed term (Q8) and last until release.
CUSTODY_KINDS = frozenset({K.IMPRISONED, K.COMPULSORY_DETOX, K.OTHER_RESTRICTION})


class RelativeState:
    """The counted situations of one relative on one date. Built by ``assess``; read-only after.

    ``next_*`` is the earliest later date on which a situation of those groups starts, reaches
    its threshold or ends; ``notes_*`` explain recorded situations that do not count (yet).
    """

    __slots__ = (
        "absent",
        "away",
        "dm",
        "next_absent",
        "next_any",
        "next_away",
        "next_fdu",
        "notes_absent",
        "notes_any",
        "notes_away",
        "notes_fdu",
        "qual_both",
        "qual_one",
        "who",
    )

    def __init__(self, who: str) -> None:
        self.who = who
        self.away: Situation | None = None
        self.absent: Situation | None = None  # 死亡, 失踪 or 查找不到
        self.dm: Situation | None = None  # 死亡 or 失踪 only (FDU-4b)
        self.qual_one: Situation | None = None  # counts in FDU's one-parent clause
        self.qual_both: Situation | None = None  # counts in FDU's both-parents clause
        self.next_away: date | None = None
        self.next_absent: date | None = None
        self.next_fdu: date | None = None  # QUAL and ABSENT
        self.next_any: date | None = None  # all three groups
        self.notes_away: tuple[Reason, ...] = ()
        self.notes_absent: tuple[Reason, ...] = ()
        self.notes_fdu: tuple[Reason, ...] = ()
        self.notes_any: tuple[Reason, ...] = ()


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a < b else b


def _add(notes: list[list[Reason]] | None, group: int, reason: Reason) -> list[list[Reason]]:
    if notes is None:
        notes = [[], [], []]
    notes[group].append(reason)
    return notes


# Relatives with no recorded situation share one state per role (the common case, kept cheap).
_EMPTY: dict[str, RelativeState] = {}


def _blocker(s: Situation, who: str, params: PolicyVersion) -> Reason | None:
    """Why a QUAL-group situation can never count under these facts and parameters."""
    kind = s.kind
    if kind not in params.qset_one:
        return Reason("SIT.NOT_IN_FORCE", (who, s))
    if kind in CUSTODY_KINDS:
        if s.term_months is None:
            return Reason("SIT.TERM_UNKNOWN", (who, s))
        # "6个月以上" = at least 6 (docs/rules/README.md#inclusive-and-exclusive-words)
        if s.term_months < params.custody_min_term_months:
            return Reason("SIT.TERM_TOO_SHORT", (who, s, params.custody_min_term_months))
    elif kind is _LOST_CONTACT or kind is _DEPORTED:
        if s.fulfils_duties:  # both require 未履行监护抚养责任 / 抚养义务
            return Reason("SIT.FULFILS_DUTIES", (who, s))
    elif kind is _SEVERE_DISABILITY:
        if s.disability is None or not s.disability.is_severe:
            return Reason("SIT.NOT_SEVERE", (who, s))
    elif (
        kind is _SERIOUS_ILLNESS
        and params.serious_illnesses is not None
        and s.illness not in params.serious_illnesses
    ):
        return Reason("SIT.ILLNESS_NOT_LISTED", (who, s))
    return None


def assess(
    rel: RelativeFacts,
    who: str,
    d: date,
    params: PolicyVersion,
    away_months: int,
    away_basis: str | None = None,
) -> RelativeState:
    """Sort ``rel``'s situations on date ``d``; ``who`` is 父亲 / 母亲 / 丈夫 for messages.

    ``away_basis``: the document that set ``away_months``, quoted by the notes on work away that has
    not lasted long enough (docs/rules/eligibility.md#lb-4); None where a notice fixes the months."""
    if not rel.situations:
        empty = _EMPTY.get(who)
        if empty is None:
            empty = _EMPTY[who] = RelativeState(who)
        return empty
    st = RelativeState(who)
    notes: list[list[Reason]] | None = None  # by group, built on the first note (rare)
    nexts: list[date | None] = [None, None, None]
    for s in rel.situations:
        kind = s.kind
        months = 0
        if kind is _AWAY_WORK:
            group = AWAY
            months = away_months
        elif kind in ABSENT_KINDS:
            group = ABSENT
        elif kind is _OTHER:
            notes = _add(notes, QUAL, Reason("SIT.OTHER", (who, s)))
            continue
        else:
            group = QUAL
            blocker = _blocker(s, who, params)
            if blocker is not None:
                notes = _add(notes, QUAL, blocker)
                continue
            if kind is _LOST_CONTACT:
                months = params.lost_contact_min_months
        since = s.since
        end = s.until
        if end is None and since is not None and kind in CUSTODY_KINDS:
            end = add_months(since, s.term_months or 0)  # term checked by _blocker; release date
        if end is not None and end <= d:
            notes = _add(notes, group, Reason("SIT.ENDED", (who, s, end)))
            continue
        if months:
            if since is None:
                notes = _add(notes, group, Reason("SIT.SINCE_UNKNOWN", (who, s)))
                continue
            if since > d or not months_reached(since, months, d):
                reached = add_months(since, months)
                if end is None or reached < end:
                    nexts[group] = _earliest(nexts[group], reached)
                    if group == AWAY and away_basis is not None:
                        note = Reason("SIT.AWAY_PENDING", (who, s, months, reached, away_basis))
                    else:
                        note = Reason("SIT.PENDING", (who, s, months, reached))
                    notes = _add(notes, group, note)
                elif group == AWAY and away_basis is not None:  # it ends before it lasts long enough
                    notes = _add(
                        notes, group, Reason("SIT.AWAY_ENDS_EARLY", (who, s, end, months, away_basis))
                    )
                else:
                    notes = _add(notes, group, Reason("SIT.ENDS_EARLY", (who, s, end, months)))
                continue
        elif since is not None and since > d:  # recorded ahead of time
            nexts[group] = _earliest(nexts[group], since)
            continue
        if end is not None:
            nexts[group] = _earliest(nexts[group], end)
        if group == AWAY:
            if st.away is None:
                st.away = s
        elif group == ABSENT:
            if st.absent is None:
                st.absent = s
            if st.dm is None and kind is not _UNKNOWN:
                st.dm = s
        else:
            if st.qual_one is None:
                st.qual_one = s
            if st.qual_both is None and kind in params.qset_both:
                st.qual_both = s
    away_next, qual_next, absent_next = nexts
    if away_next is not None or qual_next is not None or absent_next is not None:
        st.next_away = away_next
        st.next_absent = absent_next
        st.next_fdu = _earliest(qual_next, absent_next)
        st.next_any = _earliest(st.next_fdu, away_next)
    if notes is not None:
        st.notes_away = tuple(notes[AWAY])
        st.notes_absent = tuple(notes[ABSENT])
        st.notes_fdu = (*notes[QUAL], *notes[ABSENT])
        st.notes_any = (*notes[AWAY], *st.notes_fdu)
    return st
