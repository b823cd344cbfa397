"""`subscribe`, `unsubscribe` and `subscriptions`: company alerts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.commands.context import error_message
from bot.commands.lookup import is_topic
from bot.commands.permits import may_run, offer
from bot.commands.spec import Args, Usage, clip, folded_width
from bot.commands.surface import (
    alerts_go,
    at_console,
    follower,
    how_to,
    list_headings,
    named_options,
    paused_because,
    whose,
)
from bot.models import Command, Message, Section, SectionRole
from bot.render import story_section

if TYPE_CHECKING:
    from bot.commands.context import Context, Resolution
    from bot.models import Story
    from bot.store.social import Subscription

# Company names are short; the key column holds 200 characters, and PostgreSQL enforces it.
MAX_COMPANY_CHARS = 100
SUBSCRIPTIONS_PAGE = 50  # subscriptions a `/layoffs subscriptions` page lists
_SUBSCRIPTION_LINES = 10  # lines a section holds: within Slack's 3,000 characters
# Slack/Discord mention and channel markup: never a company name.
# Patterns as text, compiled (and cached by `re`) at their first use: not at every start.
# A name starting with "@" is a person picked from the mention list ("@ana" as Slack sends
# a slash command's mention): no company is named that way.
PLATFORM_MARKUP = r"<[!@#][^>]*>?|@(?:everyone|here|channel)\b|^\s*@\w"
# A pasted link ('https://…', '<https://…>' as Slack sends it, 'www.…'): never a company.
_LINK = r"(?i)^<?(?:[a-z][a-z0-9+.-]*://|www\.)"


# Marks no company's name holds, and code or markup always does ("' OR 1=1 --",
# "<script>"): followed as typed, such a name never matched a story (trial 16). Names
# with other marks stay companies: AT&T, Yahoo!, 3M, H&M, Toys "R" Us, E*Trade, Disney+.
_CODE_MARKS = r"[<>{}\[\]=;\\|`^~]|--|/\*|\*/"


def code_marks(name: str) -> list[str]:
    """The marks of code or markup in a name, each once, in the order they come."""
    return list(dict.fromkeys(re.findall(_CODE_MARKS, name)))


def is_link(text: str) -> bool:
    """A pasted link, never a company name."""
    return re.match(_LINK, text.strip()) is not None


def followable(name: str) -> bool:
    """Whether `subscribe NAME` takes the name: a reply's hint must not offer a command
    that would be refused."""
    return (
        any(c.isalnum() for c in name)
        and len(name) <= MAX_COMPANY_CHARS
        and not re.search(PLATFORM_MARKUP, name)
        and not is_link(name)
        and not code_marks(name)
        and len(_companies(name)) == 1
    )


def _companies(name: str) -> list[str]:
    """'Amazon, Google' is two companies (following the name as typed would never match a
    story); a legal form after a comma ('Block, Inc.') or a listed name is one."""
    from bot.companies import known, strip_legal_suffix

    if known(name) is not None:
        return [name]
    names = [n.strip() for n in strip_legal_suffix(name).split(",") if n.strip()]
    return names if len(names) > 1 else _listed_apart(name)


# Words joining two names: 'Amazon and Google'. A listed name holding one is whole:
# 'Johnson & Johnson', 'AT&T'.
_JOINERS = ("and", "&", "+", "or")


def _listed_apart(name: str) -> list[str]:
    """'Amazon Google' is two companies when each word is a listed company of its own (and
    the whole is none): it followed Google alone, or neither, as "Amazon Google" (trial
    17). A unit and its parent ('Microsoft LinkedIn') are one company, as is a word
    naming none ('Google Cloud')."""
    from bot.companies import company_key, known

    words = [w for w in name.split() if w.lower() not in _JOINERS]
    found = [known(w) for w in words]
    keys = {company_key(f) for f in found if f is not None}
    if len(words) > 1 and None not in found and len(keys) == len(words):
        return words
    return [name]


def _no_code(ctx: Context, command: Command, name: str) -> None:
    """Refuse a name holding marks of code or markup, suggesting the listed company its
    words spell, when they do ('<Amazon>')."""
    marks = code_marks(name)
    if not marks:
        return
    from bot.companies import known, plausible_company

    said = " or ".join(f"“{m}”" for m in marks)
    words = " ".join(re.sub(_CODE_MARKS, " ", name).split())
    res = ctx.resolve(words, ctx.tenant(command)) if plausible_company(words) else None
    meant = res and (res.exact or known(words) or next(iter(res.suggestions), None))
    hint = (
        f"Did you mean {meant}? {how_to(command, 'subscribe', company=meant)}"
        if meant
        else "Type the company's name, like Amazon."
    )
    raise Usage(
        f"“{clip(name, 60)}” cannot be a company name: company names hold no {said}. {hint}"
    )


def _one_company(command: Command, name: str, *, here: bool) -> None:
    names = _companies(name)
    if len(names) > 1:
        where = {"where": "here"} if here else {}  # each step follows where this one asked
        steps = ", then ".join(
            how_to(command, "subscribe", company=clip(n, 40), **where) for n in names[:3]
        )
        raise Usage(f"One company at a time: {steps}.")


def subscribe(ctx: Context, command: Command, args: Args) -> Message:
    from bot.companies import company_key
    from bot.store.social import SubscriptionLimitReached

    here, name = args.get("where") == "here", str(args["company"])
    if here and not command.channel_id:
        raise Usage("`here` only works in a channel.")
    if re.search(PLATFORM_MARKUP, name):
        raise Usage(
            "That looks like a mention of a person or a channel, not a company name: "
            "type the company's name, like Amazon."
        )
    if is_link(name):
        raise Usage("That is a link, not a company name: alerts follow a company, like Amazon.")
    if not any(c.isalnum() for c in name):
        raise Usage(f"“{clip(name, 60)}” is not a company name.")
    _no_code(ctx, command, name)
    _one_company(command, name, here=here)
    if is_topic(name):  # 'subscribe ai' followed a company "Ai" that no story names
        raise Usage(
            f"“{clip(name, 60)}” is a topic, not a company: alerts follow a company, like "
            "Amazon. Every story here is about AI and jobs: "
            + (offer(ctx, command, "digest", action="on") or "a channel's daily digest")
            + " posts them daily."
        )
    if len(name) > MAX_COMPANY_CHARS:
        raise Usage(
            f"That is too long for a company name (at most {MAX_COMPANY_CHARS} characters)."
        )
    res = ctx.resolve(name, ctx.tenant(command))
    # A known company (typos and aliases resolved as `/layoffs <company>` does), or the
    # name as typed: a guess at a company nobody has reported on would never match.
    channel = command.channel_id or "" if here else ""
    company, before = _name_to_follow(ctx, command, name, res.exact or res.display, channel)
    try:
        _sub, created = ctx.store.subscribe(
            platform=command.platform,
            workspace_id=ctx.workspace(command),
            user_id=command.user_id,
            channel_id=channel or "",
            company=company,
            company_key=company_key(company),
            now=ctx.clock(),
            limit=ctx.settings.max_subscriptions,
        )
    except SubscriptionLimitReached as full:
        who = f"{follower(command)} follows" if here else "You follow"
        where = {"where": "here"} if here else {}
        remove = how_to(command, "unsubscribe", company="<company>", **where)
        return error_message(
            f"{who} {full.count} companies{'' if here else _by_dm(command)}, "
            f"the most allowed ({full.limit}). To follow {clip(company, 60)}, "
            f"unsubscribe from one first: /layoffs subscriptions lists them, "
            f"{remove} removes one.",
            title="Subscription limit reached",
        )
    if before == company:
        before = None
    created = created or before is not None  # 'LinkedIn' followed, then 'Microsoft'
    return _subscribed(ctx, command, res, company, created=created, here=here, before=before)


def _name_to_follow(
    ctx: Context, command: Command, asked: str, found: str, channel: str
) -> tuple[str, str | None]:
    """The name a subscription follows: a unit as itself ('LinkedIn', which resolves to
    its parent Microsoft, filed under one key), and, where the place follows another name
    of that key, the wider of the two (bot/company_units.py): one row holds a key. With
    the name followed before, if any."""
    from bot.companies import company_key
    from bot.company_units import asked_parent, unit_name, wider_name

    unit = unit_name(asked)
    if unit is not None and company_key(unit) == company_key(found):
        found = unit
    found = asked_parent(asked, found) or found  # 'microsoft', LinkedIn's story alone stored
    subs = ctx.store.subscriptions_of(
        platform=command.platform,
        workspace_id=ctx.workspace(command),
        user_id=command.user_id,
        channel_id=channel or None,
    )
    key = company_key(found)
    mine = next((s for s in subs if s.company_key == key and s.channel_id == channel), None)
    return (found, None) if mine is None else (wider_name(mine.company, found), mine.company)


def _by_dm(command: Command) -> str:
    return "" if at_console(command) else " in direct messages"


def _subscribed(
    ctx: Context,
    command: Command,
    res: Resolution,
    company: str,
    *,
    created: bool,
    here: bool,
    before: str | None = None,
) -> Message:
    """The answer to a subscription made (or already there, or widened from `before`, a
    unit of `company`), with the latest stories."""
    from bot.companies import company_key

    named = company
    if res.exact and company.casefold() != folded_width(res.query).casefold():
        # Beside the name: after the sentence it read as a note on the console (trial 15).
        named += f" (the company that matches “{clip(res.query)}”)"
    head = (
        # What alerts: an HR team read "new stories" as news and commentary too, and the
        # README as AI-attributed cuts only (trial 14); alerts are every job action.
        f"Subscribed: each new layoff or hiring freeze at {named}, AI-cited or not, will "
        f"be {alerts_go(command, here=here)}."
        if created
        else f"Already subscribed to {named}{whose(command, here=here)}."
    )
    head += _unit_note(before or res.query, company, matched=res.exact)
    notes = [head]
    where = {"where": "here"} if here else {}
    key = company_key(company)
    stories = (
        ctx.store.stories_for_company(key, limit=10, tenant=ctx.tenant(command))
        if res.exact
        else []
    )
    # Those its alerts would come for: a unit's follower, not all of the parent's.
    stories = [s for s in stories if _alerts_for(company, s)][:3]
    if not stories:
        notes.append(_none_yet(res, company))
        for suggestion in res.suggestions[:2]:
            notes.append(
                f"Did you mean {suggestion}? To follow it instead: "
                f"{how_to(command, 'unsubscribe', company=company, **where)}, then "
                f"{how_to(command, 'subscribe', company=suggestion, **where)}"
            )
    else:
        notes.append("Its latest stories:")
    return Message(
        title=f"Following {company}",
        sections=(
            Section(text="\n".join(notes)),
            *(story_section(s, with_company=False, tz=ctx.reader_zone(command)) for s in stories),
        ),
        footer=f"{how_to(command, 'unsubscribe', company=company, **where)} to stop.",
        ephemeral=True,
        posts_here=here,
    )


def _none_yet(res: Resolution, company: str) -> str:
    """No story yet: and, for a name no listed company has, that it is followed as typed
    ('subscribe energy' had followed a listed "Energys" unsaid: trial 17b)."""
    from bot.companies import known

    if res.exact or known(company):
        return f"No stories match {company} yet; you will hear when there is one."
    return (
        f"No stories match {company} yet, and no company I list is called that: it is "
        "followed as typed (check the spelling), and you will hear when a story names it."
    )


def _unit_note(query: str, company: str, *, matched: str | None = None) -> str:
    """What a unit's alerts cover, or that its parent's subscription now has it (the name
    typed, when it differs, is said beside the company's name: trial 15); or that the
    parent's covers the unit whose stories the name matched ('microsft': LinkedIn's)."""
    from bot.companies import canonical
    from bot.company_units import unit_name

    unit = unit_name(query) or (unit_name(matched) if matched else None)
    if unit is not None and unit != company:
        return f" ({company}'s alerts include {unit}'s stories: one subscription has both.)"
    if unit_name(company) is not None:
        return f" {canonical(company)}'s other news alerts only when it names {company}."
    return ""


def _alerts_for(company: str, story: Story) -> bool:
    from bot.company_units import alert_heading

    text = f"{story.headline}\n{story.summary}"
    return alert_heading(company, story.tags.companies, text) is not None


def followed(ctx: Context, command: Command, here: bool) -> list[Subscription]:
    """What `unsubscribe` may stop: this channel's subscriptions (`here`) or the user's own.

    Outside any workspace (a Discord DM) the user's own are those made in every server:
    their alerts arrive in that DM, which says "/layoffs unsubscribe X to stop"."""
    if not here and not command.workspace_id:
        return ctx.store.direct_subscriptions_anywhere(
            platform=command.platform, user_id=command.user_id
        )
    wanted = {(command.channel_id or "") if here else ""}
    if not here and command.is_direct and command.channel_id:
        # `here` in a DM followed the DM as a channel until trial 13 (now it is the user's
        # own): such a subscription is the user's own too, to stop with the rest.
        wanted.add(command.channel_id)
    return [
        s
        for s in ctx.store.subscriptions_of(
            platform=command.platform,
            workspace_id=ctx.workspace(command),
            user_id=command.user_id,
            channel_id=command.channel_id,
        )
        if s.channel_id in wanted
    ]


def unsubscribe(ctx: Context, command: Command, args: Args) -> Message:
    here, name = args.get("where") == "here", str(args["company"])
    mine = followed(ctx, command, here)
    match = _followed_as(ctx, command, name, mine)
    if match is None:
        return _not_subscribed(ctx, command, name, mine, here=here)
    for workspace_id, channel in dict.fromkeys(
        (s.workspace_id, s.channel_id) for s in mine if s.company_key == match.company_key
    ):
        ctx.store.unsubscribe(
            platform=command.platform,
            workspace_id=workspace_id,
            user_id=command.user_id,
            channel_id=channel,
            company_key=match.company_key,
        )
    return Message(
        title=f"Unsubscribed from {match.company}",
        sections=(Section(text=_stopped(ctx, command, match, here=here)),),
    )


def _followed_as(
    ctx: Context, command: Command, name: str, subs: list[Subscription]
) -> Subscription | None:
    """The subscription of `subs` that `name` names: by key, as `subscribe` resolved it
    ('amazn' for Amazon), or close to one of the names followed."""
    from bot.companies import company_key

    key = company_key(name)
    match = next((s for s in subs if s.company_key == key), None)
    if match is None and subs:
        exact = ctx.resolve(name, ctx.tenant(command)).exact
        if exact is not None:
            match = next((s for s in subs if s.company_key == company_key(exact)), None)
    if match is None and subs:
        result = ctx.matcher.match(clip(name, 100), [s.company for s in subs])
        if result.exact:
            match = next(s for s in subs if s.company == result.exact)
    return match


def _not_subscribed(
    ctx: Context, command: Command, name: str, mine: list[Subscription], *, here: bool
) -> Message:
    """What is followed instead: `unsubscribe Klarna` where the channel follows Klarna
    (`here`) was answered "Not subscribed to Klarna. Subscribed: Oracle." with no word
    of the channel's (session 18's trial), and the other way round. Only that case is an
    error (the alerts go on); with no such alerts anywhere, an unfollow done twice (a
    retry, a script) has nothing to stop and is no failure (exit 0 in `layoffbot ask`)."""
    where = whose(command, here=here)
    listing = ", ".join(dict.fromkeys(s.company for s in mine)) or "nothing"
    text = f"Not subscribed to {clip(name)}{where}. Subscribed{where}: {listing}."
    other = None
    if command.workspace_id and command.channel_id:  # a Discord DM has no channel's
        other = _followed_as(ctx, command, name, followed(ctx, command, not here))
    if other is None:  # no such alerts at all: what was asked holds (an unfollow twice)
        return Message(title="Not subscribed", sections=(Section(text=text),))
    company = other.company
    if here:
        stop: str | None = how_to(command, "unsubscribe", company=company)
        said = f"You follow {company}{whose(command, here=False)}"
    else:
        stop = offer(ctx, command, "unsubscribe", company=company, where="here")
        said = f"{follower(command)} follows {company}"
    then = f": {stop} stops {'those' if here else 'its'} alerts." if stop else "."
    if stop is None:  # a member: the channel's alerts are a channel manager's to stop
        then = ": a channel manager can stop its alerts."
    text = f"Not subscribed to {clip(name)}{where}. {said}{then}"
    return error_message(text, title="Not subscribed")


def _stopped(ctx: Context, command: Command, match: Subscription, *, here: bool) -> str:
    """Which alerts stopped (a user's own, by direct message, stopped from a channel
    that follows the company too was answered "No more alerts about it here" while the
    channel's went on), and the other ones about the company that go on."""
    said = f"No more alerts about {match.company}{whose(command, here=here)}."
    if not command.workspace_id or not command.channel_id:
        return said  # a Discord DM: no channel's alerts to name
    other = any(s.company_key == match.company_key for s in followed(ctx, command, not here))
    if not other:
        return said
    stop: str | None
    if here:
        keep = f"You still get them{whose(command, here=False)}"
        stop = how_to(command, "unsubscribe", company=match.company)
    else:
        keep = f"{follower(command)} still follows {match.company}"
        # A channel's alerts are a manager's to stop: a member is not offered the command.
        stop = offer(ctx, command, "unsubscribe", company=match.company, where="here")
    if stop is None:
        return f"{said} {keep}."
    return f"{said} {keep} ({stop} stops {'those' if here else 'its alerts'})."


def subscriptions(ctx: Context, command: Command, args: Args) -> Message:
    """One page (SUBSCRIPTIONS_PAGE) of the user's and the channel's subscriptions, as
    compact lists: a page is one Slack reply and one Discord follow-up, however many
    subscriptions there are (10,000 once meant 301 Discord follow-ups, and a Slack
    reply silently cut)."""
    page = int(args.get("page", 1))
    subs = ctx.store.subscriptions_of(
        platform=command.platform,
        workspace_id=ctx.workspace(command),
        user_id=command.user_id,
        channel_id=command.channel_id,
    )
    if not command.workspace_id:  # a Discord DM: where the alerts followed in servers arrive
        from bot.store.social import listing_order  # here: `ask help` never loads the store

        direct = ctx.store.direct_subscriptions_anywhere(
            platform=command.platform, user_id=command.user_id
        )
        unique = {s.company_key: s for s in reversed(direct)}  # one line a company
        subs = sorted(unique.values(), key=listing_order) + [s for s in subs if not s.is_direct]
    if not subs:
        return Message(
            title="No subscriptions",
            sections=(Section(text=f"Follow a company with {_follow_hint(ctx, command)}."),),
        )
    pages = -(-len(subs) // SUBSCRIPTIONS_PAGE)
    if page > pages:
        raise Usage(
            f"There {'is' if pages == 1 else 'are'} only {pages} page{'s' if pages != 1 else ''} "
            f"of subscriptions ({len(subs)}).",
        )
    first = (page - 1) * SUBSCRIPTIONS_PAGE
    shown = subs[first : first + SUBSCRIPTIONS_PAGE]
    footer = None
    if pages > 1:
        footer = f"Showing {first + 1}-{first + len(shown)} of {len(subs)}"
        more = how_to(command, "subscriptions", page=str(page + 1))
        footer += f"; next: {more}" if page < pages else "; last page"
    sections = subscription_list_sections(shown, list_headings(command))
    return Message(title="Subscriptions", sections=sections, footer=footer)


def _follow_hint(ctx: Context, command: Command) -> str:
    """`/layoffs subscribe <company> [here]`, in the user's form of commands; `[here]`
    only to whom may set the channel's alerts (bot.commands.permits)."""
    here = may_run(ctx, command, "subscribe", company="<company>", where="here")
    if named_options(command):
        return "/layoffs subscribe company:<company>" + (" [where:here]" if here else "")
    return "/layoffs subscribe <company>" + (" [here]" if here else "")


def _paused_because(sub: Subscription) -> str:
    return paused_because(sub.platform, sub.disabled_reason or "delivery failed")


def subscription_section(sub: Subscription) -> Section:
    """Heading = company, typed as a subscription (Slack's App Home adds Unsubscribe)."""
    where = "direct messages" if sub.is_direct else "this channel"
    context = f"subscription: {where}"
    if sub.disabled:
        context += f" (paused: {_paused_because(sub)}; subscribe again to resume)"
    return Section(heading=sub.company, context=context, role=SectionRole.SUBSCRIPTION)


def subscription_list_sections(
    subs: list[Subscription], headings: tuple[str, str]
) -> tuple[Section, ...]:
    """Subscriptions as lists, the user's own then the channel's (`headings`, as the
    surface names them), at most _SUBSCRIPTION_LINES a section so no platform has to cut
    one."""
    sections: list[Section] = []
    for heading, group in (
        (headings[0], [s for s in subs if s.is_direct]),
        (headings[1], [s for s in subs if not s.is_direct]),
    ):
        for start in range(0, len(group), _SUBSCRIPTION_LINES):
            lines = []
            for sub in group[start : start + _SUBSCRIPTION_LINES]:
                line = f"• {clip(sub.company, 100)}"
                if sub.disabled:
                    reason = clip(_paused_because(sub), 80)
                    line += f" (paused: {reason}; subscribe again to resume)"
                lines.append(line)
            sections.append(
                Section(
                    heading=heading if start == 0 else f"{heading} (continued)",
                    text="\n".join(lines),
                )
            )
    return tuple(sections)
