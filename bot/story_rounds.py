"""What headlines and figures say about one employer's rounds of cuts: a plan, cuts to
come, cuts carried out, another round, and whether two figures agree. Used by the story
planner (bot/stories.py), which decides with the dates; pure functions of headlines and tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.headlines import overlap
from bot.models import Kind, Tags
from bot.reactions import ANSWER_STEMS, DENIAL_WORDS, REACTION_WORDS, STANCE_WORDS

_ROUND = re.compile(
    r"\b(?:another|additional|further|fresh|(?:new|second|third|fourth|next) round"
    r"|more (?:jobs|job cuts|layoffs|cuts|workers|staff|employees|people|roles)"
    r"|[\d,.]+k? more|again)\b",
    re.IGNORECASE,
)
# A headline reporting a plan rather than cuts made.
_PLAN = re.compile(
    r"\b(?:plans?|planning|considering|weighs|mulls|could cut|may cut|expected to cut"
    r"|set to (?:cut|axe|slash|shed)|reportedly|(?:is |are )?said to|likely|probably"
    r"|prepar(?:es|ing) (?:for|to)|brac(?:es|ing) for)\b",
    re.IGNORECASE,
)
# A forecast an employer (or its boss) makes about its jobs ('IBM believes 7,800 ... could
# be replaced by AI', '... Expected to Cut 8,000 Jobs in IBM: CEO'), not a take on cuts made.
_CLAIM = re.compile(r"\b(?:could|may|might|expects?|expected|believes?|predicts?)\b", re.I)
# A headline announcing cuts to come ('Amazon to cut another 9,000 jobs').
_ANNOUNCED = re.compile(r"\bto (?:cut|axe|slash|shed|lay off|eliminate)\b", re.IGNORECASE)
# Cuts named in a headline ('planning to lay off', 'plans job cuts', 'confirms 4,000 cuts'),
# not what follows them.
_CUTS = re.compile(
    r"\b(?:cut|axe|slash|shed|lay ?off|la(?:id|ying) off|layoffs?|eliminate|job cuts"
    r"|\d[\d,.]*k? cuts)\b",
    re.I,
)
# A headline saying that announced cuts are being carried out or confirmed.
_CARRIED_OUT = re.compile(
    r"\b(?:starts?|started|starting|begins?|began|beginning|kicks? off|confirms?|confirmed"
    r"|notif(?:y|ies|ied)|carr(?:y|ies|ied) out|goes ahead|go ahead)\b",
    re.IGNORECASE,
)


def bound_agrees(a: Tags, b: Tags) -> bool:
    """A headcount stated as a lower bound ('more than 200', '200-plus', 'at least 200')
    and another at or above it, up to ROUND_APART times it ('230', 'over 250'): one figure,
    the second more precise, not two (an outlet's '200-plus' beside another's '230')."""
    x, y = a.headcount or 0, b.headcount or 0
    if not (x and y):
        return False
    low, high, bound = (x, y, a.headcount_at_least) if x <= y else (y, x, b.headcount_at_least)
    return bound and high <= ROUND_APART * low


def _headcounts_apart(a: Tags, b: Tags) -> bool:
    if not (a.headcount and b.headcount):
        return False
    low, high = sorted((a.headcount, b.headcount))
    return high > 1.1 * low


def figures_differ(a: Tags, b: Tags) -> bool:
    """'14,000 jobs' and '16,000 jobs' (or 10% and 4%) are not one figure; 'more than
    14,000' and '16,000' are (`bound_agrees`)."""
    if _headcounts_apart(a, b) and not bound_agrees(a, b):
        return True
    if a.percent is not None and b.percent is not None:
        return abs(a.percent - b.percent) > max(1.0, 0.1 * max(a.percent, b.percent))
    return False


# A later headline saying the round's figure grew ('Amazon layoffs now expected to mount to
# 20,000' weeks after 10,000): the round's count revised, not another round.
_REVISED = re.compile(
    r"\b(?:now (?:expected|set|likely|said)|(?:mount|rise|grow|climb|swell|balloon)s? to)\b", re.I
)


