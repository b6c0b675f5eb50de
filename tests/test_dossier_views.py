"""The shared view functions: text cutting, highlighting, fallbacks while tables are empty."""

from __future__ import annotations

from pathlib import Path

from test_dossier_corpus import IDS, PEOPLE, write_corpus

from chorus.report import article_text, charts, figures, listing, queries, records
from chorus.store import Store


def test_cut_keeps_every_character_and_nests_marks() -> None:
    text = "He said that it will rain tomorrow."
    spans = [(13, 34, "statement"), (3, 7, "cue"), (21, 34, "forecast"), (0, 2, "removed:x")]
    anchors = {13: [records.Anchor("s-1", "statement", "He")]}
    pieces = article_text._cut(text, spans, anchors)
    assert "".join(p.text for p in pieces) == text
    by_text = {p.text: p for p in pieces}
    assert by_text["He"].removed == "x"
    assert by_text["said"].marks == ("cue",)
    assert by_text["it will "].marks == ("statement",)
    assert by_text["it will "].anchors[0].id == "s-1"
    assert by_text["rain tomorrow"].marks == ("forecast", "statement")
    assert by_text["."].marks == ()


def test_cut_clips_spans_outside_the_text() -> None:
    pieces = article_text._cut("abc", [(2, 10, "statement"), (-4, 1, "cue")], {})
    assert [(p.text, p.marks) for p in pieces] == [
        ("a", ("cue",)),
        ("b", ()),
        ("c", ("statement",)),
    ]


def test_highlight_is_case_insensitive_and_literal() -> None:
    pieces = queries.highlight("Troops (a.k.a. forces) cross", ["troops", "a.k"])
    assert pieces == [("Troops", True), (" (", False), ("a.k", True), (".a. forces) cross", False)]
    assert listing.search_tokens("  war, 100% sure?! ") == ["war", "100", "sure"]


