"""Article metadata and page furniture read from the text itself (no spaCy needed).

Every page here is written for these tests, as messy as a scrape: a scraper's date stamp on the
first line, agency datelines, captions with their credits, citation lines, bylines run into the
outlet's name, a page cut off in mid-word.
"""

from __future__ import annotations

from chorus.clean import clean_document
from chorus.records import Article, RawDocument


def _article(text: str, **meta: str) -> Article:
    return clean_document(RawDocument(source="t", text=text, format="text", meta=dict(meta)))


def _evidence(article: Article) -> str:
    assert article.published_start is not None and article.published_end is not None
    return article.original[article.published_start : article.published_end]


def _reasons(article: Article) -> dict[str, str]:
    return {article.original[r.start : r.end].strip(): r.reason for r in article.removed}


def test_a_scrapers_date_stamp_dates_the_page_and_leaves_the_body() -> None:
    text = (
        " date 2031-04-12 The harbour council voted on Tuesday night to close the old ferry "
        "pier, its chair told reporters outside the hall.\n\n"
        "Fishermen said they would appeal.\n"
    )
    article = _article(text)
    assert (article.published, article.published_source) == ("2031-04-12", "header")
    assert _evidence(article) == "2031-04-12"
    assert article.text.startswith("The harbour council voted")
    assert _reasons(article) == {"date 2031-04-12": "date-line"}


def test_a_leading_date_dateline_dates_an_opinion_page() -> None:
    text = (
        "MAY 4, 2031 \u2013 As I said back in winter, the ferry pier was never going to "
        "survive another storm season, and now the council agrees with me.\n\n"
        "The Quayside Notebook\n\n"
        "I think we all saw this coming. We know how these votes go.\n"
    )
    article = _article(text)
    assert (article.published, article.published_source) == ("2031-05-04", "dateline")
    assert _evidence(article) == "MAY 4, 2031"


def test_an_agency_dateline_is_marked_and_names_the_wire_not_the_outlet() -> None:
    text = (
        "Ferry pier to close, council says\n\n"
        "PORTVALE, 4 May (HNA) \u2013 The harbour council voted to close the ferry pier, "
        "its chair said at a meeting on Tuesday.\n\n"
        "Fishermen said they would appeal the decision in court.\n"
    )
    article = _article(text)
    assert article.outlet is None  # a page that relays HNA copy is not HNA
    assert article.wire == "HNA"
    assert article.original[article.dateline_start : article.dateline_end] == (
        "PORTVALE, 4 May (HNA) \u2013"
    )
    assert article.published is None  # the dateline gives no year: nothing is guessed
    assert "PORTVALE, 4 May (HNA)" in article.text  # marked, not removed


def test_a_dateline_weeks_before_the_page_date_is_the_publication_date() -> None:
    text = (
        "Saturday 02 Nov 2031\n"
        "By\n"
        "main news image\n\n"
        "(Sept 19): The harbour master said the dredging would finish \u201cwell before the "
        "winter,\u201d speaking at an event hosted by the port authority Thursday.\n\n"
        "\u201cWe are on schedule,\u201d she said.\n"
    )
    article = _article(text)
    assert (article.published, article.published_source) == ("2031-09-19", "dateline")
    assert _evidence(article) == "Sept 19"


def test_a_syndicated_page_keeps_its_own_date_next_to_the_wire_dateline() -> None:
    text = (
        "Coast Evening Post\n\n"
        "Ferry pier to close as storms worsen\n"
        "By Harbour News Agency \u00b7 05/06/2031 \u00b7 3 min read\n\n"
        "PORTVALE, 4 June (HNA) \u2013 The harbour council voted to close the ferry pier "
        "after the third storm this spring, its chair said on Wednesday.\n"
    )
    article = _article(text)
    assert article.published == "2031-06-05"  # the republishing page's date, a day later
    assert article.body_date == "2031-06-04"


def test_header_times_with_a_short_zone_and_timestamps_opening_a_header_line() -> None:
    page = (
        "Harbour council votes to close ferry pier\n\n"
        "June 19, 2031, 12:51 PM ET\n\n"
        "The harbour council voted on Tuesday to close the old ferry pier, its chair told "
        "reporters, after engineers found cracks in the pilings.\n"
    )
    assert _article(page).published == "2031-06-19"
    stamped = (
        "    Harbour council votes to close ferry pier\n\n"
        "    2031-06-23 08:16:02Portvale Daily Editor : Ann Lee App Download\n\n"
        "    The harbour council voted on Tuesday to close the old ferry pier, its chair "
        "told reporters, after engineers found cracks in the pilings.\n"
    )
    article = _article(stamped)
    assert article.published == "2031-06-23"
    assert _evidence(article) == "2031-06-23"


def test_dates_the_body_mentions_never_date_the_page() -> None:
    text = (
        "The old pier opened on 3 March 1931 and was rebuilt in June 1975, the harbour "
        "historian said, and the council will vote on its future on 12 April 2031.\n"
    )
    assert _article(text).published is None


