"""The dashboard's charts, drawn on the server as SVG: the numbers and the bars' geometry here,
the SVG itself in templates/owner/charts.html (so Jinja escapes every label)."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from bot import claude_cost

# A Claude request's tokens as claude_usage keeps them, in claude_cost's order.
TOKEN_COLUMNS = ("input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens")

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 30
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COLOURS = {"answered": "#1f5f9e", "missed": "#b3261e", "transferred": "#1e6b3a",
           "tokens": "#5b3a9e"}


def nice_top(value: float) -> float:
    """A round number at or above the largest value, for the top of the y axis."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def bar_chart(
    title: str, labels: list[str], series: list[tuple[str, str, list[float]]],
    label_every: int = 1, unit: str = "",
) -> dict[str, Any]:
    """A stacked bar chart: each series is (name, colour, one value per label)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = nice_top(max(totals, default=0))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        base = 0.0
        for name, colour, values in series:
            value = values[i]
            if value:
                height = value / top * inner_h
                bars.append({"x": round(LEFT + i * slot + slot * 0.15, 1),
                             "y": round(TOP + inner_h - (base + height), 1),
                             "w": round(slot * 0.7, 1), "h": round(height, 1), "fill": colour,
                             "tip": f"{label}: {value:g} {name}"})
                base += height
    ticks = [{"y": round(TOP + inner_h - f * inner_h, 1), "label": f"{top * f:g}{unit}"}
             for f in (0, 0.5, 1)]
    xlabels = [{"x": round(LEFT + (i + 0.5) * slot, 1), "label": label}
               for i, label in enumerate(labels) if i % label_every == 0]
    rows = [[label, *[values[i] for _, _, values in series]] for i, label in enumerate(labels)]
    return {"title": title, "width": WIDTH, "height": HEIGHT, "bars": bars, "ticks": ticks,
            "xlabels": xlabels, "left": LEFT, "right": WIDTH - RIGHT, "bottom": TOP + inner_h,
            "label_y": HEIGHT - 10, "legend": [(name, colour) for name, colour, _ in series],
            "columns": [name for name, _, _ in series], "rows": rows}


def charts_for(
    calls: list[dict[str, Any]], usage: list[dict[str, Any]], today: date, zone: Any,
    prices: tuple[float, float],
) -> dict[str, Any]:
    """The charts page: calls per day over 30 days (answered, missed, put through), calls by
    hour and by weekday, and Claude's tokens and their cost per day."""
    days = [today - timedelta(days=29 - n) for n in range(30)]
    index = {day: n for n, day in enumerate(days)}
    per_day = {kind: [0.0] * 30 for kind in ("answered", "missed", "transferred")}
    by_hour, by_weekday = [0.0] * 24, [0.0] * 7
    for call in calls:
        started = datetime.fromisoformat(call["started_at"]).astimezone(zone)
        kind = "answered" if call["outcome"] == "live" else call["outcome"]
        if started.date() in index and kind in per_day:
            per_day[kind][index[started.date()]] += 1
        by_hour[started.hour] += 1
        by_weekday[started.weekday()] += 1
    tokens = [0.0] * 30
    cost = [0.0] * 30
    by_model: Counter[str] = Counter()
    for row in usage:
        day = datetime.fromisoformat(row["created_at"]).astimezone(zone).date()
        if day in index:
            counts = [row[name] for name in TOKEN_COLUMNS]
            spent = sum(counts)
            tokens[index[day]] += spent
            cost[index[day]] += claude_cost(prices, *counts)
            by_model[row["model"]] += spent
    labels = [day.strftime("%d %b") for day in days]
    calls_chart = bar_chart("Calls per day, last 30 days", labels, [
        ("answered", COLOURS["answered"], per_day["answered"]),
        ("missed", COLOURS["missed"], per_day["missed"]),
        ("put through", COLOURS["transferred"], per_day["transferred"])], label_every=5)
    hour_chart = bar_chart("Calls by hour of the day", [f"{h:02d}" for h in range(24)],
                           [("calls", COLOURS["answered"], by_hour)], label_every=3)
    weekday_chart = bar_chart("Calls by weekday", list(WEEKDAYS),
                              [("calls", COLOURS["answered"], by_weekday)])
    token_chart = bar_chart("Claude tokens per day, last 30 days", labels,
                            [("tokens", COLOURS["tokens"], tokens)], label_every=5)
    token_chart["rows"] = [[*row, f"${c:.4f}"] for row, c in
                           zip(token_chart["rows"], cost, strict=True)]
    token_chart["columns"] = ["tokens", "cost"]
    return {"charts": [calls_chart, hour_chart, weekday_chart, token_chart],
            "total_tokens": int(sum(tokens)), "total_cost": sum(cost), "prices": prices,
            "models": sorted(by_model.items())}
