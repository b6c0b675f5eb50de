"""One article's original text cut into pieces that carry every evidence mark.

The article page of the web UI and each article of the dossier show the ORIGINAL input text
(or, for page sources, the cleaned text with the evidence offsets mapped onto it), with
statements, cues, speakers, forecasts and events marked and the cleaner's removals hidden until
the reader asks for them. Whitespace left around a hidden removal is hidden with it, so hiding
residue leaves no blank gap.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable

from chorus.report.queries import (
    StatementFilter,
    article_summaries,
    forecasts,
    statements,
)
from chorus.report.records import (
    Anchor,
    ArticleView,
    ContextView,
    Piece,
    RemovedView,
    forecast_anchor,
    span_anchor,
    statement_anchor,
)
from chorus.store import Store


def article_view(store: Store, article_id: str) -> ArticleView | None:
    """The original text of one article cut into pieces that carry every evidence mark."""
    row = next(iter(store.rows("SELECT * FROM articles WHERE id = ?", [article_id])), None)
    if row is None:
        return None
    summary = article_summaries(store, article_id)[0]
    original: str = row["original"] or ""
    stmts = statements(store, StatementFilter(article=article_id))
    fcasts = forecasts(store, article=article_id)
    events = event_mentions_for(store, article_id)
    removed = [
        RemovedView(
            int(sp["start"]), int(sp["end"]), sp["reason"] or "", original[sp["start"] : sp["end"]]
        )
        for sp in sorted(row["removed"] or [], key=lambda sp: sp["start"])
    ]

    spans: list[tuple[int, int, str]] = []  # start, end, mark
    anchors: dict[int, list[Anchor]] = defaultdict(list)
    for s in stmts:
        spans.append((s.start, s.end, "statement"))
        anchors[s.start].append(
            Anchor(statement_anchor(s.id), "statement", s.speaker_label, s.speaker_key)
        )
    for s in stmts:
        if s.cue_start is not None and s.cue_end is not None:
            spans.append((s.cue_start, s.cue_end, "cue"))
        if s.speaker_start is not None and s.speaker_end is not None:
            spans.append((s.speaker_start, s.speaker_end, "speaker"))
    for f in fcasts:
        spans.append((f.start, f.end, "forecast"))
        label = f"forecast: {f.direction}" + (
            f" {round(f.probability * 100)}%" if f.probability is not None else ""
        )
        anchors[f.start].append(Anchor(forecast_anchor(f.id), "forecast", label, f.speaker_key))
    for start, end, summary_text in events:
        spans.append((start, end, "event"))
        anchors[start].append(Anchor(span_anchor(article_id, start, end), "event", summary_text))
    segments = row.get("offsets") or []
    if (row.get("format") or "text") != "text" and segments:
        # A page source is unreadable: show the cleaned text, evidence mapped onto it.
        to_clean = _original_to_clean(segments)
        clean_spans = [
            (to_clean(start), to_clean(end - 1) + 1 if end > start else to_clean(start), mark)
            for start, end, mark in spans
        ]
        clean_anchors: dict[int, list[Anchor]] = defaultdict(list)
        for pos, items in anchors.items():
            clean_anchors[to_clean(pos)].extend(items)
        pieces = _cut(row["text"] or "", clean_spans, clean_anchors)
        shown = "cleaned"
    else:
        for r in removed:
            spans.append((r.start, r.end, "removed:" + r.reason))
        spans += [(lo, hi, BLANK) for lo, hi in _blank_around(original, removed)]
        pieces = _hide_gaps(_cut(original, spans, anchors))
        shown = "original"
    return ArticleView(
        summary=summary,
        text=row["text"] or "",
        pieces=pieces,
        removed=removed,
        statements=stmts,
        genre_evidence=list(row.get("genre_evidence") or []),
        url=row.get("url"),
        shown=shown,
    )


def _original_to_clean(segments: list[list[int]]) -> Callable[[int], int]:
    """Inverse of the article's offset map: an original offset to its place in the clean text.

    Offsets inside removed stretches map to where the next kept run starts in the clean text.
    """
    runs = sorted((orig, clean, length) for clean, orig, length in segments)
    starts = [orig for orig, _, _ in runs]

    def convert(pos: int) -> int:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return runs[0][1]
        orig, clean, length = runs[i]
        if pos < orig + length:
            return clean + pos - orig
        return clean + length

    return convert


def _cut(
    original: str, spans: list[tuple[int, int, str]], anchors: dict[int, list[Anchor]]
) -> list[Piece]:
    """Split ``original`` at every span boundary; each piece knows the marks covering it."""
    n = len(original)
    clipped = [(max(0, min(s, n)), max(0, min(e, n)), m) for s, e, m in spans]
    bounds = sorted({0, n} | {s for s, _, _ in clipped} | {e for _, e, _ in clipped})
    bounds += sorted({max(0, min(a, n)) for a in anchors} - set(bounds))
    bounds = sorted(set(bounds))
    pieces: list[Piece] = []
    for lo, hi in zip(bounds, bounds[1:] + [None], strict=False):
        if hi is None:
            if anchors.get(lo) and lo == n:
                pieces.append(Piece("", None, (), anchors[lo]))
            break
        covering = [m for s, e, m in clipped if s <= lo and hi <= e and s < e]
        reason = next((m.split(":", 1)[1] for m in covering if m.startswith("removed:")), None)
        marks = tuple(sorted({m for m in covering if not m.startswith("removed:")}))
        pieces.append(Piece(original[lo:hi], reason, marks, anchors.get(lo, [])))
    return pieces


def event_mentions_for(store: Store, article_id: str) -> list[tuple[int, int, str]]:
    """Event evidence spans in one article: merged events' reports, else raw mentions."""
    if store.rows("SELECT 1 FROM events LIMIT 1"):
        rows = store.rows(
            """
            SELECT r.start AS start, r."end" AS "end", summary
            FROM (SELECT summary, unnest(reports) AS r FROM events)
            WHERE r.article = ? ORDER BY r.start
            """,
            [article_id],
        )
    else:
        rows = store.rows(
            'SELECT start, "end", coalesce(summary, text) AS summary FROM event_mentions '
            "WHERE article = ? ORDER BY start",
            [article_id],
        )
    spans: dict[tuple[int, int], str] = {}
    for r in rows:
        if r["start"] is not None and r["end"] is not None:
            spans.setdefault((int(r["start"]), int(r["end"])), r["summary"] or "")
    return [(start, end, label) for (start, end), label in sorted(spans.items())]


