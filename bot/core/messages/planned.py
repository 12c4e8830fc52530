"""Copy for commands the contract reserves and that are not built yet (goals, kudos, lessons)."""

EN = {
    "usage.lesson": "`/lesson search WORDS` · `/lesson help`",
    "help.planned": "*{command} is coming in a later release of Tandem.*\nPlanned usage: {usage}",
    "planned.not_available": (
        "`{command}` is not available yet in this Tandem release. `{command} help` shows what "
        "it will do."
    ),
}
