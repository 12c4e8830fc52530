"""Copy for the risk register and /risk."""

EN = {
    "usage.risk": (
        "`/risk` (opens the form) · `/risk add TITLE [p:1-5] [i:1-5] [owner:@user] [due:DATE] "
        "[team:ID]` · `/risk list [mine|open|top|overdue] [team:ID]` · `/risk show R-N` · "
        "`/risk update R-N [p:…] [i:…] [owner:…] [due:…] [status:…]` · `/risk close R-N REASON` · "
        "`/risk escalate R-N` · `/risk help`"
    ),
    "help.risk": (
        "*/risk keeps the risk register in Slack.* Every risk gets its own thread in the risks "
        "channel.\n{usage}\nProbability (p) and impact (i) run from 1 to 5; DATE is any phrase "
        'like "next friday 5pm", "in 2 weeks" or "2026-12-01", read in your time zone.'
    ),
}
