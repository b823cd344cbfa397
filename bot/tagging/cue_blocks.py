"""Named cuts in a headline with a commentary word: commentary, or the employer's own cuts.

'Novavax surges after company unveils job cuts, positive vaccine data', 'ING forecasts up
to 950 job cuts', 'Ford plans 3,000 job cuts, report says': the employer announcing,
forecasting or planning its counted cuts acts (v2: reported plans count), whatever
commentary word the headline holds; 'World Economic Forum estimates 14 million net job
losses worldwide by 2027' counts cuts beyond any one employer: a forecast.
"""

from __future__ import annotations

import re

from bot.tagging.actions import _Hit
from bot.tagging.commentary import _title_is_analysis, beyond_one_employer

_FORECAST_VERB = re.compile(
    r"^\W*(?:\w+\s+)?(?:forecasts?|warns?|predicts?|expects?|sees|flags?|signals?|"
    r"estimates?|says|said|denies|denied|confirms|admits)\b",
    re.I,
)


# 'Novavax surges after company unveils job cuts, positive vaccine data': cuts announced
# by the named employer are its action, whatever commentary word ('data') the headline holds.
_UNVEILED = re.compile(  # or planned: 'Ford plans 3,000 job cuts, report says' (v2: layoff)
    r"\b(?:announc|unveil|confirm|plan|consider|weigh|mull|eye|prepar|explor)\w*\s+(?:(?:new|"
    r"more|further|fresh|major|mass|its|up|to|as|many|about|around|nearly|some|[\d,.]+)\s+){0,4}$",
    re.I,
)


def _cue_blocks(title: str, hit: _Hit, names: list[str]) -> bool:
    """Named cuts only as a noun in a headline with a commentary word are commentary, unless
    the employer forecasts or announces them itself."""
    return (
        hit.noun
        and (  # or cuts counted beyond any employer's: 'WEF estimates 14 million'
            beyond_one_employer(title[max(0, hit.start - 25) : hit.end + 25])
            or _title_is_analysis(title)
            and not _own_forecast(title, names)
            and not _UNVEILED.search(title, 0, hit.start)
        )
    )


def _own_forecast(title: str, names: list[str]) -> bool:
    """'ING forecasts up to 950 job cuts', 'Acme warns staff of 800 job cuts', 'Acme says AI
    is not behind its 400 job cuts': an employer speaking of its own counted cuts in the
    words commentary uses (v2: reported plans count, employer statements are its own)."""
    for name in names:
        at = title.find(name)
        if at >= 0 and _FORECAST_VERB.match(title[at + len(name) :]):
            return bool(re.search(r"\d", title[at:]))
    return False
