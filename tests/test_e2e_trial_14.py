"""Trial, session 14: the bot's answers in its users' second week (an HR team, an analyst,
a journalist), compared with the stories stored; each wrong or misleading answer found is
driven here through real `layoffbot` processes, with real headlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli_ok, news_item, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _fresh(title: str, slug: str, hours_ago: float) -> dict[str, object]:
    return news_item(title, slug, "", NOW - timedelta(hours=hours_ago))


def _polled(tmp_path: Path, server: FeedServer, items: list[dict[str, object]]) -> dict[str, str]:
    """A bot whose feed held one old item at its first (silent) read and then `items`."""
    env = bot_env(tmp_path)
    seed = news_item("Bank opens a branch", "seed", "", NOW - timedelta(days=3))
    server.route("/a.xml", body=rss("Desk A", [seed]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    server.route("/a.xml", body=rss("Desk A", [*items, seed]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    return env


def test_the_digest_counts_no_company_for_stories_naming_no_employer(
    tmp_path: Path, server: FeedServer
) -> None:
    """The digest said "39 new AI-driven job actions at 37 companies" with three stories
    naming no employer counted as one company, "Unnamed employer: 3 stories", listed
    first, above Oracle's 21,000 jobs."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh(
                "A workforce management giant will lay off 1,750 employees to make way for AI",
                "giant",
                2,
            ),
            _fresh("Major tech firm quietly lays off hundreds in AI-related shakeup", "firm", 3),
            _fresh("AI bet goes awry: Oracle fires 21,000 employees", "oracle", 4),
        ],
    )
    cli_ok(env, tmp_path, "ask", "/layoffs digest on")
    digest = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "3 new AI-driven job actions at 1 company and 2 employers not named" in digest, digest
    assert "Unnamed employer" not in digest, digest
    assert digest.index("• Oracle: 1 story, 21,000 jobs cut") < digest.index(
        "• Employers not named: 2 stories, 1,750 jobs cut"
    ), digest
    assert digest.index("== Oracle ==") < digest.index("== Employer not named =="), digest
    assert_no_traceback(digest)


