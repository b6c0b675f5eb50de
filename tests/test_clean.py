"""Clean: residue removed by general rules, body kept verbatim, offsets back to the original,
metadata inferred. Corpus tests read ../shared (seeds, PolNeAR): without it they fail under CI
and skip elsewhere."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from clean_gold import assert_runs_verbatim, check_against_gold, clean_corpus, repeated_lines
from shared_corpora import require_shared

from chorus.clean import CleaningError, clean_document, line_keys
from chorus.evaluation.corpora import shared_dir
from chorus.ingest import read_inputs
from chorus.records import Article, RawDocument

SHARED = shared_dir()
SEEDS = SHARED / "seeds"
POLNEAR_TRAIN = SHARED / "polnear" / "train"

SCRAPE = """Mon. Apr 7th, 2031

The Coastal Ledger Network

Harbour council delays the bridge vote after a stormy session

3 min read

Harbour: the vote that never was

  • Oops!
    Something went wrong.
    Try again

The harbour council postponed its vote on the new bridge on Tuesday, April 1, its chair said.

\u201cWe need another month of hearings,\u201d said Mara Quill, who leads the council.

Read also: Ferry fares rise for the third time this year

Engineers warned that the old bridge could close within two years without repairs.

Council member Tobias Wren said the delay would cost the town dearly.

You may also like

Ten seaside towns you have never heard of

Why the lighthouse keeper quit

Source: Read Full Article
"""


def _article(
    text: str, repeated: frozenset[str] = frozenset(), fmt: str = "text", **meta: str
) -> Article:
    return clean_document(RawDocument(source="t", text=text, format=fmt, meta=dict(meta)), repeated)


def test_residue_lines_are_removed_and_the_body_kept() -> None:
    article = _article(SCRAPE)
    for residue in (
        "Mon. Apr 7th",
        "3 min read",
        "Oops!",
        "Something went wrong.",
        "Read also:",
        "You may also like",
        "Ten seaside towns",
        "lighthouse keeper",
        "Read Full Article",
        "the vote that never was",
        "The Coastal Ledger Network",
    ):
        assert residue not in article.text, residue
    for body in (
        "The harbour council postponed its vote on the new bridge on Tuesday, April 1, its "
        "chair said.",
        "\u201cWe need another month of hearings,\u201d said Mara Quill, who leads the council.",
        "Engineers warned that the old bridge could close within two years without repairs.",
        "Council member Tobias Wren said the delay would cost the town dearly.",
    ):
        assert body in article.text
    reasons = {span.reason for span in article.removed}
    assert {"boilerplate_ui", "boilerplate_related", "boilerplate_readtime", "date-line"} <= reasons
    assert_runs_verbatim(article)
    for span in article.removed:
        assert article.original[span.start : span.end].strip()


def test_metadata_from_the_header_and_the_body() -> None:
    article = _article(SCRAPE)
    assert article.title == "Harbour council delays the bridge vote after a stormy session"
    assert article.outlet == "The Coastal Ledger Network"
    assert (article.published, article.published_source) == ("2031-04-07", "header")
    assert article.body_date == "2031-04-01"  # the body's own date, before the header's
    assert article.genre == "news"


def test_offsets_map_clean_spans_to_the_same_original_text() -> None:
    article = _article(SCRAPE.replace("\n", "\r\n"))
    assert_runs_verbatim(article)
    sentence = "Engineers warned that the old bridge"
    start = article.text.index(sentence)
    o_start, o_end = article.to_original(start, start + len(sentence))
    assert article.original[o_start:o_end] == sentence


def test_repetition_removes_chrome_but_keeps_syndicated_quotes() -> None:
    quote = "\u201cThe bridge will open in spring,\u201d the mayor said."
    chrome = "Most Read Stories"
    texts = [
        f"Story number {i} about the harbour bridge\n\n{chrome}\n\n{quote}\n\n"
        f"The council spoke for the {i}th time about the budget and the ferry timetable."
        for i in range(3)
    ]
    raws = [RawDocument(source=str(i), text=t, format="text") for i, t in enumerate(texts)]
    repeated = repeated_lines(raws)
    for raw in raws:
        article = clean_document(raw, repeated)
        assert chrome not in article.text
        assert quote in article.text
        assert article.title and article.title.startswith("Story number")


def test_agency_dateline_gives_the_wire_not_the_outlet_and_no_invented_year() -> None:
    text = (
        "Opinion: the bridge is a folly\n\n"
        "PORTVALE, 10 October (HNA) \u2013 The council agreed to fund the bridge, its chair "
        "said at a meeting on Friday.\n\nI think we have all seen this before. "
        "We know how it ends, and our taxes will pay for it. "
        "Back in March 2030 the same promise was made.\n"
    )
    article = _article(text)
    assert article.outlet is None  # a blog pasting an agency's copy is not the agency
    assert article.wire == "HNA"
    dateline = article.original[article.dateline_start : article.dateline_end]
    assert dateline == "PORTVALE, 10 October (HNA) \u2013"
    assert article.published is None  # the year is only guessed from the body
    assert article.body_date == "2030-10-10"
    assert article.genre == "opinion"
    assert any("Opinion:" in e for e in article.genre_evidence)


def test_url_and_container_metadata_win_over_guesses() -> None:
    text = "A plain story with a headline\n\nThe harbour council met on Monday and agreed.\n"
    article = _article(text, url="https://www.ledger.example/2031/05/06/plain-story")
    assert (article.published, article.published_source) == ("2031-05-06", "url")
    assert article.outlet == "ledger.example"
    article = _article(text, published="2031-05-02T10:00:00Z", outlet="Ledger", title="Given title")
    assert (article.published, article.published_source, article.outlet) == (
        "2031-05-02",
        "meta",
        "Ledger",
    )
    assert article.title == "Given title"


def test_empty_document_is_a_cleaning_error() -> None:
    with pytest.raises(CleaningError) as caught:
        _article("   \n\n")
    assert caught.value.reason == "empty"
    with pytest.raises(CleaningError):
        _article("Oops!\n\nSomething went wrong.\n")


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Bridge vote delayed | Ledger</title>
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2024-04-07T09:00:00Z">
<meta name="author" content="Nell Harrow"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<article><h1>Bridge vote delayed</h1>
<p>The harbour council postponed its vote on the new bridge on Tuesday, its chair said after
   a long session that ran late into the evening and left everyone tired.</p>
<p>&#8220;We need another month of hearings,&#8221; said Mara&nbsp;Quill, who leads the council
   &amp; its <em>planning</em> board.</p>
<p>Read also: Ferry fares rise for the third time this year</p>
<p>Engineers warned that the old bridge could close within 2&nbsp;years without repairs, and
   that the ferry could not carry the extra traffic.</p>
</article>
<aside>Newsletter: sign up for our morning briefing</aside>
<footer>&copy; 2031 The Coastal Ledger. All rights reserved.</footer></body></html>
"""