BLANK = "blank"  # whitespace next to a removed span: hidden with it


def _blank_around(text: str, removed: list[RemovedView]) -> list[tuple[int, int]]:
    """The whitespace runs touching each removed span, so the cut gives them pieces of their own."""
    runs = []
    for r in removed:
        lo = r.start
        while lo > 0 and text[lo - 1].isspace():
            lo -= 1
        hi = r.end
        while hi < len(text) and text[hi].isspace():
            hi += 1
        runs += [(lo, r.start), (r.end, hi)]
    return [(lo, hi) for lo, hi in runs if hi > lo]


def _hide_gaps(pieces: list[Piece]) -> list[Piece]:
    """Hide the whitespace around hidden residue; the last blank of a run keeps one break.

    A run is a stretch of removed pieces and blank pieces between them. Its blanks are hidden
    with the residue and stood in for by at most one paragraph break, so "Title, three removed
    lines, body" reads as "Title, body" instead of leaving a tall empty gap.
    """
    run: list[Piece] = []
    seen_text = False
    for piece in [*pieces, None]:
        if piece is not None and (piece.removed is not None or _is_blank(piece)):
            run.append(piece)
            continue
        blanks = [p for p in run if p.removed is None]
        if blanks and len(blanks) < len(run):
            newlines = sum(p.text.count("\n") for p in blanks)
            for p in blanks:
                p.gap = True
            if seen_text and piece is not None:  # nothing to separate at either end
                blanks[-1].stand_in = "\n" * min(newlines, 2) or " "
        run = []
        seen_text = True
    for piece in pieces:
        piece.marks = tuple(m for m in piece.marks if m != BLANK)
    return pieces


def _is_blank(piece: Piece) -> bool:
    """Whitespace touching residue (an evidence span running over it is whitespace there too)."""
    return BLANK in piece.marks and not piece.anchors and piece.text.isspace()


CONTEXT_CHARS = 240


def context(store: Store, article_id: str, start: int, end: int) -> ContextView:
    """The words at ``start``–``end`` (original offsets) with some of the text on either side.

    Taken from the cleaned text when the article has an offset map (so page markup and
    residue stay out), else from the original text.
    """
    row = next(
        iter(
            store.rows('SELECT original, text, "offsets" FROM articles WHERE id = ?', [article_id])
        ),
        None,
    )
    if row is None:
        return ContextView("", "", "")
    text, lo, hi = row["original"] or "", start, end
    if row["offsets"]:
        to_clean = _original_to_clean(row["offsets"])
        text, lo = row["text"] or "", to_clean(start)
        hi = to_clean(end - 1) + 1 if end > start else lo
    before = text[max(0, lo - CONTEXT_CHARS) : lo]
    after = text[hi : hi + CONTEXT_CHARS]
    if lo > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if hi + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return ContextView(_one_line(before), _one_line(text[lo:hi]), _one_line(after))


def _one_line(text: str) -> str:
    """Line breaks as spaces: the context reads as one passage."""
    return re.sub(r"\s*\n\s*", " ", text)
