"""A seeded week of activity for the weekly digest that ends Fri 27 Nov 2026, 16:00 New York."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.digest.model import (
    Away,
    Blocker,
    EscalationLine,
    OnCallLine,
    Participation,
    RiskLine,
    SlackRef,
    TeamStatus,
)
from tests.fakes.digest_sources import StaticSources, StoredRisk

# The weekly digest's period: Fri 20 Nov 16:00 to Fri 27 Nov 16:00, America/New_York.
WEEK_START = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
WEEK_END = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
APOLLO_REPORT = SlackRef("C0APOLLO", "1764266400.000100")
OPS_REPORT = SlackRef("C0OPS", "1764268200.000200")
R1_THREAD = SlackRef("C0RISKS", "1762000000.000100")
STANDUP_REPORT = SlackRef("C0APOLLO", "1763996400.000300")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant in November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def risk(
    number: int,
    title: str,
    p: int,
    i: int,
    *,
    created: datetime,
    team: str | None = "apollo",
    **kwargs: object,
) -> StoredRisk:
    score = p * i
    rating = next(
        (b for b, top in (("low", 4), ("medium", 9), ("high", 15)) if score <= top), "critical"
    )
    stored = {k: kwargs.pop(k) for k in ("closed_at", "changed_at") if k in kwargs}
    line = RiskLine(
        ref=f"R-{number}",
        title=title,
        score=score,
        rating=rating,
        status="open",
        probability=p,
        impact=i,
        owner=str(kwargs.pop("owner", "U0PM")),
        team=team,
        **kwargs,  # type: ignore[arg-type]
    )
    return StoredRisk(line, created_at=created, **stored)  # type: ignore[arg-type]


def history(weeks: int = 8) -> list[Participation]:
    """Apollo's stand-up days over `weeks` weeks; the last week is the digest's period."""
    days = []
    for back in range(weeks):
        for weekday in range(5):  # Mon 23 Nov .. Fri 27 Nov, then earlier weeks
            day = date(2026, 11, 23) + timedelta(days=weekday - 7 * back)
            due = datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)  # 11:00 New York
            if back == 0:
                answered, away = (3, 3, 2, 3, 1)[weekday], (0, 0, 0, 0, 1)[weekday]
            else:
                answered, away = 3 - back % 2, 0
            days.append(Participation("apollo", day, due, expected=3, answered=answered, away=away))
    return days


def seeded_week() -> StaticSources:
    return StaticSources(
        statuses=[
            TeamStatus("apollo", "project", at(20, 19), rag="green", progress=50),
            TeamStatus(
                "apollo",
                "project",
                at(27, 19),
                rag="amber",
                progress=60,
                milestone="Beta launch",
                milestone_date=date(2026, 12, 4),
                report=APOLLO_REPORT,
            ),
            TeamStatus(
                "ops",
                "ops",
                at(27, 19, 30),
                rag="green",
                kpis=(("Uptime", "99.95%"), ("MTTR", "42m")),
                incidents=("INC-7 database failover (resolved)",),
                sla="99.95% vs 99.9% target",
                report=OPS_REPORT,
            ),
        ],
        days=history(),
        open_blockers=[
            Blocker(
                "apollo", "U0DEV2", "Waiting for the payments API keys", at(24, 15), STANDUP_REPORT
            )
        ],
        stored_risks=[
            risk(
                1,
                "Vendor may miss the API delivery",
                4,
                5,
                created=at(1, 12),
                due=date(2026, 12, 4),
                thread=R1_THREAD,
                next_review_at=at(30, 14),
            ),
            risk(
                2,
                "Database capacity runs out",
                3,
                4,
                created=at(23, 10),
                team="ops",
                owner="U0SRE1",
                due=date(2026, 12, 15),
            ),
            risk(
                3,
                "Key engineer may leave",
                2,
                3,
                created=at(2, 9),
                changed_at=at(25, 9),
                previous_score=4,
                next_review_at=at(20, 9),
            ),
            risk(
                4,
                "Old licence expires",
                2,
                2,
                created=at(3, 9),
                closed_at=at(26, 9),
                close_reason="mitigated",
            ),
            risk(
                5, "Office move clashes with release", 1, 2, created=at(4, 9), due=date(2026, 12, 1)
            ),
            risk(6, "Load tests <b>& soak</b> not booked", 3, 5, created=at(5, 9)),
        ],
        pages=[
            EscalationLine(
                "R-1",
                "Vendor may miss the API delivery",
                at(25, 10),
                "apollo",
                "U0SRE1",
                at(25, 10, 4),
                thread=R1_THREAD,
            ),
            EscalationLine("R-2", "Database capacity runs out", at(26, 3), "ops", exhausted=True),
            EscalationLine(
                "R-2", "Database capacity runs out", at(26, 12), "ops", "U0SRE2", at(26, 12, 10)
            ),
            EscalationLine("R-8", "Last week's page", at(19, 12), "ops", "U0SRE2", at(19, 13)),
        ],
        rotations=[OnCallLine("ops-primary", "ops", "U0SRE1", at(30, 15), "U0SRE2")],
        absences=[
            Away("U0DEV1", "apollo", date(2026, 11, 23), date(2026, 11, 24)),
            Away("U0SRE2", "ops", date(2026, 11, 2), date(2026, 11, 6)),
        ],
    )
