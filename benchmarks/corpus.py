"""Larger test corpora for the benchmarks, made by re-combining PolNeAR train paragraphs.

The benchmarks need 100 to 10,000 realistic news articles; PolNeAR train has 840. Each
synthetic article is a title line, a few paragraphs drawn at random from different PolNeAR
articles and, for some invented "outlets", a few lines of site chrome (our own words) so the
cleaner's repeated-line pass has something to find. The same seed always gives the same
corpus. Files are written to a directory the caller chooses (a temp dir), never to the repo.

    python benchmarks/corpus.py 1000 --out /tmp/corpus-1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from chorus.evaluation.corpora import shared_path

DEFAULT_SOURCE = shared_path("polnear", "train", "text")

#: Invented site chrome, one list per invented outlet; repeated across that outlet's articles.
CHROME = {
    "harbour-daily": ["Share this story", "Sign up for the Harbour Daily briefing"],
    "the-lantern": ["Comments are closed.", "More from The Lantern"],
    "civic-wire": ["Civic Wire — independent since 1998", "Report a correction"],
    "no-chrome": [],
}
MIN_PARAGRAPH_CHARS = 40


def load_paragraphs(source_dir: Path) -> tuple[list[str], list[str]]:
    """Titles (first lines) and body paragraphs of every PolNeAR text, in a stable order."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for path in sorted(source_dir.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        if not blocks:
            continue
        titles.append(blocks[0].splitlines()[0])
        paragraphs.extend(b for b in blocks[1:] if len(b) >= MIN_PARAGRAPH_CHARS)
    if not paragraphs:
        raise FileNotFoundError(f"no PolNeAR texts under {source_dir}")
    return titles, paragraphs


def make_corpus(
    n_articles: int,
    out_dir: str | Path,
    seed: int = 7,
    source_dir: str | Path = DEFAULT_SOURCE,
    paragraphs_per_article: tuple[int, int] = (4, 9),
) -> list[Path]:
    """Write ``n_articles`` synthetic articles into ``out_dir``; returns their paths."""
    titles, paragraphs = load_paragraphs(Path(source_dir))
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    outlets = sorted(CHROME)
    paths = []
    for i in range(n_articles):
        outlet = outlets[i % len(outlets)]
        chrome = CHROME[outlet]
        body = rng.sample(paragraphs, rng.randint(*paragraphs_per_article))
        lines = [rng.choice(titles), *chrome[:1], *body, *chrome[1:]]
        path = out / f"{outlet}_{i:06d}.txt"
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="PolNeAR text dir")
    args = parser.parse_args(argv)
    paths = make_corpus(args.n, args.out, seed=args.seed, source_dir=args.source)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