def test_timeline_falls_back_to_event_mentions_until_events_are_merged(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        store.replace_table("events", [])
        events = queries.events(store)
        assert [(e.date, e.summary) for e in events] == [
            ("2024-03-04", "Delan rules out sending soldiers")
        ]
        chart = charts.timeline_chart(events, records.Links())
        assert len(chart.dots) == 1 and chart.dots[0].href == "#" + records.span_anchor(
            IDS["a"], events[0].reports[0].start, events[0].reports[0].end
        )
        view = article_text.article_view(store, IDS["a"])
        assert view is not None
        assert any(a.kind == "event" for p in view.pieces for a in p.anchors)


def test_people_keep_everyone_who_speaks_even_unresolved(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        store.replace_table("people", [])
        store.execute(
            "UPDATE statements SET speaker_id = NULL, speaker = NULL WHERE id = 'stmt-c1'"
        )
        people = {p.key: p for p in queries.people(store)}
    delan = people[PEOPLE["delan"]]  # grouped by the id on his statements, not yet a person
    assert delan.resolved is False and len(delan.statements) == 2
    assert len(people["unknown"].statements) == 1
    assert people[PEOPLE["kalm"]].forecasts[0].probability == 0.93


def test_graph_has_quote_and_mention_edges(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with Store(tmp_path, read_only=True) as store:
        outlets = queries.outlets(store)
    graph = charts.quote_graph(outlets, records.Links())
    kinds = {(e.kind.split()[0], e.title.split(" ")[0]) for e in graph.edges}
    assert ("quotes", "Border") in kinds
    mentions = [e.title for e in graph.edges if e.kind == "mentions"]
    assert mentions == ["Border Wire mentions Piet Marren (1×)"]
    chart = charts.outlet_chart(outlets, records.Links())
    assert sorted(bar.total for bar in chart.bars) == [2, 2, 2]


def test_page_sources_show_the_clean_text_with_evidence_mapped(tmp_path: Path) -> None:
    from chorus.records import Article, ArticleResult, OffsetMap, RemovedSpan, Statement

    original = '<html><p>Ann Tor said "we go &amp; stay".</p><script>x()</script></html>'
    text = 'Ann Tor said "we go & stay".'
    kept_1, kept_2 = original.index("Ann"), original.index(" stay")
    amp = text.index("&")
    segments = [
        (0, kept_1, amp),
        (amp, original.index("&amp;"), 1),
        (amp + 1, kept_2, len(text) - amp - 1),
    ]
    article = Article(
        id="html000000000001",
        source="page.html",
        original=original,
        text=text,
        offsets=OffsetMap(segments),
        removed=[RemovedSpan(0, kept_1, "markup")],
        format="html",
    )
    start, end = original.index("we go"), original.index('".</p>')
    statement = Statement(
        "st-html", article.id, article.source, start, end, original[start:end], "direct"
    )
    with Store(tmp_path) as store:
        store.write_results([ArticleResult(article, [], [statement])])
        view = article_text.article_view(store, article.id)
    assert view is not None and view.shown == "cleaned"
    assert "".join(p.text for p in view.pieces) == text
    marked = "".join(p.text for p in view.pieces if "statement" in p.marks)
    assert marked == "we go & stay"
    assert any(a.id == "s-st-html" for p in view.pieces for a in p.anchors)


def test_forecasters_are_scored_once_outcomes_are_recorded(tmp_path: Path) -> None:
    """Scores are derived once (the report step, ``chorus resolve``), not on every view."""
    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        assert figures.forecaster_scores(store) == []
        store.execute(
            "INSERT INTO outcomes VALUES ('troops cross the border', 'no', '2024-06-01', now())"
        )
        assert figures.forecaster_scores(store) == []  # reading never computes
        assert figures.refresh_figures(store) == 1
        scores = figures.forecaster_scores(store)
        from chorus.report.dossier import render_dossier

        html = render_dossier(store)
    assert "Forecaster accuracy" in html and "0.865" in html
    assert [(s.speaker, s.speaker_key) for s in scores] == [("Juris Kalm", PEOPLE["kalm"])]
    forecast, outcome, brier = scores[0].forecasts[0]
    assert forecast.id == "fc-b1" and outcome == "no"
    assert brier == round(0.93**2, 4)


def test_provenance_of_a_copied_article_is_one_cluster() -> None:
    def group(gid: str, *articles: str) -> records.ProvenanceGroup:
        reports = [{"article": a, "statement": f"{gid}-{a}", "published": a} for a in articles]
        return records.ProvenanceGroup(gid, f"text {gid}", None, None, reports)

    copied = [group(f"g{i}", "2024-01-01", "2024-01-02") for i in range(4)]
    shared = group("quote", "2024-01-03", "2024-01-05", "2024-01-04")
    clusters = queries.provenance_clusters([*copied, shared])
    assert [len(c.groups) for c in clusters] == [1, 4]  # the cross-outlet quote comes first
    assert [r["article"] for r in clusters[0].reports] == ["2024-01-03", "2024-01-05", "2024-01-04"]


def test_article_search_and_statement_filter_agree_on_unknown_outlet(tmp_path) -> None:
    """One outlet/date filter for both views: "(unknown outlet)" means no outlet."""
    from chorus.records import Article as ArticleRecord
    from chorus.records import ArticleResult, OffsetMap
    from chorus.report.queries import StatementFilter, search_articles
    from chorus.report.records import UNKNOWN_OUTLET
    from chorus.store import Store

    text = "Harbour talks stalled again on Friday."
    art = ArticleRecord(
        id="nooutlet", source="x.txt", original=text, text=text, offsets=OffsetMap([])
    )
    with Store(tmp_path) as store:
        store.write_results([ArticleResult(article=art)])
        unknown = search_articles(store, "harbour", StatementFilter(outlet=UNKNOWN_OUTLET))
        named = search_articles(store, "harbour", StatementFilter(outlet="Border Wire"))
    assert [summary.id for summary, _snippet in unknown] == ["nooutlet"]
    assert named == []


def test_hidden_residue_leaves_no_blank_gap(tmp_path: Path) -> None:
    from chorus.records import Article, ArticleResult, OffsetMap, RemovedSpan

    original = "Title of it\n\n\nMenu\n\nLog in\n\n\n\nBody starts here.\n"
    removed = [
        RemovedSpan(original.index("Menu"), original.index("Menu") + 4, "menu"),
        RemovedSpan(original.index("Log in"), original.index("Log in") + 6, "ui"),
    ]
    article = Article(
        id="gap0000000000001",
        source="gap.txt",
        original=original,
        text="Title of it\n\nBody starts here.\n",
        offsets=OffsetMap([]),
        removed=removed,
    )
    with Store(tmp_path) as store:
        store.write_results([ArticleResult(article)])
        view = article_text.article_view(store, article.id)
    assert view is not None
    assert "".join(p.text for p in view.pieces) == original  # nothing lost
    shown = "".join(
        p.stand_in if p.gap else p.text for p in view.pieces if p.removed is None
    )  # what the page shows with the residue hidden
    assert shown == "Title of it\n\nBody starts here.\n"


def test_chart_counts_are_the_table_counts(tmp_path: Path) -> None:
    from chorus.report.lists import OUTLETS
    from chorus.report.lists import PEOPLE as PEOPLE_LIST

    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        store.execute(  # many mentions of one voice must not swell its count of statements
            "UPDATE entities SET mentions = list_concat(mentions, mentions, mentions, mentions, "
            "mentions, mentions, mentions, mentions, mentions, mentions, mentions) "
            "WHERE person_id = ?",
            [PEOPLE["delan"]],
        )
        outlets = queries.outlets(store)
        request = listing.parse_request(PEOPLE_LIST, {})
        people = listing.run(store, PEOPLE_LIST, request, facets=False)
        per_outlet = listing.run(store, OUTLETS, listing.parse_request(OUTLETS, {}), facets=False)
    graph = charts.quote_graph(outlets, records.Links())
    statements = {p["id"]: p["n_statements"] for p in people.rows}
    voices = [n for n in graph.nodes if n.side == "speaker" and n.key in statements]
    assert voices and all(n.weight == statements[n.key] for n in voices)
    bars = {b.label: b.total for b in charts.outlet_chart(outlets, records.Links()).bars}
    assert bars == {r["outlet"]: r["n_statements"] for r in per_outlet.rows}