def test_trends_show_the_months_without_stories_and_unstated_jobs_as_such(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs trends 1y` listed only the months with stories (July to October left
    out, as if not covered, while the chart showed them at zero), said "1 story, 0 jobs"
    of a month whose story gave no number, and its chart said "0 jobs cut or not filled
    where stated" for that."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh("AI bet goes awry: Oracle fires 21,000 employees", "oracle", 24 * 200),
            _fresh("Major tech firm quietly lays off hundreds in AI-related shakeup", "firm", 480),
        ],
    )
    year = cli_ok(env, tmp_path, "ask", "/layoffs trends 1y")
    per_month = year.split("Per month", 1)[1].split("[chart", 1)[0]
    lines = [line.strip() for line in per_month.strip().splitlines()]
    assert lines[0].endswith(": none"), per_month  # the months before Oracle's
    assert sum(line.endswith("1 story, 21,000 jobs") for line in lines) == 1, per_month
    assert sum(line.endswith("1 story, jobs not stated") for line in lines) == 1, per_month
    assert any(" – " in line and line.endswith(": none") for line in lines[1:]), per_month
    assert ", 0 jobs" not in year, year
    month = cli_ok(env, tmp_path, "ask", "/layoffs trends 30d")
    assert "last 30 days: 1 story, jobs not stated]" in month, month  # the chart's text
    assert "Employer not named: 1 story" in month, month
    assert_no_traceback(year + month)


_CHATBOT = [
    "Sweden's Klarna says AI chatbots help shrink headcount",
    "Klarna’s AI chatbot does the work of 700 full-time staff",
    "GM is using Google’s AI chatbot to handle simple OnStar calls",
    "Eating disorder helpline takes down chatbot after it dispenses dangerous advice",
    "Google is opening up access to its Bard AI chatbot today",
    "Google-backed Anthropic launches Claude, an AI chatbot that’s easier to talk to",
    "Samsung bans use of A.I. like ChatGPT for employees after misuse of the chatbot",
    "US eating disorder helpline takes down AI chatbot over harmful advice",
    "Bard: how Google’s chatbot gave me a comedy of errors",
    "Chatbots ace their first test drive in offices, but not all employees were fans",
    "Google contractors who trained the Bard AI chatbot vote to unionize",
    "Air Canada must honour refund policy its chatbot invented, tribunal rules",
    "DPD disables part of its AI chatbot after it swore at a customer",
    "A car dealer's chatbot agreed to sell a Chevy Tahoe for $1",
    "New York City's business chatbot tells owners to break the law",
    "Microsoft's Bing chatbot argues with users about the year",
]


def test_a_search_says_when_more_stories_match_than_it_shows(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs search chatbot` said "10 stories matching “chatbot”" where more did: a
    journalist counting coverage took ten for all there was."""
    items = [_fresh(t, f"c{n}", 5 + 24 * n) for n, t in enumerate(_CHATBOT)]
    env = _polled(tmp_path, server, items)
    found = cli_ok(env, tmp_path, "ask", "/layoffs search chatbot")
    assert "== The 10 newest stories matching “chatbot” ==" in found, found
    assert "More stories match: add a word or a company name" in found, found
    few = cli_ok(env, tmp_path, "ask", "/layoffs search klarna chatbot")
    assert "matching “klarna chatbot”" in few and "More stories match" not in few, few
    assert_no_traceback(found + few)


def test_a_hacker_news_item_shows_no_links_and_points_as_its_summary(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs tiktok` showed "Article URL: https://… Comments URL: https://… # Comments:
    10" as the summary of a story from Hacker News (hnrss.org is a default feed)."""
    link = "https://www.moneycontrol.com/news/tiktok-lays-off-all-40-employees-in-india.html"
    item = news_item("TikTok lays off all employees in India", "tiktok-india", "", NOW)
    item["link"] = link
    item["description"] = (
        f'<p>Article URL: <a href="{link}">{link}</a></p>'
        '<p>Comments URL: <a href="https://news.ycombinator.com/item?id=34745216">'
        "https://news.ycombinator.com/item?id=34745216</a></p><p>Points: 12</p>"
        "<p># Comments: 5</p>"
    )
    env = _polled(tmp_path, server, [item])
    answer = cli_ok(env, tmp_path, "ask", "/layoffs tiktok")
    assert "TikTok lays off all employees in India" in answer, answer
    assert "Article URL" not in answer and "Comments URL" not in answer, answer
    assert "news.ycombinator.com" not in answer, answer
    assert_no_traceback(answer)


def test_subscribing_says_which_news_alerts_and_the_alerts_keep_to_it(
    tmp_path: Path, server: FeedServer
) -> None:
    """An HR team following Amazon got an alert for "Amazon to cut another 9,000 jobs"
    (AI cited: no) where the README said only AI-attributed cuts alert, and the reply to
    `subscribe` promised "new stories about Amazon", commentary included, which never
    alert. The reply now says what does: each layoff or hiring freeze, AI-cited or not."""
    env = bot_env(tmp_path)
    seed = news_item("Bank opens a branch", "seed", "", NOW - timedelta(days=3))
    server.route("/a.xml", body=rss("Desk A", [seed]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    sub = cli_ok(env, tmp_path, "ask", "/layoffs subscribe Amazon")
    assert "each new layoff or hiring freeze at Amazon, AI-cited or not, will be" in sub, sub
    news = [
        _fresh("Amazon to cut another 9,000 jobs in new round of layoffs", "cut", 1),
        _fresh("Inside Amazon’s robot revolution: what it means for warehouse work", "inside", 2),
    ]
    server.route("/a.xml", body=rss("Desk A", [*news, seed]))
    polled = cli_ok(env, tmp_path, "poll", "--once", "--all")
    assert "1 alert is waiting" in polled, polled  # the layoff; the commentary alerts not
    assert_no_traceback(sub + polled)


def test_a_parent_company_is_answered_under_its_own_name(
    tmp_path: Path, server: FeedServer
) -> None:
    """With LinkedIn's and Microsoft's news stored (LinkedIn filed under Microsoft),
    `/layoffs microsoft` answered "LinkedIn (for “microsoft”): recent job actions", all
    of Microsoft's stories under its unit's name, and the misspelt `microsft` asked "Did
    you mean LinkedIn or Microsoft?" of one company."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh("LinkedIn lays off 716 employees, kills China jobs app", "linkedin", 24 * 200),
            _fresh(
                "Microsoft announces up to 1,500 layoffs, leaked memo blames 'AI wave'", "ms", 2
            ),
        ],
    )
    parent = cli_ok(env, tmp_path, "ask", "/layoffs microsoft")
    assert parent.startswith("== Microsoft: recent job actions =="), parent
    typo = cli_ok(env, tmp_path, "ask", "/layoffs microsft")
    assert typo.startswith("== Microsoft (for “microsft”)"), typo
    assert "LinkedIn or Microsoft" not in typo, typo
    # LinkedIn's own lookup shows Microsoft's stories too (filed together): it says so,
    # and whose each story is.
    unit = cli_ok(env, tmp_path, "ask", "/layoffs linkedin")
    assert unit.startswith("== LinkedIn, with Microsoft: recent job actions =="), unit
    assert "Company: Microsoft |" in unit and "Company: LinkedIn |" in unit, unit
    assert_no_traceback(parent + typo + unit)


_COMPANIES = (
    "Oracle", "HSBC", "Dell", "IBM", "SAP", "HP", "Dow", "Intuit", "Morgan Stanley",
    "Atlassian", "Salesforce", "Snap", "ING", "Zomato", "Freshworks", "UPS", "Kraken", "Zoom",
    "Klarna", "Duolingo", "Fiverr", "Chegg", "Dropbox", "Workday", "Autodesk", "PayPal",
    "Cisco",
)  # fmt: skip


def test_a_digest_of_more_stories_than_threads_says_where_the_rest_are(
    tmp_path: Path, server: FeedServer
) -> None:
    """A digest of 39 stories ended "Threads for the first 25 stories below; 14 more via
    /layoffs latest", where `latest` shows the newest news of every kind, not those 14:
    they are the stories of the companies last in the digest's list."""
    items = [
        _fresh(f"{name} to cut {100 + n} jobs as it replaces roles with AI", f"s{n}", 1 + n / 4)
        for n, name in enumerate(_COMPANIES)
    ]
    env = _polled(tmp_path, server, items)
    cli_ok(env, tmp_path, "ask", "/layoffs digest on")
    digest = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "27 new AI-driven job actions at 27 companies" in digest, digest
    assert "Threads for the first 25 stories below; the other 2, of the companies last" in digest
    assert "more via /layoffs latest" not in digest, digest
    assert digest.count("\n== ") == 25 + 1, digest  # the digest and its 25 threads
    assert_no_traceback(digest)


_COMMENTARY = (
    "AI anxiety for Scotland's white-collar workers as automation marches on",
    "Don’t freak out: AI isn’t causing a jobs-pocalypse. At least, not yet",
    "Did AI Really Take Your Job, or Is Your Boss Just ‘AI-Washing’?",
    "Tech CEOs boast about AI-driven mass layoffs",
    "Is AI Actually Taking Over Our Jobs? Here’s What the Data Shows",
    "The Data Doesn't Lie: Here's How AI Is Really Affecting Jobs in 2026",
    "Wharton's Jeremy Siegel downplays concerns of AI causing mass unemployment",
)


def test_the_digest_says_how_many_analyses_it_lists_of_how_many(
    tmp_path: Path, server: FeedServer
) -> None:
    """With 20 analyses of AI and jobs in a day, the digest listed 5 under "Analysis and
    commentary", nothing saying there were more."""
    items = [_fresh(t, f"a{n}", 1 + n) for n, t in enumerate(_COMMENTARY)]
    items.append(_fresh("AI bet goes awry: Oracle fires 21,000 employees", "oracle", 0.5))
    env = _polled(tmp_path, server, items)
    cli_ok(env, tmp_path, "ask", "/layoffs digest on")
    digest = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    heading = digest.split("Analysis and commentary", 1)[1].split("\n", 1)[0]
    assert heading.startswith(": the latest 5 of "), digest
    listed = digest.split("Analysis and commentary", 1)[1].split("\n\n", 1)[0]
    assert listed.count("• ") == 5, listed
    assert_no_traceback(digest)


def test_a_company_in_commentary_only_is_not_said_to_have_0_of_0_job_actions(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs open ai`, a company in the news for commentary only, answered
    "AI-attributed job actions: 0 of 0"; an empty week's trends "0 of 0" too (now a
    line, no chart: session 20)."""
    env = _polled(
        tmp_path,
        server,
        [_fresh("OpenAI's Altman says AI will change jobs faster than expected", "o", 24 * 20)],
    )
    company = cli_ok(env, tmp_path, "ask", "/layoffs openai")
    assert "AI-attributed job actions: none: no layoff or hiring freeze" in company, company
    week = cli_ok(env, tmp_path, "ask", "/layoffs trends 7d")
    assert "No AI-attributed layoffs or hiring freezes recorded in the last 7 days" in week
    assert "chart saved" not in week and "0 of 0" not in company + week, week
    assert_no_traceback(company + week)