def test_captions_with_their_credit_are_removed_as_captions() -> None:
    text = (
        "Ferry pier to close\n\n"
        "The harbour master inspects the cracked pilings of the old ferry pier in Portvale "
        "on April 3, 2031. \u2014 HNA pic\n\n"
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair said.\n\n"
        "Some doubts: the harbour master at the pier. Credit:Coast Press\n\n"
        "Fishermen said they would appeal the decision in court next month.\n"
    )
    article = _article(text)
    assert "HNA pic" not in article.text and "Credit:" not in article.text
    reasons = set(_reasons(article).values())
    assert reasons == {"caption"}
    assert "Fishermen said they would appeal" in article.text


def test_a_citation_line_is_removed_and_dates_a_page_nothing_else_dates() -> None:
    text = (
        "The harbour council voted to close the ferry pier after engineers found cracks in "
        "the pilings, its chair said.\n\n"
        "Fishermen said they would appeal the decision in court next month.\n\n"
        "(HNA \u2013 \u2018Council votes to shut ferry pier\u2019 10.10.2031)\n"
    )
    article = _article(text)
    assert "Council votes to shut" not in article.text
    assert _reasons(article)[
        "(HNA \u2013 \u2018Council votes to shut ferry pier\u2019 10.10.2031)"
    ] == ("citation")
    assert (article.published, article.published_source) == ("2031-10-10", "citation")


def test_a_photo_credited_via_an_agency_does_not_name_the_outlet() -> None:
    text = (
        "Ferry pier to close\n\n"
        "Pool photo via HNA/Coast Press\n\n"
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair said.\n"
    )
    assert _article(text).outlet != "Coast Press"


def test_a_byline_stops_before_the_outlet_that_follows_the_name() -> None:
    text = (
        "Ferry pier to close\n\n"
        "By Jane Roe Portvale Post Portvale Post\n\n"
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair said.\n"
    )
    assert _article(text).author == "Jane Roe"


def test_a_paragraph_cut_off_at_the_end_of_an_excerpt_stays_in_the_body() -> None:
    text = (
        "Ferry pier to close after storm damage\n\n"
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair said.\n\n"
        "Councillor Ann Lee said the council had ignored the fact that the br"
    )
    article = _article(text)
    assert article.text.endswith("ignored the fact that the br")
    chrome = text.replace(
        "the fact that the br", "the fact that\n\nRELATED Pier fund raises \u00a32m"
    )
    assert "RELATED" not in _article(chrome).text


def test_a_slideshow_counter_is_page_chrome() -> None:
    text = (
        "Ferry pier to close after storm damage\n\n"
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair said.\n\n"
        "Slideshow ( 4 images )\n\n"
        "Fishermen said they would appeal the decision in court next month.\n"
    )
    assert "Slideshow" not in _article(text).text


def test_a_masthead_with_its_founding_line_is_not_the_headline() -> None:
    text = (
        "Chevron-down Menu\n"
        "The Harbourtown Newspaper\n"
        "Harbourtown, Maine  Est. June 2, 1871\n\n"
        "Pier repairs will take the whole summer, engineers warn\n\n"
        "By Jane Roe\n\n"
        "HARBOURTOWN \u2013 Repairs to the town pier will take until September, engineers "
        "told the harbour council on Tuesday, far longer than the six weeks it had planned.\n"
    )
    article = _article(text)
    assert article.title == "Pier repairs will take the whole summer, engineers warn"
    assert article.outlet == "The Harbourtown Newspaper"
    assert "Est. June 2, 1871" not in article.text


def test_date_lines_with_a_section_a_counter_or_the_authors_name() -> None:
    body = (
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair said.\n"
    )
    filed = _article(
        "Pier to close\n\nposted 2 August 2032 in Harbour news \u00b7 4 comments\n\n" + body
    )
    assert filed.published == "2032-08-02"
    assert _evidence(filed) == "2 August 2032"
    named = _article("Pier to close\nAnn Lee  \u2022  22 February 2033\n\n" + body)
    assert (named.published, named.author) == ("2033-02-22", "Ann Lee")
    assert _evidence(named) == "22 February 2033"
    # a trail of sections, or a sentence with a date, is no date line
    assert (
        _article("Pier to close\nHarbour \u2022 22 February 2033 \u2022 Pier\n\n" + body).published
        is None
    )


def test_a_header_line_closing_with_a_date_after_a_label_dates_the_page() -> None:
    text = (
        "THE PORTVALE ECHO  \u00b7  Letters\n\n"
        "Letters: Keep the pier open\n\n"
        "Letters to the editor, Monday 7 March 2033\n\n"
        "I have fished from the pier every Sunday for thirty years, and I would not know "
        "where else to go if the council closed it.\n"
    )
    article = _article(text)
    assert (article.published, article.published_source) == ("2033-03-07", "header")
    assert article.outlet == "The Portvale Echo"
    # a deck that names a coming date does not date the page
    deck = text.replace("Letters to the editor, Monday 7 March 2033", "Vote on 7 March 2033")
    assert _article(deck).published is None
