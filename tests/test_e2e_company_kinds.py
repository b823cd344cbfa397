"""`layoffbot tag` over a local feed (issue 16, session 17): an employer named only by what
it makes ('Company behind Gemini', a fact of bot/data/brands.json; on main no employer), a descriptor's list of
products ('Dreams And LittleBigPlanet Developer Media Molecule': with LittleBigPlanet's maker
now listed, read as 'Dreams' and Media Molecule sharing the verb but for the list rule) and a boss headline whose lead says which employer the boss heads ('CEO fires 90% of
support staff': on main no employer), the plain brand the lead calls the employer by and
an organisation a headline names by what it runs, spelled out in the lead. A real SQLite
file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

ITEMS = [
    ("gemini", "Mon, 02 Oct 2023 10:00", "Company behind Gemini to cut 200 jobs",
     "The cuts fall on its assistant teams, a memo shows."),
    ("dreams", "Tue, 03 Oct 2023 11:00",
     "Dreams And LittleBigPlanet Developer Media Molecule Reportedly Suffers Layoffs",
     "Employees at the studio were told about the layoffs today."),
    ("boss", "Wed, 04 Oct 2023 09:00",
     "CEO fires 90% of support staff and replaces them with an AI chatbot",
     "Jane Roe is the founder and CEO of Pune e-commerce company Quillmart. She said the"
     " layoffs cut response times."),
    ("plain", "Thu, 05 Oct 2023 09:00", "Quillon Internet cuts 500 jobs, half its workforce",
     "Quillon once planned to cover 40 million homes and now has 90,000 users."),
    ("helpline", "Fri, 06 Oct 2023 09:00",
     "Food Allergy Helpline to Replace Human Staff With AI Chatbot",
     "The National Food Allergy Association has closed its helpline. NFAA has fired the small"
     " group of staff that ran it."),
]  # fmt: skip


def test_employers_named_by_product_list_and_boss(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Jobs")
    assert got["gemini"]["companies"][:1] == ["Google"], got["gemini"]
    assert got["dreams"]["companies"] == ["Media Molecule"], got["dreams"]
    assert got["boss"]["companies"] == ["Quillmart"], got["boss"]
    assert got["plain"]["companies"] == ["Quillon"], got["plain"]  # main: 'Quillon Internet'
    assert got["helpline"]["companies"] == ["NFAA"], got["helpline"]  # main: the description
    assert all(got[k]["kind"] == "layoff" for k in ("gemini", "dreams", "boss", "plain")), got
