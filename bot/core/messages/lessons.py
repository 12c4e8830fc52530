"""Copy for lessons learned: /lesson and the digest's lessons section."""

EN = {
    "usage.lesson": (
        "`/lesson add TEXT [team:ID] [risk:R-N]` · `/lesson search WORDS` · "
        "`/lesson list [team:ID]` · `/lesson help`"
    ),
    "help.lesson": (
        "*/lesson keeps what teams learned, so a team starting something new finds it.* "
        "`add` records a lesson for your team (or `team:ID`), optionally linked to a risk; "
        "`search` finds lessons that contain all your words, the most relevant first; `list` "
        "shows the newest.\n{usage}\n"
        "Example: `/lesson add Freeze the API a week before launch. Vendors need the time. "
        "risk:R-4`"
    ),
    "lesson.added": "Recorded *{ref}* for {team}{risk}.",
    "lesson.added_risk": " (linked to {risk})",
    "lesson.duplicate": "That lesson was already recorded.",
    "lesson.error.no_text": "Say what was learned: `/lesson add TEXT`.",
    "lesson.error.too_long": "A lesson is at most {limit} characters; this one has {length}.",
    "lesson.error.no_words": "Give the words to look for: `/lesson search WORDS`.",
    "lesson.error.no_team": (
        "You are in no team, so say which team learned it with `team:ID` ({teams})."
    ),
    "lesson.error.unknown_team": "There is no team `{team}`. Teams: {teams}.",
    "lesson.error.unknown_risk": "There is no risk {risk}; check the number with `/risk list`.",
    "lesson.error.bad_risk": "`risk:{text}` is not a risk id; write it like `risk:R-4`.",
    "lesson.error.duplicate_key": "`{name}:` is given twice; give each key once.",
    "lesson.error.unexpected_text": ("`/lesson {sub}` takes only `team:ID`; remove “{text}”."),
    "lesson.search.title": "*{count} lesson(s) match “{words}”*, the most relevant first:",
    "lesson.search.none": (
        "No lesson matches “{words}”. Search looks for lessons that contain every word; try "
        "fewer words."
    ),
    "lesson.list.title": "*The newest lessons{team}* ({count}):",
    "lesson.list.team": " of {team}",
    "lesson.list.none": "No lessons recorded yet{team}. `/lesson add TEXT` records one.",
    "lesson.line.meta": "*{ref}* · {team} · <@{author}> · {date}{risk} · {source}",
    "lesson.source.manual": "added by hand",
    "lesson.source.retro": "from a retrospective",
    "lesson.source.risk-close": "from closing a risk",
    "lesson.source.escalation": "from an escalation",
    "lesson.more.search": "More lessons match; add a word to narrow the search.",
    "lesson.more.list": "Older lessons are not shown; `tandem export lessons` has them all.",
    # the digest's section
    "digest.lessons.title": "*New lessons ({count})*",
    "digest.lessons.line": "• *{ref}* {team}: {text}",
}
EN.update(
    {
        "lesson.record.button": "Record a lesson",
        "lesson.modal.title": "Record a lesson",
        "lesson.modal.submit": "Record",
        "lesson.modal.cancel": "Cancel",
        "lesson.modal.text": "What did we learn?",
        "lesson.modal.text_hint": "Write it for a team that starts something similar.",
        "lesson.modal.team": "Team",
        "lesson.modal.risk": "Risk",
        "lesson.recorded_dm": "Recorded *{ref}* for {team}{risk}. `/lesson search` finds it.",
    }
)