def test_html_main_text_with_offsets_into_the_page_source() -> None:
    article = _article(HTML_PAGE, fmt="html")
    assert "Read also" not in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert "postponed its vote on the new bridge" in article.text
    assert "Mara\xa0Quill" in article.text
    assert_runs_verbatim(article)
    start = article.text.index("Engineers warned")
    o_start, o_end = article.to_original(start, start + len("Engineers warned"))
    assert HTML_PAGE[o_start:o_end] == "Engineers warned"
    assert article.outlet == "The Coastal Ledger"
    assert article.published == "2024-04-07" and article.published_source == "meta"
    assert article.author == "Nell Harrow"
    reasons = {span.reason for span in article.removed}
    assert "boilerplate_related" in reasons and "html-boilerplate" in reasons


def test_broken_html_does_not_crash() -> None:
    article = _article(
        "<html><body><div><p>The council met late on Tuesday and the vote slipped again", fmt="html"
    )
    assert "council met late" in article.text
    assert_runs_verbatim(article)


# --- corpora with gold annotations -------------------------------------------------------


def test_seeds_clean_against_gold() -> None:
    require_shared("seeds", "gold")
    articles = clean_corpus(sorted(SEEDS.glob("*.txt")))
    golds = {
        p.stem + ".txt": json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((SEEDS / "gold").glob("*.json"))
    }
    assert len(golds) == 5
    assert check_against_gold(articles, golds) == []
    assert articles["001_ecac462b4844b263.txt"].body_date == "2023-02-21"


