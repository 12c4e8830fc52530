"""Copy for the merged project + ops digests and /digest."""

EN = {
    "usage.digest": "`/digest preview [ID]` · `/digest post ID` (admins) · `/digest help`",
    "help.digest": (
        "*/digest shows the merged project + ops digest.* `preview` shows it only to you; "
        "`post` sends it to its channel now.\n{usage}"
    ),
}
