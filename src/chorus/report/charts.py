"""Chart geometry for the dossier and the web UI: coordinates and sizes, never markup.

The templates only place elements, so every label still goes through Jinja2 autoescaping.
Counts drawn here are the counts the tables beside the charts show.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date

from chorus.report.records import (
    LABELLED_EVENTS,
    EventView,
    ForecastView,
    Links,
    OutletView,
)

GRAPH_VOICES = 30  # voices drawn in the "who quotes whom" graph, most quoted first


@dataclass
class Bar:
    label: str
    y: float
    segments: list[tuple[float, float, str, int]]  # x, width, css class, count
    total: int
    href: str | None = None


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    legend: list[tuple[str, str]]  # css class, label


@dataclass
class GraphNode:
    key: str
    label: str
    x: float
    y: float
    side: str  # outlet | speaker
    weight: int
    href: str | None
    css: str = ""


@dataclass
class GraphEdge:
    path: str
    width: float
    kind: str  # "mentions", or "quotes" plus the outlet's colour class
    title: str


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


@dataclass
class TimelineDot:
    x: float
    y: float
    event: EventView
    href: str | None
    label: str | None = None  # shown beside the dot when there are few events
    label_left: bool = False
    period_x: float = 0.0  # a month or year is drawn as a bar over its whole period
    period_width: float = 0.0

    @property
    def label_x(self) -> float:
        """Where the label starts (or ends, when on the left), clear of the dot and the bar."""
        if self.label_left:
            return min(self.x, self.period_x) - 9 if self.period_width else self.x - 9
        return max(self.x, self.period_x + self.period_width) + 9


@dataclass
class TimelineChart:
    width: int
    height: int
    axis_y: float
    ticks: list[tuple[float, str]]
    dots: list[TimelineDot]
    undated: int


@dataclass
class ForecastDot:
    x: float
    y: float
    forecast: ForecastView
    href: str


@dataclass
class ForecastChart:
    width: int
    height: int
    label_width: int
    rows: list[tuple[str, float]]  # speaker label, y
    dots: list[ForecastDot]
    ticks: list[tuple[float, str]]


def _nice_ticks(maximum: int, count: int = 5) -> list[int]:
    if maximum <= 0:
        return [0]
    step = max(1, math.ceil(maximum / count))
    magnitude = 10 ** int(math.log10(step))
    for nice in (1, 2, 5, 10):
        if step <= nice * magnitude:
            step = nice * magnitude
            break
    return list(range(0, maximum + step, step))


def outlet_chart(views: list[OutletView], links: Links, width: int = 640) -> BarChart:
    """Statements per outlet as horizontal bars, split by the top voices of the corpus."""
    label_width = 170
    totals = Counter()
    for o in views:
        for label, _key, n in o.voices:
            totals[label] += n
    top = [label for label, _ in totals.most_common(5)]
    legend = [(f"c{i}", label) for i, label in enumerate(top)] + [("c-other", "others")]
    rows = [o for o in views if o.articles]
    max_total = max((o.n_statements for o in rows), default=0)
    ticks = _nice_ticks(max_total)
    scale = (width - label_width - 40) / max(ticks[-1], 1)
    bar_h, gap = 18, 8
    bars = []
    for i, o in enumerate(rows):
        y = 10 + i * (bar_h + gap)
        x = float(label_width)
        segments = []
        counts = Counter()
        for label, _key, n in o.voices:
            counts[label if label in top else "others"] += n
        for css, label in legend:
            n = counts.get(label if css != "c-other" else "others", 0)
            if n:
                segments.append((x, n * scale, css, n))
                x += n * scale
        bars.append(Bar(o.outlet, y, segments, o.n_statements, links.outlet(o.outlet)))
    height = 10 + len(rows) * (bar_h + gap) + 24
    return BarChart(
        width=width,
        height=height,
        label_width=label_width,
        bars=bars,
        ticks=[(label_width + t * scale, t) for t in ticks],
        legend=legend if max_total else [],
    )


def quote_graph(views: list[OutletView], links: Links, width: int = 860) -> Graph:
    """Outlets (left) linked to the voices they quote (solid) or only mention (dashed)."""
    quotes: Counter[tuple[str, str]] = Counter()
    mentions: Counter[tuple[str, str]] = Counter()
    labels: dict[str, str] = {}
    for o in views:
        for label, key, n in o.voices:
            k = key or "unknown"
            labels.setdefault(k, label)
            quotes[(o.outlet, k)] += n
        for label, key, n in o.mentions:
            labels.setdefault(key, label)
            mentions[(o.outlet, key)] += n
    quoted: Counter[str] = Counter()  # statements per voice: the count the tables show
    for (_o, k), n in quotes.items():
        quoted[k] += n
    mentioned: Counter[str] = Counter()
    for (_o, k), n in mentions.items():
        mentioned[k] += n
    # Quoted voices first (most statements first), then the most mentioned.
    ranked = sorted(set(quoted) | set(mentioned), key=lambda k: (-quoted[k], -mentioned[k], k))
    speakers = ranked[:GRAPH_VOICES]
    outlet_names = [o.outlet for o in views if o.articles]
    row_h = 22
    rows = max(len(speakers), len(outlet_names), 1)
    height = rows * row_h + 40
    left_x, right_x = 190.0, width - 230.0

    def ys(count: int) -> list[float]:
        offset = (rows - count) * row_h / 2
        return [32 + offset + i * row_h for i in range(count)]

    nodes: list[GraphNode] = []
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    outlet_weight = {o.outlet: o.n_statements for o in views}
    outlet_step = rows * row_h / max(len(outlet_names), 1)
    outlet_ys = [32 + (i + 0.5) * outlet_step - row_h / 2 for i in range(len(outlet_names))]
    outlet_colour = {name: f"o{i % 5}" for i, name in enumerate(outlet_names)}
    for name, y in zip(outlet_names, outlet_ys, strict=True):
        pos[("o", name)] = (left_x, y)
        nodes.append(
            GraphNode(
                name,
                name,
                left_x,
                y,
                "outlet",
                outlet_weight.get(name, 0),
                links.outlet(name),
                outlet_colour[name],
            )
        )
    for key, y in zip(speakers, ys(len(speakers)), strict=True):
        pos[("s", key)] = (right_x, y)
        href = links.person(key) if key != "unknown" else None
        nodes.append(GraphNode(key, labels.get(key, key), right_x, y, "speaker", quoted[key], href))
    edges: list[GraphEdge] = []
    max_q = max(quotes.values(), default=1)
    for (outlet, key), n in sorted(mentions.items()):
        if (outlet, key) in quotes or ("s", key) not in pos or ("o", outlet) not in pos:
            continue
        edges.append(
            GraphEdge(
                _curve(pos[("o", outlet)], pos[("s", key)]),
                1.0,
                "mentions",
                f"{outlet} mentions {labels.get(key, key)} ({n}×)",
            )
        )
    for (outlet, key), n in sorted(quotes.items()):
        if ("s", key) not in pos or ("o", outlet) not in pos:
            continue
        edges.append(
            GraphEdge(
                _curve(pos[("o", outlet)], pos[("s", key)]),
                1.5 + 5.5 * n / max_q,
                f"quotes {outlet_colour[outlet]}",
                f"{outlet} quotes {labels.get(key, key)}: {n} statement{'s' * (n != 1)}",
            )
        )
    return Graph(width, height, nodes, edges)


def _curve(a: tuple[float, float], b: tuple[float, float]) -> str:
    (x1, y1), (x2, y2) = a, b
    mid = (x1 + x2) / 2
    return f"M{x1 + 6:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2 - 6:.1f},{y2:.1f}"


def _period(date: str) -> tuple[float, float] | None:
    """First and last day (ordinal numbers) of an ISO date, month or year."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            day = float(Date(year, int(parts[1]), int(parts[2][:2])).toordinal())
            return day, day
        if len(parts) == 2:
            month = int(parts[1])
            first = Date(year, month, 1).toordinal()
            following = Date(year + month // 12, month % 12 + 1, 1).toordinal()
            return float(first), float(following - 1)
        return float(Date(year, 1, 1).toordinal()), float(Date(year, 12, 31).toordinal())
    except ValueError:
        return None


def _day_number(date: str) -> float | None:
    """The middle of an ISO date's period, in days (ordinal numbers)."""
    period = _period(date)
    return None if period is None else (period[0] + period[1]) / 2


def timeline_chart(views: list[EventView], links: Links, width: int = 960) -> TimelineChart:
    """Dated events on a time axis; events on the same day stack upwards."""
    dated = [(e, _day_number(e.date)) for e in views if e.date]
    dated = [(e, d) for e, d in dated if d is not None]
    undated = len(views) - len(dated)
    if not dated:
        return TimelineChart(width, 40, 20, [], [], undated)
    periods = [_period(e.date or "") or (d, d) for e, d in dated]
    lo = min(first for first, _ in periods)
    hi = max(last for _, last in periods)
    if hi - lo < 30:
        lo, hi = lo - 15, hi + 15
    margin = 30
    scale = (width - 2 * margin) / (hi - lo)
    dated.sort(key=lambda item: item[1])
    labelled = len(dated) <= LABELLED_EVENTS
    stacks: Counter[int] = Counter()
    placed = []
    for i, (e, d) in enumerate(dated):
        x = margin + (d - lo) * scale
        if labelled:
            level = len(dated) - 1 - i  # one row per event, earliest at the top
        else:
            level = stacks[int(x // 10)]
            stacks[int(x // 10)] += 1
        placed.append((e, x, level))
    top_level = max(level for _, _, level in placed)
    row = 16 if labelled else 12
    axis_y = 16 + (top_level + 1) * row
    dots = []
    for e, x, level in placed:
        report = e.reports[0] if e.reports else None
        href = links.span(report.article, report.start, report.end) if report else None
        label = f"{e.date} {e.summary}" if labelled else None
        first, last = _period(e.date or "") or (lo, lo)
        period_x = margin + (first - lo) * scale
        period_width = (last - first) * scale if last > first else 0.0
        dots.append(
            TimelineDot(
                x,
                axis_y - 10 - level * row,
                e,
                href,
                label,
                x > width * 0.6,
                period_x,
                period_width,
            )
        )
    ticks = _date_ticks(lo, hi, margin, scale)
    return TimelineChart(width, int(axis_y + 30), axis_y, ticks, dots, undated)


def _date_ticks(lo: float, hi: float, margin: float, scale: float) -> list[tuple[float, str]]:
    first, last = Date.fromordinal(int(lo)), Date.fromordinal(int(hi))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    # Steps of months, then of whole years: any span (a century of dated events) gets a step.
    steps = (1, 2, 3, 6, 12, 24, 60, 120)
    step = next((s for s in steps if months / s <= 8), 120 * (months // 960 + 1))
    ticks = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = Date(year, month, 1).toordinal()
        if lo <= day <= hi and ((year * 12 + month - 1) % step == 0):
            label = str(year) if step >= 12 else f"{year}-{month:02d}"
            ticks.append((margin + (day - lo) * scale, label))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def forecast_chart(views: list[ForecastView], links: Links, width: int = 640) -> ForecastChart:
    """Each forecast as a dot on a 0–100 % probability axis, one row per speaker."""
    label_width = 180
    speakers: list[str] = []
    for f in views:
        if f.probability is not None and f.speaker_label not in speakers:
            speakers.append(f.speaker_label)
    row_h = 22
    rows = [(name, 18 + i * row_h) for i, name in enumerate(speakers)]
    y_of = dict(rows)
    plot = width - label_width - 30
    dots = []
    seen: Counter[tuple[str, int]] = Counter()
    for f in views:
        if f.probability is None:
            continue
        name = f.speaker_label
        x = label_width + max(0.0, min(1.0, f.probability)) * plot
        nudge = seen[(name, round(x))]
        seen[(name, round(x))] += 1
        dots.append(ForecastDot(x + nudge * 5, y_of[name], f, links.forecast(f.article, f.id)))
    ticks = [(label_width + p / 100 * plot, f"{p}%") for p in range(0, 101, 25)]
    return ForecastChart(width, 18 + len(rows) * row_h + 20, label_width, rows, dots, ticks)
