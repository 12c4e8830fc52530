"""Copy for on-call rotations, escalations and /oncall."""

EN = {
    "usage.oncall": (
        "`/oncall` (who is on call now and next) · `/oncall override ROTATION @user FROM to TO` · "
        "`/oncall help`"
    ),
    "help.oncall": (
        "*/oncall shows and changes who is on call.* Times are shown in your time zone.\n{usage}"
    ),
}
