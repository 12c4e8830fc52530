"""Block Kit for the merged digest: pure rendering, split to stay within Slack's limits.

The digest is rendered as one stream of blocks (headline, projects, operations, risks, people),
then cut into messages of at most 50 blocks and `MAX_MESSAGE_CHARS` characters, no section text
over 3,000. The first message is the root; the others go in its thread, and the root says how
many follow, so nothing is ever cut off silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.blocks import Message
from bot.core.blocks.text import (
    NO_RAG,
    RAG_EMOJI,
    clip,
    day_text,
    escape,
    number,
    progress_bar,
)
from bot.core.blocks.text import duration as text_duration
from bot.core.messages import t
from bot.core.workspace.model import Team
from bot.digest.model import (
    Blocker,
    DigestData,
    EscalationLine,
    Handover,
    Kudos,
    RiskLine,
    SlackRef,
    TeamParticipation,
    people_metrics,
    sum_participation,
)

MAX_BLOCKS = 50
MAX_SECTION = 3000
# Blocks' text per message; the plain-text fallback repeats it, and chat.postMessage refuses
# a `text` over 40,000 characters.
MAX_MESSAGE_CHARS = 24_000
MAX_FIELD = 300  # one free-text field (a title, a blocker) in one line
MAX_RESPONSES = 5  # a response_url takes five posts
MAX_QUOTES = 3  # reasons quoted per person recognised with kudos, the newest
MAX_QUOTE = 120


def render_digest(data: DigestData, team_url: str) -> list[Message]:
    """The digest as messages: the root first, then the replies in its thread.

    Args:
        data: what the digest shows.
        team_url: the workspace URL ("https://acme.slack.com/") links are built on.
    """
    render = _Renderer(data, team_url)
    blocks = [
        *render.top(),
        *render.projects(),
        *render.operations(),
        *render.goals(),
        *render.risks(),
        *render.people(),
    ]
    return _split(blocks, render.period(data.start, data.end))


def preview_messages(messages: Sequence[Message], most: int = MAX_RESPONSES) -> list[Message]:
    """At most `most` messages for respond(); the last one says how many were left out."""
    if len(messages) <= most:
        return list(messages)
    left = len(messages) - (most - 1)
    note = t("digest.preview.more", count=left)
    return [*messages[: most - 1], Message(note, [_context(note)])]


# --- formatting ----------------------------------------------------------------------------


def duration(delta: timedelta) -> str:
    """Compact, in the spoken language: "45s", "12m", "5h 20m", "3d" (whole days)."""
    return text_duration(delta.total_seconds(), whole_days=True)


def _user(user: str | None) -> str:
    return f"<@{user}>" if user else t("digest.nobody")


def _rag(rag: str | None) -> str:
    return RAG_EMOJI.get(rag or "", NO_RAG)


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def _context(text: str) -> dict[str, Any]:
    return ContextBlock(elements=[MarkdownTextObject(text=text)]).to_dict()


def _sections(lines: Iterable[str]) -> list[Block]:
    """Lines packed into section blocks of at most 3,000 characters, never splitting a line."""
    out: list[Block] = []
    current = ""
    for line in lines:
        line = clip(line, MAX_SECTION)
        if current and len(current) + 1 + len(line) > MAX_SECTION:
            out.append(SectionBlock(text=MarkdownTextObject(text=current)))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        out.append(SectionBlock(text=MarkdownTextObject(text=current)))
    return out


def _titled(title: str, lines: Sequence[str]) -> list[str]:
    """A list under its title, or nothing when the list is empty."""
    return [title, *lines] if lines else []


# --- the sections ----------------------------------------------------------------------------


class _Renderer:
    """Renders one DigestData: dates in the digest's zone, links on the workspace URL."""

    def __init__(self, data: DigestData, team_url: str) -> None:
        self.data = data
        self.zone: ZoneInfo = data.digest.timezone
        self.team_url = team_url if team_url.endswith("/") else team_url + "/"
        self.participation: dict[str, TeamParticipation] = sum_participation(data.participation)

    # formatting

    def day(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        return day_text(value)

    def moment(self, value: datetime) -> str:
        return self.day(value) + value.astimezone(self.zone).strftime(" %H:%M")

    def period(self, start: datetime, end: datetime) -> str:
        return t("digest.period", start=self.moment(start), end=self.moment(end))

    def link(self, ref: SlackRef | None, label: str) -> str:
        if ref is None:
            return label
        url = f"{self.team_url}archives/{ref.channel}/p{ref.ts.replace('.', '')}"
        return f"<{url}|{label}>"

    def reported(self, reported_at: datetime) -> str:
        key = "digest.team.reported" if reported_at >= self.data.start else "digest.team.stale"
        return t(key, when=self.day(reported_at))

    # top

    def top(self) -> list[Block]:
        data = self.data
        kind = {1: "daily", 7: "weekly"}.get(data.digest.period.days, "other")
        title = t(f"digest.header.{kind}", day=self.day(data.end))
        covered = ", ".join(team.name for team in data.teams)
        about = t("digest.about", period=self.period(data.start, data.end), teams=covered)
        if data.late:
            about += " " + t("time.late_marker")
        return [
            HeaderBlock(text=clip(title, 150)),
            ContextBlock(elements=[MarkdownTextObject(text=clip(escape(about), MAX_SECTION))]),
            *_sections([self.headline()]),
            DividerBlock(),
        ]

    def headline(self) -> str:
        data = self.data
        teams = " · ".join(
            f"{_rag(status.rag if status else None)} {escape(team.name)}"
            for team in data.teams
            for status in [data.status(team.id)]
        )
        if not data.escalations:
            pages = t("digest.headline.no_pages")
        elif data.median_time_to_ack is None:
            pages = t("digest.headline.pages_unacked", count=len(data.escalations))
        else:
            mtta = duration(data.median_time_to_ack)
            pages = t("digest.headline.pages", count=len(data.escalations), mtta=mtta)
        return t("digest.headline", teams=teams, risks=data.severe_open, pages=pages)

    # teams

    def team_lines(self, team: Team, title: str, details: Sequence[str] = ()) -> list[str]:
        """A team's title line, `details`, then stand-ups, on-call and blockers (if any)."""
        data = self.data
        status = data.status(team.id)
        name = f"*{self.link(status.report if status else None, escape(team.name))}*"
        lines = [f"{name} · {title}", *details]
        summary = self.participation.get(team.id)
        if summary is not None:
            lines.append(
                t(
                    "digest.team.participation",
                    answered=summary.answered,
                    present=summary.expected - summary.away,
                    rate=_percent(summary.rate),
                    days=t(
                        "digest.team.days.one" if summary.days == 1 else "digest.team.days.many",
                        count=summary.days,
                    ),
                    away=summary.away,
                )
            )
        lines += [
            t(
                "digest.ops.on_call",
                rotation=escape(line.rotation),
                user=_user(line.user),
                until=self.moment(line.until) if line.until else "–",
                next=_user(line.next_user),
            )
            for line in data.on_call
            if line.team == team.id
        ]
        lines += [
            t(
                "digest.ops.load",
                user=_user(load.user),
                shifts=load.shifts,
                after_hours=duration(timedelta(minutes=load.after_hours_minutes)),
                pages=load.pages,
                after_hours_pages=load.after_hours_pages,
                mtta=duration(timedelta(seconds=load.mtta_seconds))
                if load.mtta_seconds is not None
                else "–",
                given=load.covers_given,
                taken=load.covers_taken,
            )
            for load in data.on_call_load
            if load.team == team.id
        ]
        blockers = sorted((b for b in data.blockers if b.team == team.id), key=lambda b: b.since)
        lines += _titled(
            t("digest.team.blockers", count=len(blockers)), [self.blocker(b) for b in blockers]
        )
        return lines

    def blocker(self, blocker: Blocker) -> str:
        return t(
            "digest.team.blocker",
            user=_user(blocker.user),
            text=self.link(blocker.ref, escape(clip(blocker.text, MAX_FIELD))),
            age=duration(self.data.now - blocker.since),
        )

    def project_title(self, team: Team) -> str:
        status = self.data.status(team.id)
        if status is None:
            return f"{NO_RAG} " + t("digest.team.no_report")
        parts = [f"{_rag(status.rag)} " + t(f"digest.rag.{status.rag or 'none'}")]
        if status.progress is not None:
            parts.append(t("digest.project.progress", percent=status.progress))
        if status.milestone:
            when = f" ({self.day(status.milestone_date)})" if status.milestone_date else ""
            milestone = escape(clip(status.milestone, MAX_FIELD))
            parts.append(t("digest.project.milestone", milestone=milestone, when=when))
        parts.append(self.reported(status.reported_at))
        return " · ".join(parts)

    def projects(self) -> list[Block]:
        teams = [team for team in self.data.teams if team.kind == "project"]
        if not teams:
            return []
        blocks: list[Block] = [HeaderBlock(text=t("digest.section.projects"))]
        for team in teams:
            blocks += _sections(self.team_lines(team, self.project_title(team)))
        return blocks

    def ops_lines(self, team: Team) -> list[str]:
        status = self.data.status(team.id)
        if status is None:
            return self.team_lines(team, f"{NO_RAG} " + t("digest.team.no_report"))
        health = f"{_rag(status.rag)} " + t(f"digest.sla.{status.rag or 'none'}")
        if status.sla:
            health += f" ({escape(clip(status.sla, MAX_FIELD))})"
        details = []
        if status.kpis:
            kpis = " · ".join(
                f"{escape(clip(k, MAX_FIELD))}: {escape(clip(v, MAX_FIELD))}"
                for k, v in status.kpis
            )
            details.append(t("digest.ops.kpis", kpis=kpis))
        incidents = [f"• {escape(clip(line, MAX_FIELD))}" for line in status.incidents]
        details += _titled(t("digest.ops.incidents", count=len(incidents)), incidents) or [
            t("digest.ops.no_incidents")
        ]
        return self.team_lines(team, f"{health} · {self.reported(status.reported_at)}", details)

    def escalation(self, line: EscalationLine) -> str:
        subject = (
            f"{self.link(line.thread, escape(line.ref))} {escape(clip(line.title, MAX_FIELD))}"
        )
        if line.acked_by and line.time_to_ack is not None:
            after = duration(line.time_to_ack)
            outcome = t("digest.esc.acked", user=_user(line.acked_by), after=after)
        elif line.exhausted:
            outcome = t("digest.esc.exhausted")
        else:
            outcome = t("digest.esc.open")
        started = self.moment(line.started_at)
        if line.customer:
            subject = f"{t('customer.mark')} · {subject}"
        return t("digest.esc.line", subject=subject, started=started, outcome=outcome)

    def operations(self) -> list[Block]:
        data = self.data
        teams = [team for team in data.teams if team.kind == "ops"]
        if not teams and not data.escalations and not data.handovers:
            return []
        blocks: list[Block] = [HeaderBlock(text=t("digest.section.ops"))]
        for team in teams:
            blocks += _sections(self.ops_lines(team))
        escalations = sorted(data.escalations, key=lambda e: (not e.customer, e.started_at))
        mtta = data.median_time_to_ack
        title = t(
            "digest.esc.title",
            count=len(escalations),
            mtta=duration(mtta) if mtta is not None else "–",
            exhausted=sum(1 for e in escalations if e.exhausted),
        )
        blocks += _sections([title, *(self.escalation(e) for e in escalations)])
        if data.handovers:
            heading = t("digest.handover.title", count=len(data.handovers))
            blocks += _sections([heading, *(self.handover(h) for h in data.handovers)])
        return blocks

    def handover(self, line: Handover) -> str:
        return t(
            "digest.handover.line",
            rotation=escape(line.rotation),
            outgoing=_user(line.outgoing),
            incoming=_user(line.incoming),
            at=self.moment(line.handoff_at),
            notes=escape(clip(" ".join(line.notes.split()), MAX_FIELD)),
        )

    # risks

    def risk(self, risk: RiskLine, detail: str = "") -> str:
        parts = [
            f"{self.link(risk.thread, escape(risk.ref))} {escape(clip(risk.title, MAX_FIELD))}",
            t(
                "digest.risk.score",
                score=risk.score,
                rating=t(f"digest.rating.{risk.rating}"),
                p=risk.probability,
                i=risk.impact,
            ),
            t("digest.risk.owner", owner=_user(risk.owner)),
        ]
        if risk.due is not None:
            parts.append(t("digest.risk.due", day=self.day(risk.due)))
        if detail:
            parts.append(detail)
        if risk.customer:
            parts.insert(0, t("customer.mark"))
        return "• " + " · ".join(parts)

    def changed(self, risk: RiskLine) -> str:
        if risk.previous_score is not None and risk.previous_score != risk.score:
            return self.risk(risk, t("digest.risk.was", score=risk.previous_score))
        return self.risk(risk, t("digest.risk.status", status=escape(risk.status)))

    def closed(self, risk: RiskLine) -> str:
        if not risk.close_reason:
            return self.risk(risk)
        return self.risk(
            risk, t("digest.risk.closed", reason=escape(clip(risk.close_reason, MAX_FIELD)))
        )

    def overdue(self, risk: RiskLine) -> str:
        if risk.next_review_at is None:
            return self.risk(risk)
        return self.risk(risk, t("digest.risk.review_due", day=self.day(risk.next_review_at)))

    def risks(self) -> list[Block]:
        risks = self.data.risks
        by_rating = risks.heat_map.by_rating(self.data.risk_settings)
        summary = t("digest.risks.summary", total=risks.heat_map.total, **by_rating)
        blocks = [HeaderBlock(text=t("digest.section.risks")), *_sections([summary])]
        if not (risks.new or risks.changed or risks.closed):
            blocks += _sections([t("digest.risks.no_changes")])
        for key, items, line in (
            ("digest.risks.top", risks.top, self.risk),
            ("digest.risks.new", risks.new, self.risk),
            ("digest.risks.changed", risks.changed, self.changed),
            ("digest.risks.closed", risks.closed, self.closed),
            ("digest.risks.overdue", risks.overdue_reviews, self.overdue),
            ("digest.risks.due_soon", risks.due_soon, self.risk),
        ):
            # Customer-impacting risks lead each list; the rest keep their order.
            ordered = sorted(items, key=lambda r: not r.customer)
            blocks += _sections(_titled(t(key, count=len(items)), [line(r) for r in ordered]))
        return blocks

    # people

    def people(self) -> list[Block]:
        data = self.data
        away = [
            t(
                "digest.people.away_line",
                user=_user(a.user),
                days=self.days(a.first_day, a.last_day),
            )
            for a in sorted(data.away, key=lambda a: (a.first_day, a.user))
        ]
        kudos = self.kudos()
        lines = [
            *_titled(t("digest.people.metrics"), self.metrics()),
            *_titled(t("digest.people.away", count=len(away)), away),
            *_titled(t("digest.people.kudos", count=len(data.kudos)), kudos),
            *self.lessons(),
        ]
        if not lines:
            return []
        return [HeaderBlock(text=t("digest.section.people")), *_sections(lines)]

    def metrics(self) -> list[str]:
        """One line per team: participation, on time, blockers, risk ageing, reviews, MTTA,
        kudos ("–" where there is nothing to measure)."""
        names = {team.id: team.name for team in self.data.teams}

        def age(value: timedelta | None) -> str:
            return duration(value) if value is not None else "–"

        return [
            t(
                "digest.people.metrics_line",
                team=escape(names.get(m.team, m.team)),
                participation=_percent(m.participation),
                on_time=_percent(m.on_time),
                blockers=m.blockers,
                oldest_blocker=age(m.oldest_blocker),
                risks=m.risks_open,
                risk_age=age(m.median_risk_age),
                oldest_risk=age(m.oldest_risk_age),
                overdue=m.overdue_reviews,
                mtta=age(m.mtta),
                kudos=m.kudos,
            )
            for m in people_metrics(self.data)
        ]

    def kudos(self) -> list[str]:
        """One line per person recognised: how many kudos, from whom, and a few reasons."""
        by_receiver: dict[str, list[Kudos]] = {}
        for k in sorted(self.data.kudos, key=lambda k: k.at):
            by_receiver.setdefault(k.receiver, []).append(k)
        ranked = sorted(by_receiver.items(), key=lambda item: (-len(item[1]), item[1][0].at))
        lines = []
        for receiver, given in ranked:
            givers = list(dict.fromkeys(_user(k.giver) for k in given))
            reasons = [
                t("digest.people.kudos_reason", text=escape(clip(k.text, MAX_QUOTE)))
                for k in given[-MAX_QUOTES:]
            ]
            lines.append(
                t(
                    "digest.people.kudos_line",
                    receiver=_user(receiver),
                    count=len(given),
                    givers=", ".join(givers),
                    reasons=" · ".join(reasons),
                )
            )
        return lines

    def goals(self) -> list[Block]:
        """Each shared goal: a progress bar and the numbers, the due date, who shares it."""
        if not self.data.goals:
            return []
        lines = []
        for g in self.data.goals:
            if g.target is None:
                progress = t("digest.goal.no_target", value=number(g.value))
            else:
                progress = t(
                    "digest.goal.progress",
                    bar=progress_bar(g.value, g.target),
                    value=number(g.value),
                    target=number(g.target),
                )
            lines.append(
                t(
                    "digest.goal.line",
                    ref=escape(g.ref),
                    title=escape(clip(g.title, MAX_FIELD)),
                    progress=progress,
                    due=t("digest.goal.due", day=self.day(g.due)) if g.due else "",
                    teams=", ".join(escape(name) for name in g.teams),
                )
            )
        title = t("digest.section.goals", count=len(lines))
        return [HeaderBlock(text=title), *_sections(lines)]

    def lessons(self) -> list[str]:
        """The period's new lessons, a short section: one line each, clipped."""
        names = {team.id: team.name for team in self.data.teams}
        lines = [
            t(
                "digest.lessons.line",
                ref=lesson.ref,
                team=escape(names.get(lesson.team, lesson.team)),
                text=escape(clip(" ".join(lesson.text.split()), MAX_FIELD)),
            )
            for lesson in sorted(self.data.lessons, key=lambda x: x.at)
        ]
        return _titled(t("digest.lessons.title", count=len(lines)), lines)

    def days(self, first: date, last: date) -> str:
        if first == last:
            return self.day(first)
        return t("digest.people.days", first=self.day(first), last=self.day(last))


# --- splitting -----------------------------------------------------------------------------


def _text_of(block: dict[str, Any]) -> str:
    if block.get("type") in ("section", "header"):
        return str(block["text"]["text"])
    if block.get("type") == "context":
        return " ".join(str(e.get("text", "")) for e in block["elements"])
    return ""


def _split(models: Sequence[Block], period: str) -> list[Message]:
    """Cut the block stream into messages within the limits, keeping one block per message
    free for the "continued in the thread" note (root) or the "part n of m" note (replies)."""
    messages: list[list[dict[str, Any]]] = [[]]
    size = 0
    for model in models:
        block = model.to_dict()  # validates Slack's per-block limits
        length = len(_text_of(block))
        if messages[-1] and (
            len(messages[-1]) >= MAX_BLOCKS - 1 or size + length > MAX_MESSAGE_CHARS
        ):
            messages.append([])
            size = 0
        messages[-1].append(block)
        size += length
    total = len(messages)
    if total > 1:
        key = "digest.continued.one" if total == 2 else "digest.continued.many"
        messages[0].append(_context(t(key, count=total - 1)))
        for number, blocks in enumerate(messages[1:], start=2):
            blocks.insert(0, _context(t("digest.part", n=number, total=total, period=period)))
    return [Message("\n".join(filter(None, map(_text_of, blocks))), blocks) for blocks in messages]
