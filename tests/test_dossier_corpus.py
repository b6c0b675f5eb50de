"""A small invented corpus written straight into a store, shared by the dossier and web tests.

The texts are our own. Records are built with offsets found in the original text, so every
table the views read (including the cross-article ones) is filled independently of how far the
pipeline stages have come. One article carries a ``<script>`` and raw HTML to test escaping.
"""

from __future__ import annotations

import json
from pathlib import Path

from chorus.records import (
    Article,
    ArticleResult,
    EntityMention,
    Event,
    EventMention,
    Forecast,
    OffsetMap,
    Person,
    RemovedSpan,
    Statement,
)
from chorus.store import Store

HOSTILE = "<script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script>"

ARTICLE_A = (
    "Varnia weighs its options\n"
    "Oops! Something went wrong.\n"
    'President Ostrova Delan said on Monday that Varnia "will never send soldiers abroad".\n'
    "Analyst Piet Marren said it is unlikely that Varnia joins the war this year.\n"
    "Read also: ten facts about Varnia\n"
)
ARTICLE_B = (
    "Delan speaks again\n"
    'According to the state agency VTA, Ostrova Delan said Varnia "will never send soldiers '
    'abroad".\n'
    "Retired colonel Juris Kalm warned that troops will almost certainly cross the border.\n"
    "Marren's view was not shared by all.\n"
)
ARTICLE_C = (
    f"Comment thread {HOSTILE}\n"
    "Blogger <b>Mika Sorel</b> wrote that the border is quiet.\n"
    f'Sorel added: "{HOSTILE} is what they post".\n'
)

IDS = {"a": "aaaa000000000001", "b": "bbbb000000000002", "c": "cccc000000000003"}
PEOPLE = {"delan": "pdelan", "marren": "pmarren", "kalm": "pkalm", "sorel": "psorel"}


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _article(key: str, original: str, outlet: str, published: str, genre: str) -> Article:
    removed = []
    for residue, reason in (
        ("Oops! Something went wrong.\n", "ui-error"),
        ("Read also: ten facts about Varnia\n", "related-link"),
    ):
        if residue in original:
            s, e = span(original, residue)
            removed.append(RemovedSpan(s, e, reason))
    text = original
    for r in sorted(removed, key=lambda r: -r.start):
        text = text[: r.start] + text[r.end :]
    return Article(
        id=IDS[key],
        source=f"invented/{key}.txt",
        original=original,
        text=text,
        offsets=OffsetMap([]),
        removed=removed,
        title=original.split("\n", 1)[0],
        outlet=outlet,
        published=published,
        genre=genre,
    )


def _statement(
    sid: str,
    article: Article,
    content: str,
    kind: str,
    cue: str,
    mention: str,
    speaker: str | None,
    speaker_id: str | None,
    via: str | None = None,
    confidence: float = 0.9,
) -> Statement:
    s, e = span(article.original, content)
    cs, ce = span(article.original, cue)
    ms, me = span(article.original, mention)
    return Statement(
        id=sid,
        article=article.id,
        source=article.source,
        start=s,
        end=e,
        text=content,
        kind=kind,
        cue=cue,
        cue_start=cs,
        cue_end=ce,
        speaker_mention=mention,
        speaker_start=ms,
        speaker_end=me,
        speaker=speaker,
        speaker_id=speaker_id,
        via=via,
        confidence=confidence,
    )


