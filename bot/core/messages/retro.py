"""Copy for retrospectives: /retro, the prompt DM, its form and the channel summary."""

EN = {
    "usage.retro": "`/retro start ID` (team lead or admin) · `/retro help`",
    "help.retro": (
        "*/retro runs retrospectives.* Each `[[retros]]` asks the team's members its questions "
        "at its time in their own zone; the answers are posted to the team channel when it "
        "closes (the next day at the same time, or when everyone answered), and the answers "
        "to its lesson questions become lessons (`/lesson search` finds them).\n{usage}"
    ),
    "retro.error.unknown": "There is no retro `{retro}`. Retros: {retros}.",
    "retro.error.no_id": "Say which retro to start: `/retro start ID` ({retros}).",
    "retro.error.forbidden": "Only the lead of {team} (<@{lead}>) or an admin may start `{retro}`.",
    "retro.error.running": "`{retro}` is already open; it closes {closes}.",
    "retro.error.closed": "This retrospective has closed; your answers were not changed.",
    "retro.error.not_yours": "This retrospective prompt is someone else's.",
    "retro.started": "Started `{retro}`: {count} people asked. It closes {closes}.",
    "retro.prompt": "*Retrospective · {name}*\nAnswer by the form; you can change your answers "
    "until it closes {closes}.\n{questions}",
    "retro.prompt.button": "Answer",
    "retro.form.title": "Retrospective",
    "retro.form.submit": "Send",
    "retro.form.cancel": "Cancel",
    "retro.answered": "Thanks, your retrospective answers are in. You can change them until it "
    "closes {closes}.",
    "retro.summary.title": "*Retrospective · {name} · {day}* ({answered} of {asked} answered)",
    "retro.summary.question": "*{question}*",
    "retro.summary.answer": "• <@{user}>: {text}",
    "retro.summary.nobody": "_No answers._",
    "retro.summary.lessons": "{count} lesson(s) recorded; `/lesson list team:{team}` shows them.",
}
