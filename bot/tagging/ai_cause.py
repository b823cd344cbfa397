"""Whether the item ties the workforce change to AI, and the sentence that says so."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from bot.models import Kind
from bot.tagging.actions import _action
from bot.tagging.ai_topic import without_money_or_crime
from bot.tagging.branded import written_with_ai
from bot.tagging.document import _Doc
from bot.tagging.lexicon import _AI, _JOBS, ai_named
from bot.tagging.merged_search import Alternatives
from bot.tagging.prefilter import search

_AI_DESCRIPTOR = re.compile(
    r"(?:(?:\b(?:generative|conversational|voice|agentic|enterprise|legal|healthcare|"
    r"[\w-]+-based)[- ])?(?:(?-i:\bAI\b)|chat ?bot|robot(?:ic)?s?|automation)"
    r"(?:[- ](?:chip|software|voice|video|search|coding|writing|image|music|safety|robotics|"
    r"delivery|vehicle|car|taxi|driving))?"
    r"[- ](?:startups?|start-ups?|company|companies|firms?|developers?|labs?|chipmakers?|makers?|"
    r"providers?|subsidiar(?:y|ies)|spin-?offs?|offshoots?|"
    r"research(?:er)? (?:company|firm|lab)|unicorn|accelerators?|demand|race)\b|"
    r"\b(?:that|which|who)\s+(?:builds?|makes?|develops?|sells?|provides?|offers?|creates?)\b"
    r"[^,.;]*|"
    r"\b(?:suppliers?|makers?|providers?|sellers?|vendors?)\s+of\s+"
    r"(?:[\w-]+\s+){0,2}?(?-i:AI)\b(?:[- ](?:chips?|hardware|servers?|software|models?|tools))?|"
    r"(?-i:\bAI)[- ]chipmakers?\b)",
    re.I,
)
# 'Character.ai', 'Scale AI', 'xAI': an employer whose name carries AI, in any case.
_AI_SUFFIX = re.compile(r"(?:[.\s-]ai|^xai)$", re.I)
_AI_DENIAL = re.compile(
    r"\bunrelated to (?:the )?(?:rise of |use of )?(?:(?-i:AI\b)|artificial intelligence\b|"
    r"automation\b)|"
    r"(?:\b(?:not|no|none|never|nothing|den(?:y|ies|ied))\b|n['’]t\b|"
    # a contraction once _ai_text has dropped its apostrophe ('arent about AI'), only
    # where it denies a cause: "won't backfill as AI handles it" states one
    r"\b(?:aren|isn|wasn|weren|doesn|didn)t\s+(?:[\w-]+\s+){0,2}?(?:about|due|driven|caused|"
    r"because|related|linked|behind|the result|down to)\b)[^.;:]{0,60}?"
    r"(?:(?-i:\bAI\b)|\bartificial intelligence\b|\bautomation\b)|"
    r"(?:(?-i:\bAI\b)|\bartificial intelligence\b|\bautomation\b)[^.;]{0,40}?"
    r"\b(?:played no (?:part|role)|(?:is|was|are|were) not (?:responsible|to blame|a factor|"
    r"the reason|behind)|not (?:a|the) (?:factor|reason|cause)|"
    # 'says AI not to blame', 'AI had nothing to do with it', 'insists AI isn't replacing
    # workers' (the apostrophe dropped by _ai_text)
    r"not (?:responsible|to blame|behind)|(?:had|has|have) (?:nothing|little) to do with|"
    r"(?:had|has|have|played) no (?:part|role|bearing)|"
    r"(?:is|was|are|were|does|did|do)nt\s+(?:[\w-]+\s+)?(?:replac|tak|caus|driv|behind)\w*|"
    # 'says AI wasn't the main factor' (the apostrophe dropped by _ai_text): a denial that
    # AI drove the cut, however hedged
    r"(?:is|was|are|were)nt\s+(?:responsible|to blame|behind|(?:a|the)\s+(?:(?:main|primary|"
    r"major|key|big|biggest|driving)\s+)?(?:factor|reason|cause|driver)))",
    re.I,
)
_AI_WORDS = r"(?:AI|A\.I\.|artificial intelligence|generative AI|GenAI|automation|chatbots?)"
# AI next to a cut with no link drawn: a time ('months after launching an AI pilot'), the
# mood of the day ('as the AI boom continues'), the AI team as what is cut, other news
# the item also reports ('also unveils an AI assistant').
_JUXTAPOSED = re.compile(
    r"\b(?:months?|weeks?|days?|years?|shortly|soon|just)\s+(?:after|before)\s+[^,;.]*|"
    # a contrast or a coincidence, not a reason: 'cut hundreds more jobs ... even as it plows
    # billions into AI', 'invites developers to an AI roundtable the same day it lays off'
    r"\beven\s+(?:as|while|though)\b[^.;]*|\b(?:on\s+)?the\s+same\s+(?:day|week|morning)\b[^,;.]*|"
    r"\b(?:as|amid|during|despite|while|in)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?"
    + _AI_WORDS
    + r"\s+(?:[\w-]+\s+){0,2}?(?:boom|race|frenzy|hype|craze|gold rush|arms race|bubble|"
    r"mania|fever|wave|spending spree|competition|rivalry|funding|market|winter|downturn|"
    r"slowdown|bust|scrutiny|regulation|lawsuits?|heats? up)\b[^,;.]*|"
    r"\b(?:(?:its|the|their|an?|of)\s+(?:[\w-]+\s+)?|(?<=cuts )|(?<=cut )|(?<=axes )|"
    r"(?<=shuts )|(?<=disbands )|(?<=closes )|(?<=closing )|(?<=shutters )|(?<=scraps )|"
    r"(?<=down ))"
    + _AI_WORDS
    + r"(?:[- ]\w+)?\s+(?:team|unit|division|group|lab|department|researchers|research staff|"
    r"business|organi[sz]ation|studio|startup|venture|project|app|product)s?\b|"
    r"(?:[;,]|\band\b)\s*(?:it\s+|the company\s+)?(?:also|separately|meanwhile)\b[^.;]*|"
    # sequence is not cause: 'addresses layoffs, then turns to AI', 'hiring in AI despite
    # the job cuts' (the AI hiring is beside the cuts, not their reason)
    r"\bthen\s+(?:turns?|pivots?|moves?|unveils?|launches?|announces?|touts?|talks?|"
    r"shifts? (?:focus|attention)|focuses)\b[^.;]*|\bdespite\b[^,;.]*|"
    r"\b(?:hir\w*|recruit\w*)\s+(?:in\s+|for\s+)?(?:more\s+|new\s+)?(?:AI|A\.I\.|"
    r"artificial intelligence|machine learning)(?:[- ]\w+)?|"
    r"\b(?:also|separately|meanwhile)\s+(?:unveil|launch|tout|announc|releas|introduc|show)\w*"
    r"[^.;]*|"
    # what the affected staff work on: no cause either
    r"\b(?:working|work|worked|(?<!efforts )(?<!resources )(?<!spending )(?<!investment )"
    r"(?<!investments )focused)\s+on\s+[^,;.]*|"  # but 'resources ... focused on AI': a shift
    # the cut team's own work ('team that taught employees how to make AI tools responsibly',
    # 'team responsible for AI ethics', 'team within the artificial intelligence organization')
    r"\b(?:teams?|unit|group|staff)\s+(?:that|which|who|responsible\s+for|in\s+charge\s+of|"
    r"dedicated\s+to|behind|within|in\s+its|of\s+its)\s+[^,;.]*|"
    r"\b(?:its|the|their)\s+(?-i:AI)(?:\s+[a-z]+){1,3}?\s+team\b|"
    # the mood of the industry, not the employer's reason ('as tech companies pour billions
    # into AI', 'amid a broader industry shift toward AI')
    r"\b(?:comes?|came|coming)\s+(?:as|amid|while)\s+(?:[\w-]+\s+){0,3}?(?:companies|firms|"
    r"rivals|peers|employers|businesses|industry|investors|the industry|tech)\b[^.;]*|"
    r"\bamid\s+(?:an?\s+|the\s+)?(?:broader|wider|industry|industry-wide|sector-wide|global)"
    r"\b[^,;.]*|"
    # machines as what is laid off ('lays off robots that cleaned cafeterias'): no people
    # lost their work to them
    r"\b(?:lay(?:s|ing)?|laid)\s+off\s+(?:its\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:robots?|machines?|chat ?bots?|bots?)\b|"
    # staff as whom a message is addressed to ('Pichai told employees ... its investments in
    # AI'), unless the message says AI took their work
    r"\b(?:told|tells?|telling|wrote to|writes? to|(?:memo|e-?mail|letter|message|note) to)\s+"
    r"(?:all\s+|its\s+|the\s+|his\s+|her\s+)?(?:[\w-]+\s+)?(?:employees|staff(?:ers)?|workers|"
    r"teams?)\b(?![^.;]*\b(?:replac\w*|instead of|rather than|took over|take over|takes over|"
    r"handled by|done by|redundant|obsolete)\b)|"
    # a leading time clause ('After ChatGPT disruption, X lays off ...'), unless it says
    # the work itself went to AI
    r"^\W*(?:after|following)\s+(?![^,;.]*\b(?:replac\w*|instead of|rather than|took over|"
    r"take over|takes over|handled by|done by)\b)[^,;.]*,",
    re.I,
)
_CAUSE_LINK = re.compile(
    r"\b(?:replac\w*|because|due to|driven by|thanks to|blam\w*|cit(?:ing|ed|es)|in favou?r of|"
    r"shift\w*|pivot\w*|push\w*|focus\w*|invest\w*|efficienc\w*|automat\w*|restructur\w*|"
    r"reorgani[sz]\w*|overhaul\w*|transform\w*|instead of|rather than|redundant|obsolete|"
    r"took over|take over|takes over|taking over|handled by|done by|the work of|need for fewer|"
    r"attribut\w*|credit\w*|owing to|as a result of|"
    # 'AI tools now handle much of the work those employees did'
    r"(?:handl|perform|absorb)\w*\s+(?:[\w-]+\s+){0,3}?(?:work|tasks|duties|roles)|"
    r"fewer (?:people|workers|staff|employees)|reduc\w* (?:the )?need|"
    # staff moved toward AI (v2: a shift of staff toward AI is a cause): 'intends to hire in
    # strategic areas such as AI' in the cut's own memo
    r"hire\s+(?:in|for)\s+(?:[\w-]+\s+){0,2}?(?:areas|roles|functions|fields|priorities)\s+"
    r"(?:such as|like|including))\b",
    re.I,
)
_WORKFORCE = re.compile(
    r"\b(?:" + _JOBS[3:-1] + r"|hiring|hires|restructur\w*|reorgani[sz]\w*|overhaul|reset|"
    # 'shifting its focus to ... AI consulting', 'shifts its resources towards generative
    # AI' (v2: a shift of money or staff toward AI is a cause)
    r"shift(?:s|ed|ing)?|push|pivot(?:s|ed|ing)?|cuts|headcount|layoffs?|lay-?offs?|redundanc\w+|workforce|hire|"
    r"contractors?|moderation|jobs?)\b",
    re.I,
)


# What the company is, set off by commas (', which has invested heavily in AI,', ', an
# AI-powered platform,'): an aside, unless it says AI took the work ('which is replacing
# support staff with chatbots').
_ASIDE = re.compile(
    r",\s*(?:which|who|(?:best\s+)?known|famous|backed|founded|owned|based|headquartered|"
    r"valued)\b[^,;.]*,|,\s*an?\s+[^,;.]{0,60}?,",
    re.I,
)
# Words that give a reason: an aside holding one may be the cut's ('..., which its CEO says
# AI made unnecessary').
_REASON = re.compile(
    r"\b(?:why|reasons?|made|makes|make|lets?|allow\w*|enabl\w*|means?|thanks|because|"
    r"unnecessary|no longer|needed|need|result)\b",
    re.I,
)
# The same aside ending the sentence ('cuts jobs in AWS, where it is building AI chips'):
# it tells what the unit or the company does, unless it words the cut's reason ('..., which
# it blamed on AI', '..., which will let it invest in AI').
_TRAILING_ASIDE = re.compile(r",\s*(?:which|who|whose|where)\b[^,;.]*$", re.I)
_TOOK_THE_WORK = re.compile(
    r"\b(?:replac\w*|instead of|rather than|took over|take over|takes over|taking over|"
    r"handled by|done by|"
    r"the work of|redundant|obsolete)\b",
    re.I,
)


# 'Acme cuts 300 jobs as AI tools spread': AI in a time clause, which a denial can outweigh.
_AS_BACKDROP = re.compile(r"\b(?:as|amid|while|during|with)\b", re.I)


def _without_asides(text: str) -> str:
    text = _ASIDE.sub(lambda m: m.group() if _TOOK_THE_WORK.search(m.group()) else ",", text)
    trailing = _TRAILING_ASIDE.search(text)
    if trailing is not None and not (
        _TOOK_THE_WORK.search(trailing.group())
        or _CAUSE_LINK.search(trailing.group())
        or _REASON.search(trailing.group())
    ):
        text = text[: trailing.start()]
    return text


_POSSESSIVE_S = re.compile(r"['’]s\b")


# The two big alternations searched as their alternatives, each only where its keys are
# (bot.tagging.merged_search): the same matches, ~2x faster on the corpus' sentences.
_JUXTAPOSED_PARTS, _DENIAL_PARTS = Alternatives(_JUXTAPOSED), Alternatives(_AI_DENIAL)
_DESCRIPTOR_PARTS = Alternatives(_AI_DESCRIPTOR)  # '(?:...|...)': 4 alternatives


# Cached: _ai_in, _denial, _ai_positive and _linked each read the same sentence this way.
@lru_cache(maxsize=4096)
def _ai_text(sentence: str) -> str:
    """The sentence without AI mentions that only describe the company ('AI startup X')."""
    sentence = _POSSESSIVE_S.sub("", sentence)  # "AI's impact": keep 'AI' a word
    text = sentence.replace("'", "").replace("‘", "").replace("’", "")
    return _DESCRIPTOR_PARTS.sub(" ", text)


@lru_cache(maxsize=4096)
def _ai_in(text: str) -> bool:
    """`_AI` found in the sentence once its company descriptors are removed."""
    text = _ai_text(text)
    return ai_named(text)


def _denial(sentence: str) -> bool:
    return _DENIAL_PARTS.found(_ai_text(sentence))


@lru_cache(maxsize=4096)
def _ai_positive(sentence: str) -> bool:
    """AI named as a cause of the sentence's workforce change, once the mentions that only
    stand next to it are set aside (v2: juxtaposition is not cause)."""
    text = _JUXTAPOSED_PARTS.sub(" ", _without_asides(_ai_text(sentence)))
    ai = ai_named(text)  # its alternatives behind their prefilters (bot.tagging.prefilter)
    return ai and bool(_WORKFORCE.search(text) or _action(text))


def _without_names(sentence: str, names: tuple[str, ...]) -> str:
    # Case-blind: the canonical 'Character.ai' is written 'Character.AI' in the headline.
    # 'SoundHound AI': the brand's full name carries AI even where the tagger names it plainly.
    for name in names:
        sentence = re.sub(
            re.escape(name) + r"(?:[ .-]?(?-i:AI)\b)?", "the company", sentence, flags=re.I
        )
    return sentence


def _ai_branded(doc: _Doc, companies: tuple[str, ...]) -> tuple[str, ...]:
    """The employers whose name, as written in the item, carries AI."""
    text = " ".join((doc.title, *doc.lead))
    # 'SoundHound AI' (bot.tagging.branded: the name's pattern, searched only where it can match)
    return tuple(
        n for n in companies if _AI.search(n) or _AI_SUFFIX.search(n) or written_with_ai(n, text)
    )


def _ai_cause(doc: _Doc, kind: Kind, companies: tuple[str, ...] = ()) -> tuple[bool, str | None]:
    if kind == Kind.OTHER:
        return False, None
    # 'Pecan AI parts ways with a third of its workforce': the AI in the employer's name
    # says nothing about why ("A layoff in an AI company for other reasons does not").
    ai_named = _ai_branded(doc, companies)
    if ai_named and kind.is_action:
        masked = dataclasses.replace(
            doc,
            title=_without_names(doc.title, ai_named),
            lead=tuple(_without_names(s, ai_named) for s in doc.lead),
        )
        found, evidence = _ai_cause(masked, kind)
        if evidence is None:
            return found, None
        originals = (doc.title, *doc.lead)
        masked_all = (masked.title, *masked.lead)
        return found, originals[masked_all.index(evidence)]
    if kind == Kind.ANALYSIS:
        # AI named only as what is spent on, traded or used by criminals is no AI-and-jobs
        # angle (bot.tagging.ai_topic).
        for sentence in (doc.title, *doc.lead):
            if _ai_in(sentence) and _ai_in(without_money_or_crime(sentence, doc.title)):
                return True, sentence
        return False, None
    if _denial(doc.title):
        return False, doc.title
    if _ai_positive(doc.title) and not _AS_BACKDROP.search(doc.title):
        return True, doc.title
    # The employer's denial in the lead outweighs a headline that only sets AI beside the
    # cuts ('... as AI tools spread'; v2: a company denying that AI played a part).
    for sentence in doc.lead:
        if _denial(sentence):
            return False, sentence
    if _ai_positive(doc.title):
        return True, doc.title
    for sentence in doc.lead:
        if _ai_positive(sentence) and _linked(sentence):
            return True, sentence
    return False, None


def _linked(sentence: str) -> bool:
    """A lead sentence ties AI to the workforce itself: it states the cut, or words the
    link ('replaced', 'to focus on', 'efficiencies'); 'the company is hiring AI engineers'
    beside a layoff in the headline does not."""
    text = _JUXTAPOSED_PARTS.sub(" ", _without_asides(_ai_text(sentence)))
    return _action(text) is not None or search(_CAUSE_LINK, text) is not None
