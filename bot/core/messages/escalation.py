"""Copy for the escalation engine's later rules: run state, round robin, hand-off,
re-escalation, delayed pages."""

EN = {
    # `/risk escalate` on a run that is already going (ephemeral, the caller's zone)
    "escalation.state_triggered": (
        "*{ref}* is already escalating (policy `{policy}`, started {started}): level {level} "
        "of {levels}, pass {pass_no} of {passes}. Nobody new was paged."
    ),
    "escalation.state_acknowledged": (
        "*{ref}* is already escalating (policy `{policy}`, started {started}): acknowledged "
        "by <@{user}> at {at}. Nobody new was paged."
    ),
    "escalation.state_paged": "Paged: {pages}.",
    "escalation.state_paged_one": "<@{user}> at {at}",
    "escalation.state_nobody_paged": "Nobody has been paged yet.",
    "escalation.state_next": "The next level fires {at} unless someone acknowledges.",
    "escalation.state_last": (
        "This is the last level: the escalation ends {at} unless acknowledged."
    ),
    "escalation.state_again": "It pages again {at} unless it is resolved first.",
    "escalation.state_waiting": "It stays open until someone resolves it.",
    "escalation.state_thread": "Thread: {link}",
    # round robin
    "escalation.log_fired_turn": (
        "Level {level} of {levels} (pass {pass_no} of {passes}), round robin: paged {users} "
        "(their turn of {count}). Next step {next} unless acknowledged."
    ),
    "escalation.log_fired_turn_last": (
        "Level {level} of {levels} (pass {pass_no} of {passes}), round robin: paged {users} "
        "(their turn of {count}). This is the last step; the escalation ends {next} unless "
        "acknowledged."
    ),
    # hand-off to another policy
    "escalation.log_handoff": (
        ":arrow_right: Nobody acknowledged on policy `{policy}`: handing {ref} over to "
        "policy `{then}`."
    ),
    "escalation.log_handoff_refused": (
        "Policy `{policy}` hands off to `{then}`, but this escalation came through `{then}` "
        "already, so it ends here."
    ),
    "escalation.log_handoff_missing": (
        "Policy `{policy}` hands off to `{then}`, which tandem.toml no longer defines, so it "
        "ends here."
    ),
    "escalation.reason_handoff": "Handed over from policy `{policy}`: nobody acknowledged there",
    "escalation.page_handed_off": (
        ":arrow_right: Nobody acknowledged; at {at} {ref} was handed over to policy `{then}`."
    ),
    # re-escalation
    "escalation.log_acked_again_after": (
        "It pages again {at} (`reescalate_after` {after}) unless it is resolved first."
    ),
    "escalation.log_reescalated": (
        ":repeat: Acknowledged by {user} {ago} ago but not resolved: paging level {level} of "
        "{levels} again."
    ),
    # a page held back by Slack's rate limits
    "escalation.page_fallback": (
        ":rotating_light: You are paged for {ref}: {title}. Slack held the full page back "
        "for {delay} (rate limits); it follows with its buttons. Until then, reply in the "
        "escalation thread or ask in the escalations channel."
    ),
    "escalation.log_page_delayed": (
        ":snail: The page to <@{user}> was held back {delay} by Slack's rate limits; sent it "
        "as a plain DM meanwhile."
    ),
}
