"""Copy for commands the contract reserves and that are not built yet (goals, kudos)."""

EN = {
    "usage.goal": (
        "`/goal add TITLE [teams:ID,ID] [target:N] [due:DATE]` · `/goal update G-N value:N` · "
        "`/goal list` · `/goal help`"
    ),
    "usage.kudos": "`/kudos @user for WHAT` · `/kudos help`",
    "help.planned": "*{command} is coming in a later release of Tandem.*\nPlanned usage: {usage}",
    "planned.not_available": (
        "`{command}` is not available yet in this Tandem release. `{command} help` shows what "
        "it will do."
    ),
}
