"""PNG charts for the weekly digest, drawn with matplotlib's Agg canvas (no display needed).

matplotlib is imported inside each function: only the process that draws a chart pays for
loading it, never a web worker answering a slash command. The output is deterministic (no
timestamps or version strings in the PNG), so the same data gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from bot.core.messages import speaking, spoken, t
from bot.core.workspace.model import RiskSettings

# Fonts that can write Chinese, tried after DejaVu Sans glyph by glyph (matplotlib >= 3.6);
# `apt-get install fonts-noto-cjk` (or fonts-wqy-microhei) provides one on Debian.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def _drawing() -> Iterator[None]:
    """Chart text in the spoken language when an installed font can write it, else English
    (a missing glyph would draw as an empty box)."""
    import matplotlib
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    cjk = [name for name in CJK_FONTS if name in installed]
    locale = spoken() if cjk or spoken() == "en" else "en"
    with (
        matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans", *cjk]}),
        speaking(locale),
        warnings.catch_warnings(),
    ):
        # Names people chose (a team called 阿波罗) still need a font that has them.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        yield


def _drawn(draw: Callable[_P, _R]) -> Callable[_P, _R]:
    @functools.wraps(draw)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _drawing():
            return draw(*args, **kwargs)

    return run


RATING_COLOURS = {
    "low": "#8fd19e",
    "medium": "#ffe08a",
    "high": "#ffb36b",
    "critical": "#f26d6d",
}


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


@_drawn
def heat_map_png(counts: Sequence[Sequence[int]], settings: RiskSettings) -> bytes:
    """A 5 x 5 grid of open risks: probability up, impact across, cells coloured by rating.

    Args:
        counts: counts[probability - 1][impact - 1].
        settings: the rating bands that colour each cell.
    """
    from matplotlib.colors import to_rgb

    size = len(counts)
    figure = _figure(5.5, 5)
    axes = figure.add_subplot()
    colours = [
        [to_rgb(RATING_COLOURS[settings.rating((p + 1) * (i + 1))]) for i in range(size)]
        for p in range(size)
    ]
    axes.imshow(colours, origin="lower", extent=(0.5, size + 0.5, 0.5, size + 0.5))
    for p in range(size):
        for i in range(size):
            count = counts[p][i]
            axes.text(
                i + 1,
                p + 1,
                str(count) if count else "·",
                ha="center",
                va="center",
                fontsize=14 if count else 10,
                fontweight="bold" if count else "normal",
            )
    ticks = list(range(1, size + 1))
    axes.set_xticks(ticks)
    axes.set_yticks(ticks)
    axes.set_xlabel(t("digest.chart.impact"))
    axes.set_ylabel(t("digest.chart.probability"))
    total = sum(map(sum, counts))
    axes.set_title(t("digest.chart.heatmap.title", count=total))
    figure.tight_layout()
    return _png(figure)


@_drawn
def trend_png(series: Mapping[str, Sequence[float | None]], labels: Sequence[str]) -> bytes:
    """Stand-up participation per team, one line each, in percent; a week without data is a gap.

    Args:
        series: team name -> rate (0..1 or None) per week, oldest first.
        labels: the x-axis label of each week, e.g. "27 Nov".
    """
    figure = _figure(7, 4)
    axes = figure.add_subplot()
    x = list(range(len(labels)))
    for name, rates in series.items():
        y = [math.nan if r is None else r * 100 for r in rates]
        axes.plot(x, y, marker="o", label=name)
    axes.set_xticks(x)
    axes.set_xticklabels(labels)
    axes.set_ylim(0, 105)
    axes.set_ylabel(t("digest.chart.participation.axis"))
    axes.set_xlabel(t("digest.chart.week_ending"))
    axes.set_title(t("digest.chart.participation.title", weeks=len(labels)))
    axes.grid(axis="y", alpha=0.3)
    if series:
        axes.legend(loc="lower left", fontsize="small")
    figure.tight_layout()
    return _png(figure)
