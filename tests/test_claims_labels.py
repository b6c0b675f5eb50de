"""How the dossier and the web UI name a forecast's voice: the speaker, the article itself
("author, OUTLET") for its own forecasts, or the words naming an unnamed holder."""

from __future__ import annotations

from pathlib import Path

from test_dossier_corpus import write_corpus

from chorus.report import citations, queries
from chorus.report.dossier import write_dossier
from chorus.store import Store


def _voices(store: Store) -> None:
    store.execute(
        "UPDATE forecasts SET speaker = NULL, speaker_id = NULL, statement = NULL, "
        "voice = 'author' WHERE id = 'fc-b1'"
    )
    store.execute(
        "UPDATE forecasts SET speaker = NULL, speaker_id = NULL, statement = NULL, "
        "voice = 'holder', speaker_mention = 'economists at the harbour bank' "
        "WHERE id = 'fc-a1'"
    )


def test_the_article_s_own_forecast_reads_author_and_outlet(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        _voices(store)
        labels = {f.id: f.speaker_label for f in queries.forecasts(store)}
        assert labels == {"fc-b1": "author, Border Wire", "fc-a1": "economists at the harbour bank"}
        detail = citations.forecast_detail(store, "fc-b1")
        assert detail is not None and detail.citation.speaker == "author, Border Wire"
        html = write_dossier(store, tmp_path / "dossier.html").read_text(encoding="utf-8")
    assert "author, Border Wire" in html
    assert "economists at the harbour bank" in html
