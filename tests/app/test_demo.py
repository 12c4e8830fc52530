"""`tandem demo`: the scripted week runs the real application against the stand-in, and what
people would see is printed and written as an HTML transcript with the charts."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from bot.app import demo

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_demo_week_tells_the_whole_story_and_writes_its_transcript(tmp_path: Path) -> None:
    out = io.StringIO()
    assert demo.run(out=tmp_path, step=False, console=Console(file=out, width=100)) == 0
    text = out.getvalue()
    # Three zones are asked at their own 09:30; Wei, away, is not asked on Tuesday.
    assert "Apollo launch stand-up for Mon 30 Nov" in text
    assert "Away: @Wei" in text
    # Nothing is sent late for a schedule first seen on Sunday evening.
    monday = text.split("Tuesday:")[0]
    assert "Sorry this comes late" not in monday
    # The blocker becomes a critical risk that pages on call, who acknowledges.
    assert "🔴 Critical · P5 × I5 = 25" in text
    assert "You are paged for R-1" in text and "Acknowledged by @Sam (SRE)" in text
    # The status report and the digest, with its two charts.
    assert "Weekly digest · week to Fri 4 Dec" in text and "70% done" in text
    assert "picking up the vendor page" in text and "L-1" in text  # a kudos and a lesson
    charts = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in charts] == [
        "participation-2026-12-04.png",
        "risk-heatmap-2026-12-04.png",
    ]
    assert all(p.read_bytes().startswith(PNG) for p in charts)
    page = (tmp_path / "transcript.html").read_text(encoding="utf-8")
    assert "<h2>Friday" in page and 'src="risk-heatmap-2026-12-04.png"' in page
    assert "Traceback" not in text