def write_corpus(out_dir: Path) -> Path:
    """Write the invented corpus (all tables) into ``out_dir`` and return it."""
    a = _article("a", ARTICLE_A, "Varnia Daily", "2024-03-04", "news")
    b = _article("b", ARTICLE_B, "Border Wire", "2024-03-06", "news")
    c = _article("c", ARTICLE_C, "Sorel <b>Blog</b>", "2024-04-01", "opinion")
    never = "will never send soldiers abroad"
    sa1 = _statement(
        "stmt-a1",
        a,
        never,
        "direct",
        "said",
        "President Ostrova Delan",
        "Ostrova Delan",
        PEOPLE["delan"],
    )
    sa2 = _statement(
        "stmt-a2",
        a,
        "it is unlikely that Varnia joins the war this year",
        "indirect",
        "said",
        "Analyst Piet Marren",
        "Piet Marren",
        PEOPLE["marren"],
        confidence=0.7,
    )
    sb1 = _statement(
        "stmt-b1",
        b,
        never,
        "direct",
        "said",
        "Ostrova Delan",
        "Ostrova Delan",
        PEOPLE["delan"],
        via="VTA",
    )
    sb2 = _statement(
        "stmt-b2",
        b,
        "troops will almost certainly cross the border",
        "indirect",
        "warned",
        "Juris Kalm",
        "Juris Kalm",
        PEOPLE["kalm"],
    )
    sc1 = _statement(
        "stmt-c1",
        c,
        "the border is quiet",
        "indirect",
        "wrote",
        "<b>Mika Sorel</b>",
        "Mika Sorel",
        PEOPLE["sorel"],
    )
    sc2 = _statement(
        "stmt-c2",
        c,
        f"{HOSTILE} is what they post",
        "direct",
        "added",
        "Sorel",
        "Mika Sorel",
        PEOPLE["sorel"],
    )
    fs, fe = span(a.original, "it is unlikely that Varnia joins the war this year")
    f1 = Forecast(
        "fc-a1",
        a.id,
        a.source,
        fs,
        fe,
        a.original[fs:fe],
        "Piet Marren",
        "Varnia joins the war",
        "no",
        "unlikely",
        0.2,
        statement="stmt-a2",
        speaker_id=PEOPLE["marren"],
    )
    fs, fe = span(b.original, "troops will almost certainly cross the border")
    f2 = Forecast(
        "fc-b1",
        b.id,
        b.source,
        fs,
        fe,
        b.original[fs:fe],
        "Juris Kalm",
        "troops cross the border",
        "yes",
        "almost certainly",
        0.93,
        statement="stmt-b2",
        speaker_id=PEOPLE["kalm"],
    )
    es, ee = span(a.original, "said on Monday")
    ev1 = EventMention(
        "evm-a1",
        a.id,
        es,
        ee,
        a.original[es:ee],
        "2024-03-04",
        "day",
        "Delan rules out sending soldiers",
        "on Monday",
    )
    ents = [
        EntityMention(
            a.id,
            "a1",
            "Ostrova Delan",
            "person",
            [(*span(a.original, "Ostrova Delan"), "Ostrova Delan")],
            ["President"],
        ),
        EntityMention(
            b.id,
            "b1",
            "Ostrova Delan",
            "person",
            [(*span(b.original, "Ostrova Delan"), "Ostrova Delan")],
        ),
        EntityMention(
            b.id, "b2", "Piet Marren", "person", [(*span(b.original, "Marren"), "Marren")]
        ),
    ]
    results = [
        ArticleResult(a, [ents[0]], [sa1, sa2], [f1], [ev1]),
        ArticleResult(b, ents[1:], [sb1, sb2], [f2], []),
        ArticleResult(c, [], [sc1, sc2], [], []),
    ]
    with Store(out_dir) as store:
        store.write_results(results)
        store.replace_table(
            "people",
            [
                Person(
                    PEOPLE["delan"],
                    "Ostrova Delan",
                    "person",
                    ["Delan", "President Ostrova Delan"],
                    ["President of Varnia"],
                    [a.id, b.id],
                ),
                Person(PEOPLE["marren"], "Piet Marren", "person", ["Marren"], ["analyst"], [a.id]),
                Person(PEOPLE["kalm"], "Juris Kalm", "person", [], ["retired colonel"], [b.id]),
                Person(
                    PEOPLE["sorel"],
                    "Mika Sorel",
                    "person",
                    ["<b>Mika Sorel</b>", "Sorel"],
                    ["blogger"],
                    [c.id],
                ),
            ],
        )
        store.execute(
            "UPDATE entities SET person_id = ? WHERE local_id IN ('a1', 'b1')", [PEOPLE["delan"]]
        )
        store.execute("UPDATE entities SET person_id = ? WHERE local_id = 'b2'", [PEOPLE["marren"]])
        store.replace_table(
            "events",
            [
                Event(
                    "ev-1",
                    "2024-03-04",
                    "day",
                    "Delan rules out sending soldiers",
                    [{"article": a.id, "start": ev1.start, "end": ev1.end}],
                )
            ],
        )
        store.replace_table(
            "statement_reports",
            [
                {
                    "group_id": "g1",
                    "statement": "stmt-a1",
                    "article": a.id,
                    "published": a.published,
                    "via": None,
                    "rank": 1,
                },
                {
                    "group_id": "g1",
                    "statement": "stmt-b1",
                    "article": b.id,
                    "published": b.published,
                    "via": "VTA",
                    "rank": 2,
                },
            ],
        )
        store.replace_table(
            "article_links",
            [{"article": a.id, "other": b.id, "similarity": 0.42, "kind": "near-duplicate"}],
        )
        store.replace_table(
            "outlet_profiles",
            [
                {
                    "outlet": "Sorel <b>Blog</b>",
                    "profile": {"genre": "opinion", "loaded_terms": ["<i>minion</i>"]},
                }
            ],
        )
        report = {
            "question": "Will Varnia send troops?",
            "evidence": [
                {"kind": "forecast", "id": "fc-b1", "article": b.id, "speaker": "Juris Kalm",
                 "text": "troops will almost certainly cross the border", "probability": 0.93,
                 "direction": "yes", "published": b.published, "outlet": "Border Wire"},
                {"kind": "statement", "id": "stmt-c2", "article": c.id, "speaker": "Mika Sorel",
                 "text": f"{HOSTILE} is what they post", "published": c.published,
                 "outlet": "Sorel <b>Blog</b>"},
            ],
            "voices": [
                {"name": "Juris Kalm", "stance": "yes", "probability": 0.93, "evidence": ["fc-b1"]},
                {"name": "<b>Mika</b>", "stance": "uncertain", "probability": None,
                 "evidence": ["stmt-c2", "missing-id"]},
            ],
            "outlets": [
                {"name": "Border Wire", "stance": "yes", "probability": 0.93, "evidence": ["fc-b1"]}
            ],
        }  # fmt: skip
        store.execute(
            "INSERT INTO questions VALUES (?, ?, now())",
            ["Will Varnia send troops?", json.dumps(report)],
        )
    return out_dir
