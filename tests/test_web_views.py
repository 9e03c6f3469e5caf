"""Pure parts of the web UI: time axis, bootstrap intervals, the story diff."""

from __future__ import annotations

import re

import numpy as np

from presslens.http.graphics import timeline_svg
from presslens.store.browse import bootstrap_rates, lag_text, sentence_diff


def _bars(svg: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(w)) for x, w in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*><title>', svg)
    ]


def test_web_timeline_is_a_time_axis() -> None:
    rows = [("2024-01-01", "A", 1), ("2024-01-02", "A", 2), ("2024-01-31", "B", 1)]
    bars = _bars(timeline_svg(rows, "day"))
    assert len(bars) == 3
    (x1, w1), (x2, _), (x3, _) = bars
    assert abs((x2 - x1) - w1 - 1) < 0.2  # consecutive days touch
    assert abs((x3 - x1) / (x2 - x1) - 30) < 0.5  # a 30-day gap is 30 day-widths
    weekly = _bars(timeline_svg(rows, "week"))
    assert len(weekly) == 2  # 1-2 Jan share a week; 31 Jan is another
    assert timeline_svg([("not a date", "A", 1)]) == ""


def test_web_bootstrap_interval_narrows_with_more_articles() -> None:
    rng = np.random.default_rng(1)
    small_w = rng.integers(300, 900, 5).astype(float)
    big_w = rng.integers(300, 900, 500).astype(float)
    small = rng.poisson(small_w / 100)[:, None].astype(float)
    big = rng.poisson(big_w / 100)[:, None].astype(float)
    r_s, lo_s, hi_s = bootstrap_rates(small_w, small)
    r_b, lo_b, hi_b = bootstrap_rates(big_w, big)
    assert lo_s[0] <= r_s[0] <= hi_s[0] and lo_b[0] <= r_b[0] <= hi_b[0]
    assert hi_b[0] - lo_b[0] < hi_s[0] - lo_s[0]
    assert abs(r_b[0] - 10) < 1  # the true rate is 10 per 1,000 words


def test_web_story_diff_and_lag() -> None:
    rows = sentence_diff("One. Two. Three.", "One. Two and more. Three. Four.")
    assert ("added", "", "Four.") in rows and ("same", "One.", "One.") in rows
    assert ("changed", "Two.", "Two and more.") in rows
    assert lag_text("2024-03-04T09:00:00+00:00", "2024-03-05T10:05:00+00:00") == "+1 d 1 h 5 min"
    assert lag_text("2024-03-04", None) == ""
