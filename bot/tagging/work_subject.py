"""Work as the subject of a piece about AI (shared/spec/tagging.md: `analysis` is commentary
about AI and jobs; AI news with no workforce angle is `other`).

A real stream is mostly AI news that names a work word in passing: 'How does ChatGPT work?',
'Memory for AI agents', 'AI tools for Java developers', 'I was at work today and ChatGPT
...', 'robots whose main job is to be cute'. A piece about AI and work says so where news
puts its subject, in the headline or the lead, and it names work as employment: jobs,
workers, hiring, careers, wages, the labour market, layoffs, or work replaced, taken or
done by AI. So:

- the headline names AI and employment ('AI Is Coming For Scientists' Jobs'), or
- the headline names employment and the lead names AI ('These are the 10 fastest-growing
  jobs in the US' / 'AI-related roles rank among ...'), or
- the headline names AI and a lead sentence states an effect on employment ('the loom
  threatened to turn the labor market upside down'; the lead's third sentence too when it
  names the labour market's own nouns: 'no set number of staff cuts in mind'), or
- the headline names AI (automation, robots) and a lead sentence ties AI to the labour
  market's own nouns: labour, jobs, workers, employees, staff, hiring, careers ('ports face
  hurdles in adding robots ... opposition from organized labor', 'tech hiring ... companies
  want "AI-savvy" talent'), or
- the headline names AI and an occupation as a group that the lead keeps as AI's subject
  ('AI Sets Up Kodak Moment For Global Consultants' / 'consultants are in a tricky spot').

Workers who are only whom a product, a roundup or a speech is for are its audience, not its
subject ('the AI soulmate for the lonely remote worker', 'More News for Library Workers',
'called on employees to ride the winds of AI'); one employee or one worker is a person in a
story, and 'at work' or 'their work' where a tool is used.

An occupation ('developers', 'artists', 'actors') or 'skills' is employment only beside an
effect ('AI will replace translators'); alone it is the audience of a product ('AI tools for
Java developers'). 'work' alone is mostly the verb ('how LLMs work'); it counts in phrases
that name work done for pay ('the future of work', 'repetitive work', 'do your job').

Product news is other even when its users are workers or job seekers: the item is news of a
tool, not of AI's effect on employment ('I built an AI CV builder', 'Show HN: ...', 'LinkedIn
is expanding its AI-powered job search features'), and a job advert ('Acme (YC S17) is
hiring engineers to automate ...') is neither.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from bot.models import Article
from bot.tagging.ai_cause import _ai_in
from bot.tagging.document import _Doc, _document
from bot.tagging.lexicon import ai_named

_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)  # the test reads no date

# Employment itself: always a work subject.
_EMPLOYMENT = re.compile(
    r"\b(?:(?<!cron )(?<!batch )(?<!print )(?<!background )jobs?|job market|jobless|workers?|workforces?|employees?|employment|unemploy\w*|"
    r"labou?r market|labou?r force|labou?r|careers?|personnel|civil service|(?:civil|public) servants|(?<!\bis )(?<!\bare )(?<!['’]re )hiring|"
    r"hires?|layoffs?|lay-?offs?|laid off|lay(?:s|ing)? off(?!\s+(?:[\w-]+\s+)?(?:robots?|machines?|bots?)\b)|redundanc\w+|staff(?:ers)?|"
    r"occupations?|professions?|workplaces?|white-collar|blue-collar|entry-level|wages?|"
    r"salar(?:y|ies)|paychecks?|re-?skill\w*|up-?skill\w*|recruit(?:ers?|ment)|"
    r"interviewers?|headcount|back-office|(?<!European )(?<!Soviet )unions?(?! minister)|"
    r"future of work|at work|skills? gaps?|full-time|part-time|work of (?:[\d,]+|hundreds|thousands)|"
    r"remote work|work-free|work ?(?:days?|weeks?)|"
    r"work(?:ing)? (?:lives|life|hours)|"
    r"(?:human|knowledge|office|manual|repetitive|repeated|routine|creative|skilled|paid)\s+"
    r"(?:[\w-]+\s+)?work|work forever|(?:do|does|doing|did) (?:your|our|their|my|the) "
    r"(?:work|jobs?)|(?:your|our|their|my) (?:work|jobs?)|replaceable|"
    r"human (?:models|writers|artists|translators|moderators|agents|reps|representatives|"
    r"actors|voices?|labou?r))\b",
    re.I,
)
# Workers by what they do: employment only beside an effect on them, or beside employment
# named in the lead ('Tech HR professionals are using ChatGPT ...' / 'half of tech HR
# employees ...').
_OCCUPATION = re.compile(
    r"\b(?:professionals?|translators?|journalists?|reporters?|writers?|engineers?|developers?|"
    r"programmers?|coders?|artists?|designers?|actors?|lawyers?|doctors?|nurses?|"
    r"scientists?|teachers?|radiologists?|accountants?|analysts?|consultants?|musicians?|"
    r"illustrators?|roles|positions|skills|reps|representatives|customer service|"
    r"(?:customer|service|support|call[- ]cent(?:er|re)|contact[- ]cent(?:er|re)|sales|travel|"
    r"insurance|estate)\s+agents)\b",
    re.I,
)
# What AI does to work: replaces, takes, threatens, reshapes it ('you won't lose your job',
# 'coming for', 'at risk'). Whole words: a stem list would read 'cute' as a cut.
_EFFECT_ON_WORK = re.compile(
    r"\b(?:replac\w*|displac\w*|automat(?:e|es|ed|ing)\s+(?:away|[\w-]+\s+)?(?:jobs?|work|roles|tasks)|"
    r"automated away|eliminat\w*|obsolete|threat\w*|endanger\w*|"
    r"tak(?:e|es|ing)\s+over|took\s+over|tak(?:e|es|ing|en)\s+(?:away\s+)?(?:[\w'’]+\s+)?(?:jobs?|roles|positions)|"
    r"los(?:e|es|ing|t)\s+(?:[\w'’]+\s+)?jobs?|job losses|coming for|at risk|instead of|"
    r"rather than|transform\w*|reshap\w*|disrupt\w*|upend\w*|upside down|impacts?|"
    r"effects? on|affect(?:s|ed|ing)?|steal(?:s|ing)?|stole|stolen|wip(?:e|es|ed|ing)(?: out)?|wipeout|shrink\w*|"
    r"hollow\w*|destroy\w*|cut(?:s|ting)?|slash\w*|supplement\w*|outperform\w*|"
    r"shake-?ups?|shak(?:e|es|ing)\s+up|"
    r"end of (?:[\w-]+\s+){0,2}?(?:careers?|jobs?|work|employment|coding|programming)|(?:do|does|doing|did)\s+the\s+work)\b",
    re.I,
)
# A maker presenting a product, or a job advert: product news (v2: other).
_PRODUCT_NEWS = re.compile(
    r"\b(?:I|we)(?:['’]ve| have)?\s+(?:just\s+|finally\s+)?(?:built|made|coded|created|"
    r"launched|shipped|developed|turned|wrote)\b|^\W*(?:show hn|launch hn)\b|^\W*building\s+"
    r"[A-Z]|\((?:YC )?[WSF]\d\d\) is hiring\b|\bis hiring\b|^\W*\[hiring\]|"
    # a maker's release: 'LinkedIn is expanding its AI-powered job search features', 'Gmail
    # is getting a whole host of AI updates', 'OpenAI is developing "ChatGPT Jobs"'
    r"\bis\s+(?:getting|expanding|adding|developing|testing|launching|rolling out)\b|"
    r"\b(?:launch(?:es|ed)?|rolls?\s+out|unveil(?:s|ed)?|introduc(?:es|ed)|debut(?:s|ed)?)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:features?|tools?|apps?|updates?|assistants?|agents?|platforms?|"
    r"products?|devices?|robots?|humanoids?|robot\s+dogs?)\b|"
    # a product arriving somewhere: 'humanoid robots coming to workplaces'
    r"\bcom(?:ing|es)\s+to\s+(?:[\w-]+\s+){0,2}?(?:workplaces?|offices?|factories|homes?|"
    r"stores?|hospitals?|warehouses?)\b",
    re.I,
)


# Research as the headline's form: 'In AI We Do Not Trust: Survey', 'Study finds ...'.
_STUDY = re.compile(r"\b(?:survey|study|poll|research|report)\b", re.I)


_AUTOMATION = re.compile(r"\bautomat\w*", re.I)

# Workers as whom a thing is for or said to: 'for the lonely remote worker', 'for restaurant
# staff', 'has told employees that DeepSeek's R1 AI model has set "the new bar"', 'called on
# employees to ride the "powerful winds" of AI' (the audience, not the subject; 'bad news
# for workers' keeps its subject).
_AUDIENCE = re.compile(
    r"(?<!\bmeans )(?<!\bmean )(?<!\bbad news )(?<!\bgood news )(?<!\bthreat )"
    r"(?<!\brisk )(?:\bfor|\b(?:told|tells|telling|called\s+on|calls\s+on|urg(?:ed|es|ing)|"
    r"addressed|(?:message|memo|e-?mail|letter|note)\s+(?:[\w-]+\s+){0,3}?to))\s+"
    r"(?:(?:the|our|your|their|its|his|her|all|[\w-]+)\s+){0,3}?"
    r"(?:workers?|staff(?:ers)?|employees?|workforces?)\b",
    re.I,
)
# Employment by the labour market's own nouns (a narrower `_EMPLOYMENT`): what ties a lead
# sentence's AI to work.
_LABOUR = re.compile(
    r"\b(?:jobs|job market|job losses|workforces?|workers|employees|employment|unemploy\w*|"
    r"labou?r|careers?|hiring|layoffs?|wages?|salar(?:y|ies)|staff|personnel|"
    r"civil service|(?:civil|public) servants|"
    r"future of (?:human )?work|creative work|human (?:work|labou?r|workers|"
    r"employees|agents|jobs|writers|artists|translators))\b",
    re.I,
)
# Workers by what they do, as a group ('Kodak Moment For Global Consultants'); not one
# person ('actor Troy Baker'), not makers ('Developers of beloved horse game'), not AI's
# own products ('AI Artists'), not analysts (news quotes them: 'Analysts warn ...').
_PEOPLE_AT_WORK = re.compile(
    r"(?<!\bAI )\b(?:professionals|translators|journalists|reporters|writers|engineers|"
    r"developers|programmers|coders|artists|designers|actors|lawyers|doctors|nurses|scientists|"
    r"teachers|radiologists|accountants|consultants|musicians|illustrators)\b"
    r"(?!\s+of\b)",
    re.I,
)
_PRODUCT_FOR_WORKERS = re.compile(
    r"\b(?:tools?|apps?|platforms?|assistants?|agents?|copilots?|soulmates?|companions?|"
    r"software|products?|devices?|gadgets?|(?<!\bbad )(?<!\bgood )news)\s+for\s+",
    re.I,
)
# A product offered to an occupation: 'AI tools for Java developers'.
_PRODUCT_FOR = re.compile(
    r"\b(?:tools?|apps?|platforms?|assistants?|agents?|copilots?|models?|plugins?|extensions?|"
    r"features?|workflows?|libraries|framework|frameworks|guides?|courses?|prompts?|tips|"
    r"soulmate|companion|software|products?|services?|kit|stack)\s+for\s+",
    re.I,
)


def _effect(text: str) -> bool:
    return _EFFECT_ON_WORK.search(text) is not None


def _effect_on_employment(sentence: str) -> bool:
    """Employment named beside what AI does to it; automation beside employment is itself
    work done by machines ('65% of its stores will be serviced by automation ... shortages
    of supply chain workers')."""
    if _EMPLOYMENT.search(sentence):
        return _effect(sentence) or _AUTOMATION.search(sentence) is not None
    return _OCCUPATION.search(sentence) is not None and _effect(sentence)


def names_employment(text: str) -> bool:
    """Employment named, or an occupation beside an effect on it."""
    if _EMPLOYMENT.search(text):
        return True
    return _OCCUPATION.search(text) is not None and _effect(text)


def product_news(title: str) -> bool:
    """'I built an AI CV builder', 'Show HN: ...', 'Acme (YC S17) is hiring ...'."""
    return _PRODUCT_NEWS.search(title) is not None


def _audience_only(sentence: str) -> bool:
    """Workers named only as whom a product or news is for ('robots that could make life
    easier for restaurant staff', 'the AI soulmate for the lonely remote worker')."""
    if _AUDIENCE.search(sentence) is None:
        return False
    return _EMPLOYMENT.search(_AUDIENCE.sub(" ", sentence)) is None


def _offered_to_workers(title: str) -> bool:
    """'Meet Ami, the AI soulmate for the lonely remote worker', 'More News for Library
    Workers': a product or a roundup for workers."""
    return _PRODUCT_FOR_WORKERS.search(title) is not None and _audience_only(title)


def _ai_tied_to_employment(sentence: str) -> bool:
    """A sentence naming AI (or automation, robots) and work as employment, the labour
    market's own nouns, not only as an audience: 'tech hiring ... companies want "AI-savvy"
    talent', 'ports face big hurdles in adding robots ... fierce opposition from organized
    labor'. One employee or one worker is a person in a story; 'at work', 'their work' are
    where a tool is used."""
    return (
        ai_named(sentence) and _LABOUR.search(sentence) is not None and not _audience_only(sentence)
    )


def _occupation_subject(title: str, lead: tuple[str, ...]) -> bool:
    """An occupation in an AI headline that its lead keeps as AI's subject ('AI Sets Up
    Kodak Moment For Global Consultants' / 'As the AI boom develops, consultants are in a
    tricky spot'), unless the headline offers a product to it ('AI tools for developers')."""
    if not _PEOPLE_AT_WORK.search(title) or _PRODUCT_FOR.search(title):
        return False
    return any(ai_named(sentence) and _OCCUPATION.search(sentence) for sentence in lead)


def about_ai_and_work(doc: _Doc) -> bool:
    """AI's effect on work is the piece's subject (see the module's doc)."""
    title = doc.title
    lead = doc.lead[:2]
    title_ai = _ai_in(title)
    if not (title_ai or any(map(ai_named, lead))) or product_news(title):
        return False  # no AI named (most news: checked first, it is the cheapest test)
    title_work = names_employment(title) and not _offered_to_workers(title)
    if title_ai and title_work:
        return True
    if title_work:  # the lead ties AI to it: 'AI-related roles rank among the fastest-growing'
        if _effect_on_employment(title):  # 'I'm pretty sure AI is going to take my job'
            return any(map(ai_named, doc.lead[:3]))
        return any(ai_named(sentence) and names_employment(sentence) for sentence in lead)
    if title_ai and _STUDY.search(title) and any(map(_EMPLOYMENT.search, lead)):
        return True  # research on AI whose lead names employment (v2: surveys are analysis)
    if _OCCUPATION.search(title) and any(map(_EMPLOYMENT.search, lead)):
        return True  # 'Tech HR professionals are using ChatGPT' / 'half of tech HR employees'
    if title_ai and (any(map(_ai_tied_to_employment, lead)) or _occupation_subject(title, lead)):
        return True
    # A lead sentence states the effect: 'could wipe entry-level jobs', '80% of the U.S.
    # workforce will see the impact of large language models on their work'; the lead's
    # third sentence too ('The official said the IRS did not have a specific number of
    # staff cuts in mind').
    if any(
        (title_ai or ai_named(sentence)) and _effect_on_employment(sentence) for sentence in lead
    ):
        return True
    return any(
        (title_ai or ai_named(sentence))
        and _LABOUR.search(sentence) is not None
        and _effect_on_employment(sentence)
        for sentence in doc.lead[2:3]
    )


@lru_cache(maxsize=1024)  # a digest asks of each story twice: quiet day, then its section
def story_about_ai_and_work(headline: str, summary: str) -> bool:
    """Whether a stored story's headline and summary make AI's effect on work its subject.

    The digest's commentary section asks this of the stories tagged AI commentary: on a
    real stream nine in ten of them name a work word only in passing (AI how-tos, papers,
    products), and the section shows only the latest five, so it shows those whose
    headline or lead says work is what they are about. The tags stay as the tagger made
    them: commentary the test misses is still filed, found and counted.
    """
    article = Article(title=headline, text=summary, link="", published=_NO_DATE)
    return about_ai_and_work(_document(article))