def grown_apart(earlier: Tags, later: Tags, later_titles: Sequence[str]) -> bool:
    """Weeks apart, figures apart and no headline saying another round: a larger headcount
    is the next round unless the later says the count grew (`_REVISED`); a smaller one is
    most often a part of the first. Other figures (percents) apart: another round."""
    if later.headcount and earlier.headcount:
        larger = later.headcount > 1.1 * earlier.headcount and not bound_agrees(earlier, later)
        return larger and not any(_REVISED.search(t) for t in later_titles)
    return True


def close_figure(a: Tags, b: Tags) -> bool:
    """Both give a figure and they agree ('17,000' then '18,000' as the count firms up). A
    lower bound is not close to a count above it: weeks later, a headline saying another
    round with such a count is one ('more than 200' then 'another 280 jobs')."""
    both = bool(a.headcount and b.headcount) or (a.percent is not None and b.percent is not None)
    return both and not figures_differ(a, b) and not _headcounts_apart(a, b)


def same_figure(a: Tags, b: Tags) -> bool:
    if a.headcount and b.headcount and a.headcount == b.headcount:
        return True
    return a.percent is not None and b.percent is not None and abs(a.percent - b.percent) < 0.5


def _round_words(titles: Sequence[str]) -> frozenset[str]:
    return frozenset(
        re.sub(r"^[\d,.]+k? ", "", m.group(0).lower()).split()[0]
        for t in titles
        for m in _ROUND.finditer(t)
    )


def says_round(earlier: Sequence[str], later: Sequence[str], agree: bool = False) -> bool:
    """Whether the later headlines say 'another', 'new round', 'more' where the earlier did
    not: the same words on both sides are one round told again ('Lyft to cut 1,200 jobs in
    new round of layoffs', 'Lyft says it will cut more than 1,000 people in new round').
    When the figures `agree` (or one side gives none), so are other words for it after an
    earlier headline announcing a further round (`announced`): the later is that round,
    however each outlet words it ('Meta reportedly plans more job cuts', 'Meta starts
    cutting 10,000 workers in second round of layoffs'), unless both count rounds and count
    them apart ('second', 'third'). Figures apart, 'another 2,000' is another round."""
    said = _round_words(earlier)
    new = _round_words(later) - said
    if agree and said and announced(earlier):
        new = new & _ORDINAL if said & _ORDINAL else frozenset()
    return bool(new) and not (said & _PLAN_ROUND and reports_plan(later))


# Words counting rounds: a later headline's other count than the earlier's is another round.
_ORDINAL = frozenset({"second", "third", "fourth"})


# Words a report of a further plan uses: 'plans more job cuts', 'fresh layoffs', 'another
# round' are one plan worded by outlets their own way.
_PLAN_ROUND = frozenset({"another", "more", "fresh", "further", "additional", "new", "next"})

_FIRST = re.compile(r"\bfirst (?:(?:of \w+ )?rounds?|wave|phase)\b", re.IGNORECASE)


# Outlets count one announcement apart by up to a fifth or so ('Hasbro Cuts 900 More Jobs'
# beside 'Hasbro Cutting 1,100 Jobs' the same day, fresh-stories); a figure ROUND_APART
# times the other's or more, said to be another round, is one ('another 500' beside 4,000).
ROUND_APART = 1.5


def figures_far_apart(a: Tags, b: Tags) -> bool:
    """Two headcounts (or else two percents) ROUND_APART times apart or more."""
    if a.headcount and b.headcount:
        low, high = sorted((a.headcount, b.headcount))
        return high >= ROUND_APART * low and not bound_agrees(a, b)
    if a.percent is not None and b.percent is not None:
        low_p, high_p = sorted((a.percent, b.percent))
        return high_p >= ROUND_APART * low_p and high_p - low_p > 1.0
    return False