def test_example_corpus_cleans_against_gold() -> None:
    root = resources.files("chorus.data.example")
    gold_dir = root.joinpath("gold")
    if not gold_dir.is_dir() or not any(p.name.endswith(".json") for p in gold_dir.iterdir()):
        pytest.skip("example corpus has no gold files yet")
    with resources.as_file(root) as directory:
        inputs = [
            p
            for p in sorted(Path(directory).iterdir())
            if p.is_file() and not p.name.startswith("_")
        ]
        articles = clean_corpus(inputs)
        golds = {}
        for path in sorted(Path(directory, "gold").glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            if gold.get("doc") in articles:
                golds[gold["doc"]] = gold
    assert golds, "no gold file names an example document"
    assert check_against_gold(articles, golds) == []


def _gold_attribution_spans(ann: Path) -> list[tuple[int, int]]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 2:
            continue
        label, _, offsets = parts[1].partition(" ")
        if label in ("Source", "Cue", "Content"):
            for piece in offsets.split(";"):
                start, end = piece.split()
                spans.append((int(start), int(end)))
    return spans


@pytest.mark.slow
def test_polnear_attributions_are_never_removed() -> None:
    require_shared("polnear", "train", "text")
    texts = sorted((POLNEAR_TRAIN / "text").glob("*.txt"))
    raws = [item for item in read_inputs(texts) if isinstance(item, RawDocument)]
    assert len(raws) == 840
    repeated = repeated_lines(raws)
    annotations: dict[str, Path] = {}
    for ann in sorted((POLNEAR_TRAIN / "attributions").glob("*.ann")):
        annotations.setdefault(ann.name.rsplit("_", 1)[0], ann)  # the first annotator
    titles = _polnear_titles()
    inside_removed = []
    same_title = 0
    for raw in raws:
        article = clean_document(raw, repeated)
        same_title += _words_only(article.title) == _words_only(titles.get(Path(raw.source).stem))
        spans = _gold_attribution_spans(annotations[Path(raw.source).stem])
        for removed in article.removed:
            for start, end in spans:
                if start < removed.end and removed.start < end:
                    inside_removed.append(
                        (raw.source, removed.reason, raw.text[removed.start : removed.end])
                    )
    print(f"gold attribution spans inside removed text: {len(inside_removed)}")
    print(f"titles equal to metadata.tsv (punctuation aside): {same_title}/{len(raws)}")
    assert inside_removed == []
    assert same_title >= 0.95 * len(raws)


def _words_only(text: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (text or "").lower()).strip()


def _polnear_titles() -> dict[str, str]:
    with open(POLNEAR_TRAIN.parent / "metadata.tsv", encoding="utf-8", newline="") as handle:
        return {row["filename"]: row["title"] for row in csv.DictReader(handle, delimiter="\t")}


def test_navigation_boxes_credits_and_guards() -> None:
    text = (
        "THE HARBOUR LEDGER\n"
        "News | Coast | Ports\n\n"
        "Ferry union rejects the new timetable\n\n"
        "(Ines Varga/Harbour Ledger, file)\n\n"
        "The ferry union rejected the new winter timetable on Monday after a members' vote.\n\n"
        "(The port authority declined to comment on the claims, citing a Reuters report.)\n\n"
        "9:05 p.m.\n\n"
        "+--------------------------------+\n"
        "  Get the Ledger Morning Note\n"
        "  Sign up for our newsletter\n"
        "+--------------------------------+\n\n"
        "\u2014 Ola Brandt\n\n"
        "Members will meet again next week to decide whether to strike, the union said.\n"
    )
    other = (
        "Another story about the docks\n\n9:05 p.m.\n\n\u2014 Ola Brandt\n\nThe docks were quiet.\n"
    )
    raws = [RawDocument(source=str(i), text=t, format="text") for i, t in enumerate((text, other))]
    article = clean_document(raws[0], repeated_lines(raws))
    assert article.outlet == "The Harbour Ledger"
    assert article.title == "Ferry union rejects the new timetable"
    for residue in ("News | Coast", "Ines Varga", "Morning Note", "Sign up", "+---"):
        assert residue not in article.text, residue
    for kept in ("citing a Reuters report.)", "9:05 p.m.", "\u2014 Ola Brandt", "decide whether"):
        assert kept in article.text, kept
    assert_runs_verbatim(article)


def test_html_line_keys_see_the_page_chrome() -> None:
    keys = line_keys(RawDocument(source="p", text=HTML_PAGE, format="html"))
    assert {"newsletter: sign up for our morning briefing", "home", "politics"} <= keys
    assert all(key == key.lower() and len(key) <= 200 for key in keys)
