"""Copy for the merged project + ops digests and /digest."""

EN = {
    "usage.digest": "`/digest preview [ID]` · `/digest post ID` (admins) · `/digest help`",
    "help.digest": (
        "*/digest shows the merged project + ops digest.* `preview` shows it only to you; "
        "`post` sends it to its channel now.\n{usage}"
    ),
    # /digest answers
    "digest.none_configured": (
        "No digests are configured. Add a `[[digests]]` table to tandem.toml first."
    ),
    "digest.unknown": "There is no digest `{id}`. Known digests: {known}.",
    "digest.post_needs_id": "Say which digest to post. Known digests: {known}.",
    "digest.posted": "Posted the `{id}` digest to <#{channel}>.",
    "digest.already_posted": "This request already posted the `{id}` digest.",
    "digest.preview.more": "…and {count} more parts, which the posted digest has in its thread.",
    # the digest
    "digest.header.daily": "Daily digest · {day}",
    "digest.header.weekly": "Weekly digest · week to {day}",
    "digest.header.other": "Digest · {day}",
    "digest.period": "{start} – {end}",
    "digest.about": "{period} · {teams}",
    "digest.headline": "*At a glance:* {teams}\nCritical/high risks open: *{risks}* · {pages}",
    "digest.headline.pages": "Pages: *{count}*, median time to acknowledge *{mtta}*",
    "digest.headline.pages_unacked": "Pages: *{count}*, none acknowledged",
    "digest.headline.no_pages": "No pages",
    "digest.nobody": "nobody",
    "digest.section.projects": "Projects",
    "digest.section.ops": "Operations",
    "digest.section.risks": "Risks",
    "digest.section.people": "People",
    "digest.rag.green": "On track",
    "digest.rag.amber": "At risk",
    "digest.rag.red": "Off track",
    "digest.rag.none": "No RAG given",
    "digest.sla.green": "SLAs met",
    "digest.sla.amber": "SLAs at risk",
    "digest.sla.red": "SLAs breached",
    "digest.sla.none": "SLA health not given",
    "digest.team.no_report": "no status report yet",
    "digest.team.reported": "reported {when}",
    "digest.team.stale": "last report {when}, none this period",
    "digest.team.participation": (
        "Stand-ups: {answered} of {present} answered ({rate}) over {days} · {away} away"
    ),
    "digest.team.days.one": "1 day",
    "digest.team.days.many": "{count} days",
    "digest.team.blockers": "Open blockers ({count}):",
    "digest.team.blocker": "• {user}: {text} · open {age}",
    "digest.project.progress": "{percent}% done",
    "digest.project.milestone": "next milestone: {milestone}{when}",
    "digest.ops.kpis": "KPIs: {kpis}",
    "digest.ops.incidents": "Incidents ({count}):",
    "digest.ops.no_incidents": "Incidents: none reported",
    "digest.ops.on_call": "On call ({rotation}): {user} until {until}, then {next}",
    "digest.ops.load": (
        "On-call load {user}: {shifts} shifts ({after_hours} after hours) · {pages} pages, "
        "{after_hours_pages} after hours · MTTA {mtta} · covers {given} given, {taken} taken"
    ),
    "digest.esc.title": (
        "*Escalations this period: {count}* · median time to acknowledge {mtta} · "
        "{exhausted} exhausted"
    ),
    "digest.handover.title": "*Hand-overs* ({count})",
    "digest.handover.line": "• *{rotation}* {outgoing} → {incoming} · {at}: {notes}",
    "digest.esc.line": "• {subject} · paged {started} · {outcome}",
    "digest.esc.acked": "acknowledged by {user} after {after}",
    "digest.esc.exhausted": ":rotating_light: exhausted: nobody acknowledged",
    "digest.esc.open": "not acknowledged yet",
    "digest.risks.summary": (
        "Open risks: *{total}* · {critical} critical · {high} high · {medium} medium · {low} low"
    ),
    "digest.risks.no_changes": "No risks were raised, changed or closed since the last digest.",
    "digest.risks.top": "*Top risks*",
    "digest.risks.new": "*New since the last digest ({count})*",
    "digest.risks.changed": "*Changed ({count})*",
    "digest.risks.closed": "*Closed ({count})*",
    "digest.risks.overdue": "*Reviews overdue ({count})*",
    "digest.risks.due_soon": "*Due within 14 days ({count})*",
    "digest.risk.score": "{score} {rating} (p{p}×i{i})",
    "digest.risk.owner": "owner {owner}",
    "digest.risk.due": "due {day}",
    "digest.risk.was": "was {score}",
    "digest.risk.status": "now {status}",
    "digest.risk.closed": "closed: {reason}",
    "digest.risk.review_due": "review was due {day}",
    "digest.rating.critical": "critical",
    "digest.rating.high": "high",
    "digest.rating.medium": "medium",
    "digest.rating.low": "low",
    "digest.people.metrics": "*People metrics per team*",
    "digest.people.metrics_line": (
        "• *{team}*: participation {participation} · on time {on_time} · blockers {blockers} "
        "(oldest {oldest_blocker}) · open risks {risks} (median age {risk_age}, oldest "
        "{oldest_risk}) · overdue reviews {overdue} · MTTA {mtta} · kudos {kudos}"
    ),
    "digest.people.away": "*Away ({count})*",
    "digest.people.away_line": "• {user}: {days}",
    "digest.people.days": "{first} to {last}",
    "digest.people.kudos": "*Kudos ({count})*",
    "digest.people.kudos_line": "• {receiver} ×{count} from {givers}: {reasons}",
    "digest.people.kudos_reason": "“{text}”",
    "digest.section.goals": "Shared goals ({count})",
    "digest.goal.line": "• *{ref}* {title}: {progress}{due}\n    shared by {teams}",
    "digest.goal.progress": "{bar} ({value} of {target})",
    "digest.goal.no_target": "{value} (no target)",
    "digest.goal.due": " · due {day}",
    "digest.continued.one": ":thread: Continued in the thread: 1 more part.",
    "digest.continued.many": ":thread: Continued in the thread: {count} more parts.",
    "digest.part": "Digest {period} · part {n} of {total}",
    # charts
    "digest.chart.heatmap.title": "Open risks by probability and impact ({count})",
    "digest.chart.participation.title": "Stand-up participation, last {weeks} weeks",
    "digest.chart.impact": "Impact",
    "digest.chart.probability": "Probability",
    "digest.chart.participation.axis": "Answered (%)",
    "digest.chart.week_ending": "Week ending",
    "digest.charts_failed": (
        "The charts for this digest could not be attached: Slack answered `{error}`."
    ),
}