def round_same_day(
    earlier: Sequence[str], later: Sequence[str], earlier_tags: Tags, later_tags: Tags
) -> bool:
    """Within a day or two of one employer's cuts: the later headlines say another round
    ('Block lays off another 500 engineers', 'a second round', 'more layoffs', 'fresh cuts',
    'cuts jobs again') where the earlier did not, and the figures are far apart: a round of
    its own. The round told again ('Block confirms 4,000 cuts', 'Block's 4,000 layoffs: what
    we know') or another outlet's count of it ('900 more' beside 1,100) is its coverage.
    Feeds date items of one day loosely: the earlier saying another round, the later with a
    larger figure, is the round before told after it (a smaller one may be its part)."""
    if not figures_far_apart(earlier_tags, later_tags):
        return False
    if {earlier_tags.kind, later_tags.kind} == {Kind.LAYOFF, Kind.HIRING_FREEZE}:
        return True  # a hiring pause for 7,800 roles and 1,200 jobs cut: two actions
    if says_round(earlier, later):
        return True
    return says_round(later, earlier) and _figure(earlier_tags) < _figure(later_tags)


def _figure(tags: Tags) -> float:
    return float(tags.headcount) if tags.headcount else tags.percent or 0.0


def after_first_round(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """Earlier coverage calling its cuts a first round ('Disney's first of three rounds of
    layoffs will start this week') and later coverage not: the dates decide if it is the
    second."""
    return any(_FIRST.search(t) for t in earlier) and not any(_FIRST.search(t) for t in later)


def plan_after_cuts(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """A report of planned cuts after headlines of cuts made (the dates decide if it is the
    next round)."""
    if carried_out(later):
        return False  # 'Disney Reportedly Begins First Round of Layoffs': cuts begun, no plan
    return all(_PLAN.search(t) and _CUTS.search(t) for t in later) and not announced(earlier)


def plan_retold(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """Weeks apart, every headline on both sides a report of a further plan, none of cuts
    begun ('Meta reportedly plans more job cuts', a month on 'Meta Reportedly Plans Another
    Round of Layoffs'): one plan, not carried out yet, reported again."""
    told = (*earlier, *later)
    return (
        all(_PLAN.search(t) for t in told)
        and not carried_out(told)
        and bool(_round_words(earlier) & _PLAN_ROUND)
    )


def confirms_plan(
    earlier: tuple[Sequence[str], Tags], later: tuple[Sequence[str], Tags], weeks: bool
) -> bool:
    """Whether the later (headlines, tags) confirms a plan the earlier reported, `weeks`
    saying they lie within the weeks a plan with a figure is confirmed in (beyond, only a
    plan with none): the earlier headline reports a plan the later no longer reports as one,
    or a further plan reported again (`plan_retold`, within `weeks`), or cuts to come the
    later says start; and the later gives the same figure, a part of it, none, or a count
    above a plan stated as a lower bound that the bound agrees with (`bound_agrees`). A plan
    reported with no figure is confirmed by the cuts that give one ('Cruise is reportedly
    planning to lay off employees', five weeks on 'Cruise slashes 24% of ... workforce')."""
    (early_titles, early), (late_titles, late) = earlier, later
    larger = bool(late.headcount and early.headcount and late.headcount > early.headcount)
    if larger and not bound_agrees(early, late):  # a plan's '200-plus' confirmed as 230
        return False
    vague = early.headcount is None and early.percent is None
    if (weeks or vague) and reports_plan(early_titles) and not reports_plan(late_titles):
        return True
    if weeks and plan_retold(early_titles, late_titles):
        return True
    return announced(early_titles) and carried_out(late_titles)


def reports_plan(titles: Sequence[str]) -> bool:
    return any(_PLAN.search(t) for t in titles)


def announced(titles: Sequence[str]) -> bool:
    """A plan, or cuts announced to come."""
    return any(_PLAN.search(t) or _ANNOUNCED.search(t) for t in titles)


def carried_out(titles: Sequence[str]) -> bool:
    return any(_CARRIED_OUT.search(t) for t in titles)


def states_claim(titles: Sequence[str]) -> bool:
    return any(_CLAIM.search(t) for t in titles)


# A game cancelled as layoffs sweep: the headline names the cuts, but its news is what they
# set off (fresh-2024 and fresh-2025 label such follow-ups as stories of their own).
_CANCELLED = re.compile(
    r"\b(?:cancel(?:s|ed|led|ing|ling)?|scrap(?:s|ped|ping)?|shelv(?:e|es|ed|ing))\b", re.I
)


def cancellation_apart(
    mine: str, theirs: Sequence[str], my_tags: Tags, their_tags: Tags, names: frozenset[str]
) -> bool:
    """An employer's news of a cancellation beside its action (a game cancelled as layoffs
    sweep: news of its own, as `names_cuts` has it); or two cancellations sharing no word
    beyond the employer's names and the cancelling ('Xbox Reportedly Cancels ... Perfect Dark
    Reboot', 'Rare's Everwild Reportedly Canceled'): two things cancelled."""
    if not (my_tags.kind.is_action or their_tags.kind.is_action) and dated_apart(mine, theirs):
        return True  # an event dated by the cuts beside the employer's other news of the day
    mine_c = bool(_CANCELLED.search(mine))
    if mine_c and not my_tags.kind.is_action and their_tags.kind.is_action:
        return True
    if not mine_c and not my_tags.kind.is_action:
        return False
    told = [t for t in theirs if _CANCELLED.search(t)]
    if not told or (len(told) < len(theirs) and not mine_c) or their_tags.kind.is_action:
        return False
    if not mine_c:
        return True  # an action beside news of a cancellation
    ignore = names | _CANCEL_WORDS
    return all(overlap(mine, t, ignore).distinctive == 0 for t in theirs)


_CANCEL_WORDS = frozenset({"cancel", "reportedly", "scrap", "shelve", "kill"})


# Someone's reaction to the cuts, a lawsuit over them or a denial of a plan: news of its own
# (the fresh-2022 and fresh-2024 labels keep such follow-ups apart from the round).
_REACTION = re.compile(
    r"\b(?:" + "|".join((REACTION_WORDS, ANSWER_STEMS, DENIAL_WORDS)) + r")\b", re.I
)


# Someone's reaction as a headline's news ('Former Meta employees slam Mark Zuckerberg for his
# decision to lay off 11,000', 'Jack Dorsey takes responsibility for ... mass layoffs at
# Twitter'): the reaction word in the main clause, before any cut it names. Not cuts with a
# reaction added ('Twitter shuts offices as it cuts 50% of workforce; staff already suing').
_REACTS = re.compile(r"\b(?:" + STANCE_WORDS + "|" + ANSWER_STEMS + ")", re.I)
_CLAUSE = re.compile(r"[,;:(\u2013\u2014]|\b(?:as|after|amid|while)\b", re.I)


def reacts(title: str) -> bool:
    m = _REACTS.search(title)
    head = title[: m.start()] if m else ""
    return bool(m) and not _CLAUSE.search(head) and not _CUTS.search(head)


def reaction_apart(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """One side's headlines all someone's reaction to the cuts, the other's not: a reaction
    is news of its own, even taken for the action (the fresh-2022 labels keep it apart); two
    reports of one reaction (a lawsuit told twice) are one story. So is another event the
    headline dates by the cuts ('... The Same Day It Does Mass Layoffs')."""
    return all(map(_own_news, mine)) != all(map(_own_news, theirs))


# The cuts as the date of another event ('Xbox Invites Developers To AI Roundtable The Same
# Day It Does Mass Layoffs'): the headline's news is that event, told beside the cuts.
_SAME_DAY = re.compile(r"\b(?:the same (?:day|week)|on the day)\b", re.I)


def dated_apart(mine: str, theirs: Sequence[str]) -> bool:
    """One side's headline another event dated by the cuts ('... The Same Day It Does Mass
    Layoffs'), the other's not: two news items of the employer's day."""
    return bool(theirs) and _dated_by_cuts(mine) != all(map(_dated_by_cuts, theirs))


@lru_cache(maxsize=16384)
def _own_news(title: str) -> bool:
    """Someone's reaction (`reacts`), or another event dated by the cuts (`_SAME_DAY`: its
    main clause names no cuts, they come after it)."""
    return reacts(title) or _dated_by_cuts(title)


@lru_cache(maxsize=16384)
def _dated_by_cuts(title: str) -> bool:
    m = _SAME_DAY.search(title)
    if m is None:
        return False
    return _CUTS.search(title, m.end()) is not None and not _CUTS.search(title[: m.start()])


# Cuts as a noun in a main clause ('planning thousands of more cuts after ...'), not a
# verb ('Disney Cuts Marvel Entertainment Chair ... Following Massive Layoffs').
_MORE_CUTS = re.compile(r"\b(?:more|further|deeper|fresh|new|job|staff)\s+cuts\b", re.I)
# What happened after the cuts, as a headline's news: its main clause names no cuts and
# they come after 'after' or 'following' ('Zuckerberg grilled at staff meeting after Meta
# layoff announcement', 'Spotify CFO cashes in £7.2m in shares after value surges on news of
# job cuts'): a follow-up, news of its own (fresh-stories-2 labels such items apart).
_AFTER = re.compile(r"\b(?:after|following|in the wake of)\b", re.I)


def follow_up(title: str) -> bool:
    """Whether the headline's news is what followed the cuts (see `_AFTER`)."""
    m = _AFTER.search(title)
    if not m or not _CUTS.search(title, m.end()):
        return False
    head = title[: m.start()]
    return not (_CUTS.search(head) or _MORE_CUTS.search(head))


# Jobs cut, in any inflection of the verb: 'lays off', 'cuts 600 jobs', 'slashes its
# workforce', 'eliminates 1,000 roles' (`_CUTS` reads some forms only, on purpose: 'Disney
# Cuts Marvel Entertainment Chair'); a verb that cuts anything else ('cuts prices') is not.
_JOB = r"(?:jobs?|staff(?:ers)?|workers|employees|workforce|roles|positions|headcount|people)"
_JOBS_CUT = re.compile(
    r"\b(?:lay(?:s|ing)? off|laid off|layoffs?|job (?:cuts|losses)|redundanc(?:y|ies)"
    r"|(?:cut|cuts|cutting|slash(?:es|ed|ing)?|shed(?:s|ding)?|ax(?:e|es|ed|ing)|cull(?:s|ed|ing)?"
    r"|fir(?:e|es|ed|ing)|eliminat(?:e|es|ed|ing)|trim(?:s|med|ming)?|los(?:e|es|ing|t))\b"
    rf"(?:\W+[\w,.%-]+){{0,4}}?\W+{_JOB}|{_JOB}\W+(?:\w+\W+)?(?:cut|let go))\b",
    re.IGNORECASE,
)


def names_cuts(title: str) -> bool:
    """A headline of kind other that is news of the cuts themselves ('Bob Iger sets out
    timeline for 7,000 job cuts', 'Zoom cuts 15% of its workforce': jobs cut however the
    verb is inflected), not of a cancellation they set off, a reaction or what followed them
    (`follow_up`)."""
    return (
        bool(_CUTS.search(title) or _JOBS_CUT.search(title))
        and not _CANCELLED.search(title)
        and not _REACTION.search(title)
        and not follow_up(title)
    )


_COUNT = re.compile(r"(?<![\w.,$£€])(\d{1,3}(?:,\d{3})+|\d{3,})(?![\w.,%]|,\d)")


def gives_count(title: str, headcount: int | None) -> bool:
    """Whether a headline gives the action's own headcount ('Bob Iger sets out timeline for
    7,000 job cuts' beside Disney's 7,000): news of those cuts, not of something else."""
    if not headcount or headcount < 100:
        return False
    return any(int(m.group(1).replace(",", "")) == headcount for m in _COUNT.finditer(title))


def news_of_cuts(titles: Sequence[str], headcount: int | None, counted: bool) -> bool:
    """Headlines of kind other that all name the cuts (`names_cuts`) and, when `counted`,
    give the action's headcount too."""
    if counted and not all(gives_count(t, headcount) for t in titles):
        return False
    return all(map(names_cuts, titles))


# A boss's words headlined ('IBM CEO says working from home...', 'IBM chief says ...').
_BOSS_SAYS = re.compile(
    r"\b(?:CEO|chief|boss|founder|chairman)\b(?:\s+\S+){0,3}?\s+"
    r"(?:says|said|tells|told|warns|thinks|believes|expects|admits)\b",
    re.I,
)


def boss_retold(mine: str, theirs: Sequence[str]) -> bool:
    """Both sides' headlines report the employer's boss's words: one interview retold."""
    return bool(_BOSS_SAYS.search(mine)) and any(_BOSS_SAYS.search(t) for t in theirs)
