"""Copy for stand-ups, status reports and /standup."""

EN = {
    "usage.standup": (
        "`/standup skip [today|DATE]` · `/standup away FROM to TO` · `/standup back` · "
        "`/standup status` · "
        "`/standup tz ZONE|reset` · `/standup help`"
    ),
    "help.standup": (
        "*/standup manages your stand-ups.* Tandem DMs you the questions at your own local "
        "time; answer right in the DM.\n{usage}"
    ),
    "standup.no_open_prompt": (
        "You have no open stand-up right now, so I didn't store that. I'll DM you when your "
        "next stand-up starts; `/standup status` shows when."
    ),
    # --- the DM conversation ---
    "standup.prompt.intro": "*{name}* stand-up for *{day}*",
    "standup.prompt.late": "Sorry this comes late: it was due at {time} your time.",
    "standup.prompt.how": (
        "Reply here, one message per question, or use the form. Edit a message to change an answer."
    ),
    "standup.prompt.fallback": "{name} stand-up for {day}: {question}",
    "standup.question": "*{n}/{total}* {question}",
    "standup.button.form": "Answer in a form",
    "standup.button.edit": "Edit answers",
    "standup.button.skip": "Skip today",
    "standup.done": (
        "Thanks, that's everything for {day}. To change an answer, edit your message or use "
        "the form."
    ),
    "standup.all_answered": (
        "You've already answered every question for {day}, so I didn't store that. To change "
        "an answer, edit your message or use *Edit answers*."
    ),
    "standup.empty_reply": "I can only store text answers. Type your answer as a message.",
    "standup.reminder": "Reminder: your *{name}* stand-up for {day} is waiting.",
    "standup.reminder.fallback": "Reminder: your {name} stand-up for {day} is waiting.",
    "standup.skipped": (
        "Skipped: you're marked away for {day}. No reminder, and the report shows you as away."
    ),
    "standup.skip_answered": (
        "You've already answered for {day}, so your answers stay in the report."
    ),
    "standup.modal.title": "Stand-up",
    "standup.modal.submit": "Save",
    "standup.modal.close": "Cancel",
    "standup.modal.header": "*{name}* · {day}",
    "standup.modal.after_report": (
        "The report is already posted; changes are added to its thread."
    ),
    "standup.modal.error_empty": "Answer at least one question.",
    "standup.modal.error_long": "Keep it under {limit} characters.",
    "standup.error.prompt_not_yours": "That stand-up belongs to someone else.",
    "standup.error.prompt_missing": "I can't find that stand-up any more.",
    "standup.blocker.title": "Blocker of {who} ({team}): {text}",
    # --- the report ---
    "standup.report.header": "{name} stand-up · {day}",
    "standup.report.summary": "{answered} answered · {away} away · {missing} no answer",
    "standup.report.fallback": (
        "Stand-up report for {name}, {day}: {answered} answered · {away} away · {missing} no answer"
    ),
    "standup.report.pending": " · {pending} not asked",
    "standup.report.thread_hint": "Everyone's answers are in the thread.",
    "standup.report.partial": "_(partly answered)_",
    "standup.report.continued": "_(continued)_",
    "standup.report.qa": "*{question}*\n{answer}",
    "standup.report.blocker_qa": "*{question}*\n:construction: *Blocker:* {answer}",
    "standup.report.stale_blocker": (
        ":rotating_light: {who} has been blocked since {since} ({days} days): {text}"
    ),
    "standup.report.raise_risk": "Raise as risk",
    "standup.report.away": "*Away:* {people}",
    "standup.report.missing": "*No answer yet:* {people}",
    "standup.report.upcoming": "*Asked later in their day:* {people}",
    "standup.report.not_asked": (
        "*Not asked:* {people} (Tandem was not running at their prompt time)"
    ),
    "standup.report.nobody": "Nobody was asked today.",
    "standup.report.late_answer": "{who} answered after the report:",
    "standup.report.late_edit": "{who} changed an answer after the report:",
    "standup.report.late_fallback": "{who} added to the stand-up of {day}.",
    "standup.report.shortened": "… _(shortened; `tandem export standups` has it all)_",
    # --- /standup ---
    "standup.skip.done": (
        "You're marked away on {day}: no stand-up prompt or reminder that day, and reports "
        "show you as away."
    ),
    "standup.away.done": (
        "You're marked away from {start} to {end}: no stand-up prompts or reminders, and "
        "reports show you as away."
    ),
    "standup.back.done": (
        "Welcome back! You're no longer away from today on ({periods} ended); stand-up "
        "prompts and pages reach you again. Later away periods stay."
    ),
    "standup.back.not_away": (
        "You're not away today, so there is nothing to end. `/standup status` shows your "
        "away periods."
    ),
    "standup.error.away_range": (
        "Give the dates as `FROM to TO`, for example `/standup away dec 24 to jan 2`."
    ),
    "standup.error.away_order": "{end} is before {start}; give the first day first.",
    "standup.error.away_too_long": (
        "That's {days} days; an away period can be at most {limit} days."
    ),
    "standup.error.tz_missing": "Give a zone name like `Europe/Berlin`, or `reset`.",
    "standup.tz.set": (
        "Your stand-ups now follow {tz}: prompts come at their time in that zone from the "
        "next one on."
    ),
    "standup.tz.reset": "Your stand-ups follow your Slack profile's zone again ({tz}).",
    "standup.status.header": "*Your stand-ups* (times in {tz}, {source})",
    "standup.status.source_profile": "from your Slack profile",
    "standup.status.source_override": "your own setting; `/standup tz reset` follows Slack",
    "standup.status.item": "• *{name}*: next prompt {when}",
    "standup.status.item_none": "• *{name}*: no prompt in the next {days} days",
    "standup.status.none": "You're not in any stand-up.",
    "standup.status.report_item": "• Weekly status report of *{team}*: {when}",
    "standup.status.away": "*Away:* {periods}",
    "standup.status.no_away": "No away periods ahead.",
    # --- weekly status reports ---
    "status.prompt": "Time for the weekly status report of *{team}* (week of {day}).",
    "status.prompt.fallback": "Time for the weekly status report of {team} (week of {day}).",
    "status.button.open": "Fill in the report",
    "status.button.edit": "Edit the report",
    "status.modal.title": "Weekly status",
    "status.modal.submit": "Submit",
    "status.modal.close": "Cancel",
    "status.modal.header": "*{team}* · week of {day}",
    "status.field.rag": "Overall status",
    "status.rag.green": "Green: on track",
    "status.rag.amber": "Amber: at risk",
    "status.rag.red": "Red: off track",
    "status.field.progress": "Progress (%)",
    "status.field.progress_hint": "A whole number from 0 to 100",
    "status.field.milestone": "Next milestone",
    "status.field.milestone_date": "Milestone date",
    "status.field.milestone_date_hint": "e.g. next friday, 2026-12-15",
    "status.field.risks": "Risks and needs",
    "status.field.kpis": "KPIs, one per line as name: value",
    "status.field.kpis_hint": "uptime: 99.95%",
    "status.field.incidents": "Incidents this week",
    "status.field.sla": "SLA health",
    "status.sla.met": "Met",
    "status.sla.at_risk": "At risk",
    "status.sla.breached": "Breached",
    "status.error.progress": "Give a whole number from 0 to 100.",
    "status.error.kpis": 'Line {line} is not "name: value".',
    "status.error.required": "Fill this in.",
    "status.error.closed": (
        "This status report is closed: a newer one has been asked. Use that one instead."
    ),
    "status.error.not_lead": "Only the team lead, <@{lead}>, can fill in this report.",
    "status.submitted": (
        "Status report of *{team}* for the week of {day} saved by <@{by}>. You can edit it "
        "until next week's is asked."
    ),
    "status.summary.project": (
        "*Status:* {rag} · *Progress:* {progress}% · *Next milestone:* {milestone} ({date})"
    ),
    "status.summary.risks": "*Risks and needs:* {text}",
    "status.summary.kpis": "*KPIs:* {kpis}",
    "status.summary.ops": "*SLA:* {sla} · *Incidents:* {incidents}",
    "status.summary.none": "none",
}
