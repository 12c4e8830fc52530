"""Copy for on-call rotations, escalations and /oncall."""

EN = {
    "usage.oncall": (
        "`/oncall` (who is on call now and next) · `/oncall override ROTATION @user FROM to TO` · "
        "`/oncall override list [ROTATION]` · `/oncall override remove O-N` · "
        "`/oncall cover ROTATION FROM to TO [NOTE]` · "
        "`/oncall calendar [ROTATION]` (your private calendar feed) · `/oncall help`"
    ),
    "help.oncall": (
        "*/oncall shows and changes who is on call.* Times are shown in your time zone.\n{usage}"
    ),
    # /oncall
    "oncall.none_configured": "No rotations are set up yet; add `[[rotations]]` to tandem.toml.",
    "oncall.status_line": "*{rotation}* ({team}): {now} · {next}",
    "oncall.now": "on call now {user} until {until}",
    "oncall.now_open": "on call now {user}",
    "oncall.next": "next {user} from {start} until {end}",
    "oncall.next_open": "next {user} from {start}",
    "oncall.no_next": "nobody else is scheduled",
    "oncall.nobody": "nobody",
    "oncall.covers_for": "{user} (covers for {away}, away)",
    "oncall.all_away": "{user} (everyone on this rotation is away)",
    # /oncall override
    "oncall.override_malformed": (
        "Say which rotation, who and when, like "
        "`/oncall override ops-primary @dana tomorrow 9am to friday 5pm`."
    ),
    "oncall.unknown_rotation": "There is no rotation `{rotation}`. Rotations: {known}.",
    "oncall.override_forbidden": (
        "Only the lead of {team} or a Tandem admin can override `{rotation}`."
    ),
    "oncall.override_order": "The override must end after it starts ({start} → {end}).",
    "oncall.override_past": "That override ends before now ({end}); give a time from now on.",
    "oncall.override_too_long": "An override can last {days} days at most; split longer ones.",
    "oncall.override_done": (
        "{ref}: {user} is on call for *{rotation}* from {start} until {end}, instead of {previous}."
    ),
    "oncall.override_overlap": (
        "That overlaps {ref} (<@{user}> on call for *{rotation}* from {start} until {end}). "
        "Overrides of one rotation cannot overlap: remove {ref} first "
        "(`/oncall override remove {ref}`) or pick another time."
    ),
    "oncall.override_list_header": "Overrides now and ahead:",
    "oncall.override_list_line": "`{ref}` *{rotation}*: {user} from {start} until {end}",
    "oncall.override_list_none": "There are no overrides now or ahead.",
    "oncall.override_list_none_of": "*{rotation}* has no overrides now or ahead.",
    "oncall.override_remove_malformed": (
        "Say which override to remove by its id, like `/oncall override remove O-3` "
        "(`/oncall override list` shows them)."
    ),
    "oncall.override_unknown": (
        "There is no override {ref}; `/oncall override list` shows the ones there are."
    ),
    "oncall.override_remove_forbidden": (
        "Sorry, only <@{user}> (who covers in {ref}), the lead of {team} or a Tandem admin "
        "can remove {ref}."
    ),
    "oncall.override_removed": (
        "Removed {ref}: {user} is no longer on call for *{rotation}* from {start} until {end}; "
        "the schedule applies again."
    ),
    "oncall.override_removed_dm": (
        "<@{by}> removed {ref}: you are no longer on call for *{rotation}* from {start} until "
        "{end}."
    ),
    # /oncall cover
    "oncall.cover_malformed": (
        "Say which rotation and when, like "
        "`/oncall cover ops-primary friday 9am to monday 9am dentist`."
    ),
    "oncall.cover_not_member_ask": ("Only members of `{rotation}` can ask for cover for it."),
    "oncall.cover_note_too_long": "Keep the note to {limit} characters.",
    "oncall.cover_request": (
        ":raising_hand: <@{user}> asks for cover on *{rotation}* from {start} until {end}. "
        "The first other member who takes it is on call then."
    ),
    "oncall.cover_note": "Note: {note}",
    "oncall.cover_button": "Take",
    "oncall.cover_taken_by": ":white_check_mark: Taken by <@{user}>.",
    "oncall.cover_asked": (
        "Asked in <#{channel}> for cover on *{rotation}* from {start} until {end}; I'll tell "
        "you who takes it."
    ),
    "oncall.cover_unknown": "That cover request no longer exists.",
    "oncall.cover_own": "That's your own request; someone else has to take it.",
    "oncall.cover_not_member": ("Sorry, only members of `{rotation}` can take its cover requests."),
    "oncall.cover_taken": "Thanks, but <@{user}> already took this one.",
    "oncall.cover_over": "That request's time is over; nothing to take.",
    "oncall.cover_took": (
        "{ref}: you are on call for *{rotation}* from {start} until {end}. Thanks for covering!"
    ),
    "oncall.cover_taken_dm": (
        "<@{user}> took your cover request: they are on call for *{rotation}* from {start} "
        "until {end} ({ref})."
    ),
    "oncall.override_dm_new": (
        "<@{by}> put you on call for *{rotation}* from {start} until {end}."
    ),
    "oncall.override_dm_old": (
        "<@{by}> gave part of your *{rotation}* on-call time to <@{user}>: "
        "from {start} until {end} you are not on call."
    ),
    # /oncall calendar and the feed
    "oncall.calendar_link": (
        "*{rotation}*: {url}\nSubscribe to it by URL in your calendar app. The link is "
        "private: anyone who has it can see the rotation's shifts."
    ),
    "oncall.calendar_no_url": (
        "I cannot tell Tandem's web address from this request (Socket Mode has none): put the "
        "address of the server that runs `tandem web` or `tandem serve` before the path."
    ),
    "oncall.calendar_name": "On call: {rotation}",
    "oncall.calendar_event": "{name} on call ({rotation})",
    "oncall.calendar_detail": (
        "Slack user {user}. From Tandem: overrides, covers and away time included."
    ),
    # hand-offs
    "oncall.handoff": "{new} is on call for *{rotation}* until {end} (from {old}).",
    "oncall.handoff_open": "{new} is on call for *{rotation}* (from {old}).",
    "oncall.handoff_dm": "Heads-up: you are on call for *{rotation}* from {start} until {end}.",
    "oncall.handoff_dm_open": "Heads-up: you are on call for *{rotation}* from {start}.",
    "oncall.handoff_covers": "Covering for {user}, who is away.",
    "oncall.handoff_all_away": "Everyone on this rotation is away, so the schedule stands.",
    # hand-overs
    "oncall.handover_prompt": (
        ":handshake: Your *{rotation}* shift handed over to {incoming} at {at}. Write a "
        "hand-over so they know what is going on: it reaches them and the team channel."
    ),
    "oncall.handover_button": "Write hand-over",
    "oncall.handover_modal_title": "Hand-over",
    "oncall.handover_modal_submit": "Send",
    "oncall.handover_modal_close": "Later",
    "oncall.handover_modal_intro": (
        "Your hand-over of *{rotation}* to {incoming}. The open pages and risks below go with it."
    ),
    "oncall.handover_pages": "*Your open pages*\n{pages}",
    "oncall.handover_risks": "*Open critical and high risks of the team*\n{risks}",
    "oncall.handover_notes": "Notes for the next person",
    "oncall.handover_notes_hint": "What is going on, what to watch, what you left half-done",
    "oncall.handover_notes_missing": "Write a few words for the next person.",
    "oncall.handover_none": "none",
    "oncall.handover_page_line": "*{ref}* {title} ({status}, since {since})",
    "oncall.handover_risk_line": "*{ref}* {title} ({rating}, owner <@{owner}>)",
    "oncall.handover_run_triggered": "paging",
    "oncall.handover_run_acknowledged": "acknowledged",
    "oncall.handover_text": (
        ":handshake: *Hand-over of {rotation}* from <@{outgoing}> to {incoming} ({at})\n"
        "*Open pages*\n{pages}\n*Open critical and high risks*\n{risks}\n*Notes*\n{notes}"
    ),
    "oncall.handover_unknown": "That hand-over no longer exists (its rotation was removed).",
    "oncall.handover_not_yours": (
        "Only the person whose *{rotation}* shift ended at that hand-off writes its hand-over."
    ),
    "oncall.handover_done": "You already sent this *{rotation}* hand-over.",
    # escalation pages (DMs)
    "escalation.page_text": "Page: {ref} {title}. Acknowledge to stop the escalation.",
    "escalation.page_title": ":rotating_light: *You are paged for {ref}: {title}*",
    "escalation.page_detail": (
        "Level {level} of {levels}, pass {pass_no} of {passes} · policy `{policy}` "
        "version `{version}`\n{reason}"
    ),
    "escalation.button_ack": "Acknowledge",
    "escalation.button_now": "Escalate now",
    "escalation.button_resolve": "Resolve",
    "escalation.page_acked": ":white_check_mark: Acknowledged by <@{user}> at {at}.",
    "escalation.page_resolved": ":white_check_mark: Resolved by {user} at {at}.",
    "escalation.page_exhausted": (
        ":warning: Nobody acknowledged; the escalation ended at {at}. {ref} stays open."
    ),
    # log lines (the subject's thread, or a thread in the escalations channel)
    "escalation.log_started": (
        ":rotating_light: Escalation of *{ref}* ({title}) started by {by}: {reason}. "
        "Policy `{policy}` version `{version}`: {levels} levels, {repeat} repeats."
    ),
    "escalation.log_fired": (
        "Level {level} of {levels} (pass {pass_no} of {passes}): paged {users}. "
        "Next step {next} unless acknowledged."
    ),
    "escalation.log_fired_last": (
        "Level {level} of {levels} (pass {pass_no} of {passes}): paged {users}. "
        "This is the last step; the escalation ends {next} unless acknowledged."
    ),
    "escalation.log_skipped": (
        "Level {level} of {levels} (pass {pass_no} of {passes}) skipped: {targets} "
        "resolved to nobody."
    ),
    "escalation.log_escalated": "{by} escalated now.",
    "escalation.log_away_skipped": (
        "Level {level} of {levels}: skipped {users} (away); paged whoever else it names."
    ),
    "escalation.log_away_paged": (
        "Level {level} of {levels}: everyone it names is away ({users}); paged them anyway, "
        "as nobody else is left at this level."
    ),
    "escalation.log_acked": "Acknowledged by <@{user}> after {mtta}.",
    "escalation.log_reacked": "Acknowledged again by <@{user}>.",
    "escalation.log_resolved": "Resolved by {by}. Every further page is stopped.",
    "escalation.log_exhausted": (
        ":warning: Escalation ended without an acknowledgement. {ref} stays open."
    ),
    "escalation.log_watchdog": (
        ":hourglass: Watchdog: the step due at {due} ran {late} late (the clock was not "
        "ticking); running it now."
    ),
    "escalation.someone": "someone",
    "escalation.system": "Tandem",
    # escalations channel notices
    "escalation.notice_nobody": (
        "<!here> Nobody could be paged for *{ref}* ({title}): every level of pass {pass_no} "
        "resolved to nobody. Someone please pick it up."
    ),
    "escalation.notice_no_policy": (
        "<!here> *{ref}* ({title}) needs attention, but there is no escalation policy "
        "`{policy}` in tandem.toml, so nobody was paged."
    ),
    "escalation.notice_exhausted": (
        ":warning: The escalation of *{ref}* ({title}) ended after {passes} passes without an "
        "acknowledgement. It stays open; someone please pick it up."
    ),
    "escalation.notice_past_end": (
        "<!here> {by} escalated *{ref}* ({title}) past the last level of its policy: there is "
        "nobody further to page. Someone please pick it up."
    ),
    # button answers
    "escalation.not_found": "That escalation no longer exists.",
    "escalation.not_paged": (
        "Only people paged for this escalation, or a Tandem admin, can do that."
    ),
    "escalation.acked": "Acknowledged. Nobody else will be paged for {ref}.",
    "escalation.already_acked": "{ref} was already acknowledged by <@{user}> at {at}.",
    "escalation.ended": "The escalation of {ref} has already ended ({status}).",
    "escalation.escalated": "Escalated {ref} to the next level.",
    "escalation.escalated_past_end": (
        "{ref} is already at the last level, so I asked the escalations channel for help."
    ),
    "escalation.resolved": "Resolved {ref}; every further page is stopped.",
    "escalation.status_resolved": "resolved",
    "escalation.status_exhausted": "nobody acknowledged in time",
}
