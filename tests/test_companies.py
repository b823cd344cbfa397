from bot.companies import CompanyMatcher, MatchResult, canonical, company_key, find_known


def test_canonical_prefers_plain_brand():
    assert canonical("Alphabet Inc.") == "Google"
    assert canonical("Meta Platforms") == "Meta"
    assert canonical("ByteDance") == "TikTok"
    assert canonical("Acme Widgets Ltd.") == "Acme Widgets"
    assert canonical("Quayside Translations plc") == "Quayside Translations"


def test_company_key_is_a_slug():
    assert company_key("TikTok") == "tiktok"
    assert company_key("Marlow & Finch") == "marlow-finch"
    assert company_key("bytedance") == "tiktok"


def test_ambiguous_names_need_capitals_and_not_title_case():
    assert find_known("Block to cut 4,000 jobs") == [(0, "Block")]
    assert find_known("a block of flats") == []
    assert find_known("Ten Tips To Block Spam", title_case=True) == []


def test_matcher_tolerates_case_alias_spacing_and_typos():
    known = ["TikTok", "Amazon", "Atlassian", "Meta"]
    m = CompanyMatcher()
    for query in ["tiktok", "TikTok", "bytedance", "tik tok"]:
        assert m.match(query, known).exact == "TikTok"
    assert m.match("Amazn", known).exact == "Amazon"
    assert m.match("facebook", known).exact == "Meta"


def test_matcher_suggests_when_unsure():
    result = CompanyMatcher().match("Atla", ["Atlassian", "Atlas Corp", "Amazon"])
    assert result.exact is None or result.exact in {"Atlassian", "Atlas Corp"}
    assert CompanyMatcher().match("zzzz", ["Amazon"]).suggestions == []
    assert CompanyMatcher().match("", ["Amazon"]).exact is None


def test_canonical_is_the_plain_brand_as_written():
    assert canonical("WiseTech Global") == "WiseTech"
    assert canonical("Vista Equity Partners") == "Vista Equity"


def test_implausible_names_are_never_companies():
    from bot.companies import plausible_company

    for name in ["M", "N", "S", "Em", "Ir", "Whose", "The New", "Expands"]:
        assert not plausible_company(name), name
    for name in ["X", "HP", "EY", "Amazon", "Quayside Translations", "Chime"]:
        assert plausible_company(name), name


def test_matcher_never_offers_one_letter_or_common_word_names_from_an_old_database():
    # Rows stored before issue 12 hold 'M' (from 'Mãe'), 'N' (from 'Não'), 'Whose'...
    stored = ["M", "N", "S", "Whose", "Expands", "Food", "Block"]
    result = CompanyMatcher().match("Amazn", stored)
    assert result.exact is None
    assert not [s for s in result.suggestions if s in {"M", "N", "S", "Whose", "Expands", "Food"}]
    assert CompanyMatcher().match("m", stored).exact is None
    assert CompanyMatcher().match("Amazn", [*stored, "Amazon"]).exact == "Amazon"
    assert CompanyMatcher().match("x", ["X", "M"]).exact == "X"


def test_a_two_letter_word_is_not_read_as_the_plural_of_a_listed_name() -> None:
    # 'Ub' + 's' is UBS and 'Mk' + 's' is MKS: a plural needs a stem longer than two letters.
    from bot.companies import known

    assert known("Ub") is None and known("Mk") is None
    assert known("UBS") is not None


def test_matcher_never_suggests_names_sharing_a_few_letters_with_a_much_longer_or_shorter_query():
    stored = ["NBA", "NIA", "Donald Trump", "Gene Sharp", "Salesforce", "Atlassian"]
    assert CompanyMatcher().match("OpenAI", stored).suggestions == []
    assert CompanyMatcher().match("HP", stored).suggestions == []
    assert CompanyMatcher().match("SAP", stored).suggestions == []
    atla = CompanyMatcher().match("Atla", stored)  # a prefix is still found
    assert "Atlassian" in [atla.exact, *atla.suggestions]


def test_a_short_stored_name_inside_a_much_longer_query_is_not_a_match():
    """'/layoffs Ünïcödé GmbH' answered the stories of 'UN' (a misread headline's name)."""
    stored = ["UN", "GE", "HPE", "Atlassian"]
    assert CompanyMatcher().match("Ünïcödé GmbH", stored) == MatchResult(None, [])
    assert CompanyMatcher().match("Geico", stored).exact is None
    hp = CompanyMatcher().match("hp", stored)  # a length like the query's: still close
    assert "HPE" in [hp.exact, *hp.suggestions]
