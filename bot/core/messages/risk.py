"""Copy for the risk register and /risk."""

EN = {
    "usage.risk": (
        "`/risk` (opens the form) · `/risk add TITLE [p:1-5] [i:1-5] [owner:@user] [due:DATE] "
        "[team:ID] [customer]` · `/risk list [mine|open|top|overdue|customer] [team:ID]` · "
        "`/risk show R-N` · `/risk update R-N [p:…] [i:…] [owner:…] [due:…] [status:…] "
        "[customer:yes|no]` · `/risk close R-N REASON` · "
        "`/risk escalate R-N` · `/risk help`"
    ),
    "help.risk": (
        "*/risk keeps the risk register in Slack.* Every risk gets its own thread in the risks "
        "channel.\n{usage}\nProbability (p) and impact (i) run from 1 to 5; DATE is any phrase "
        'like "next friday 5pm", "in 2 weeks" or "2026-12-01", read in your time zone. '
        "Mitigation actions: `/risk action R-N WHAT [owner:@user] [due:DATE]`, "
        "`/risk action R-N done:2`. `list closed` shows closed risks, `page:2` the next page."
    ),
    # --- errors -----------------------------------------------------------------------------
    "risk.error.bad_id": '"{text}" is not a risk id; risk ids look like `R-12`.',
    "risk.error.not_found": "There is no risk {ref}. `/risk list` shows the register.",
    "risk.error.no_title": "A risk needs a title: `/risk add Vendor may miss the API freeze`.",
    "risk.error.too_long": "The {field} is {length} characters long; keep it to {limit}.",
    # What risk.error.too_long's {field} names
    "risk.name.title": "title",
    "risk.name.reason": "reason",
    "risk.name.action": "action",
    "risk.name.description": "description",
    "risk.name.response_plan": "response plan",
    "risk.name.trigger": "trigger",
    "risk.name.contingency": "contingency",
    "risk.error.scale": (
        "`{name}:{value}` is not on the scale; {name} is a whole number from 1 to 5."
    ),
    "risk.error.duplicate_key": "`{name}:` is given twice; give each key once.",
    "risk.error.empty_value": "`{name}:` has no value after it.",
    "risk.error.not_a_mention": (
        '"{text}" is not a person I can find. Mention them so Slack links the name '
        "(`owner:@name`), or write `owner:me`."
    ),
    "risk.error.unknown_team": "There is no team `{team}`. Teams in tandem.toml: {known}.",
    "risk.error.bad_status": "`{status}` is not a status; use one of {known}.",
    "risk.error.close_with_command": (
        "Closing needs a reason: `/risk close R-N REASON` (or the Close… button in the thread)."
    ),
    "risk.error.close_reason": (
        "Say why the risk is closed, e.g. `/risk close R-3 mitigated: vendor shipped the fix`."
    ),
    "risk.error.nothing_to_update": (
        "Say what to change, e.g. `/risk update R-3 p:4 due:next friday`."
    ),
    "risk.error.bad_filter": "`{word}` is not a list filter; use {known}.",
    "risk.error.bad_page": "`page:{text}` is not a page number.",
    "risk.error.strategy": "`{strategy}` is not a response to a {kind}.",
    "risk.error.choose": "Choose one of: {known}.",
    "risk.error.owner_required": "Every risk needs one named owner.",
    "risk.error.no_action_text": (
        "Say what the action is: `/risk action R-3 Call the vendor owner:@sam due:friday`."
    ),
    "risk.error.action_done_alone": "To finish an action write only `/risk action R-3 done:2`.",
    "risk.error.bad_action": "`done:{text}` is not an action number like `done:2`.",
    "risk.error.action_not_found": "{ref} has no action #{action}.",
    "risk.error.action_done_already": "Action #{action} of {ref} is already done.",
    "risk.error.forbidden": (
        "Sorry, only {who} can change {ref}. Anyone can add to the discussion in its thread."
    ),
    "risk.error.forbidden_who_owner": "its owner <@{owner}>",
    "risk.error.forbidden_who_lead": "the {team} lead <@{lead}>",
    "risk.error.forbidden_who_admin": "a Tandem admin",
    "risk.error.closed": "{ref} is closed. Reopen it first with `/risk update {ref} status:open`.",
    "risk.error.already_closed": "{ref} is already closed.",
    "risk.error.already_occurred": "{ref} is already marked as occurred.",
    "risk.error.no_escalation": (
        "Escalation is not configured in this Tandem, so {ref} cannot be escalated. "
        "Ask an admin to set up escalation policies."
    ),
    "risk.error.no_channel": (
        "Tandem has no risks channel: an admin needs to set `risks` under `[channels]` in "
        "tandem.toml."
    ),
    "risk.error.bad_blocker": "That blocker could not be read; raise it with `/risk add` instead.",
    # --- answers to the person who asked ------------------------------------------------------
    "risk.added": "Raised *{ref}* ({rating}). Its thread: {link}",
    "risk.added_pending": "Raised *{ref}* ({rating}). Its thread will appear in <#{channel}>.",
    "risk.updated_reply": "Updated *{ref}*. Its thread has the details.",
    "risk.unchanged": "Nothing changed: {ref} already has those values.",
    "risk.closed_reply": "Closed *{ref}*.",
    "risk.reviewed_reply": "Marked *{ref}* reviewed. Next review {when}.",
    "risk.occurred_reply": "Marked *{ref}* as occurred.",
    "risk.escalated_reply": "Escalated *{ref}*. The escalation log follows in its thread.",
    "risk.action_added_reply": "Added action #{action} to *{ref}*.",
    "risk.action_done_reply": "Marked action #{action} of *{ref}* done.",
    "risk.duplicate": "That request was already handled.",
    # --- the risk in Slack ----------------------------------------------------------------------
    "risk.root_text": (
        "{ref} {title} · {rating} (P{p}×I{i}={score}) · owner <@{owner}> · {status}"
    ),
    "risk.root_title": "*{ref} · {title}*",
    "risk.field.rating": "*Rating*\n{emoji} {rating} · P{p} × I{i} = {score}",
    "risk.field.owner": "*Owner*\n<@{owner}>",
    "risk.field.status": "*Status*\n{status}",
    "risk.field.due": "*Due*\n{due}",
    "risk.field.team": "*Team*\n{team}",
    "risk.field.kind": "*Kind*\n{kind} · {category}",
    "risk.field.strategy": "*Response*\n{strategy}",
    "risk.field.customer": "*Customer impact*\nyes",
    "risk.section.description": "{text}",
    "risk.section.contingency": "*Contingency plan*\n{text}",
    "risk.section.trigger": "*Trigger*\n{text}",
    "risk.section.plan": "*Response plan*\n{text}",
    "risk.section.closed": "*Closed* {when}: {reason}",
    "risk.context": "Raised by <@{raised_by}> {created} · next review {review}",
    "risk.no_due": "not set",
    "risk.none": "–",
    "risk.yes": "yes",
    "risk.no": "no",
    "risk.button.rescore": "Re-score",
    "risk.button.reviewed": "Reviewed ✓",
    "risk.button.trigger_fired": "Trigger fired",
    "risk.button.close": "Close…",
    "risk.button.escalate": "Escalate",
    "risk.button.edit": "Edit",
    "risk.confirm.title": "Are you sure?",
    "risk.confirm.trigger_fired": "Mark {ref} as occurred and start its escalation?",
    "risk.confirm.escalate": "Page people about {ref} now?",
    "risk.confirm.yes": "Yes",
    "risk.confirm.no": "Cancel",
    "risk.rating.low": "Low",
    "risk.rating.medium": "Medium",
    "risk.rating.high": "High",
    "risk.rating.critical": "Critical",
    "risk.status.open": "Open",
    "risk.status.mitigating": "Mitigating",
    "risk.status.watch": "Watch",
    "risk.status.occurred": "Occurred",
    "risk.status.closed": "Closed",
    "risk.kind.threat": "Threat",
    "risk.kind.opportunity": "Opportunity",
    "risk.strategy.avoid": "Avoid",
    "risk.strategy.mitigate": "Mitigate",
    "risk.strategy.transfer": "Transfer",
    "risk.strategy.accept": "Accept",
    "risk.strategy.escalate": "Escalate",
    "risk.strategy.exploit": "Exploit",
    "risk.strategy.enhance": "Enhance",
    "risk.strategy.share": "Share",
    "risk.probability.1": "1 · Rare",
    "risk.probability.2": "2 · Unlikely",
    "risk.probability.3": "3 · Possible",
    "risk.probability.4": "4 · Likely",
    "risk.probability.5": "5 · Almost certain",
    "risk.impact.1": "1 · Minor",
    "risk.impact.2": "2 · Moderate",
    "risk.impact.3": "3 · Serious",
    "risk.impact.4": "4 · Major",
    "risk.impact.5": "5 · Critical",
    # --- thread replies (one per change) --------------------------------------------------------
    "risk.event.updated": "<@{actor}> updated {ref}:\n{changes}",
    "risk.event.change": "• {field}: {before} → {after}",
    "risk.event.text_changed": "• {field} changed",
    "risk.event.reviewed": "<@{actor}> reviewed {ref}. Next review {when}.",
    "risk.event.trigger_fired": (
        "<@{actor}> reports the trigger fired: {ref} has *occurred*. Contingency: {contingency}"
    ),
    "risk.event.escalated": "<@{actor}> escalated {ref}.",
    "risk.event.closed": "<@{actor}> closed {ref}: {reason}",
    "risk.event.action_added": "<@{actor}> added action #{action} for <@{owner}>{due}: {text}",
    "risk.event.action_due": ", due {due}",
    "risk.event.action_done": "<@{actor}> finished action #{action}: {text}",
    "risk.label.title": "Title",
    "risk.label.description": "Description",
    "risk.label.kind": "Kind",
    "risk.label.category": "Category",
    "risk.label.team": "Team",
    "risk.label.owner": "Owner",
    "risk.label.probability": "Probability",
    "risk.label.impact": "Impact",
    "risk.label.score": "Score",
    "risk.label.rating": "Rating",
    "risk.label.due_at": "Due",
    "risk.label.response_strategy": "Response",
    "risk.label.response_plan": "Response plan",
    "risk.label.trigger": "Trigger",
    "risk.label.contingency_plan": "Contingency plan",
    "risk.label.customer_impact": "Customer impact",
    "risk.label.status": "Status",
    "risk.label.close_reason": "Close reason",
    # --- nudges -----------------------------------------------------------------------------
    "risk.review.dm": (
        "*{ref} · {title}* is due for review ({rating}, P{p}×I{i}). Are the score, the plan "
        "and the due date still right? Re-score it, or mark it reviewed."
    ),
    "risk.review.note": "Review of {ref} is due; <@{owner}> has been asked to review it.",
    "risk.due.soon": (
        "*{ref} · {title}* is due {due} and still {status}. Update it, or close it if it has "
        "passed: `/risk update {ref} …`, `/risk close {ref} REASON`."
    ),
    "risk.due.overdue": (
        "*{ref} · {title}* was due {due} and is still {status}. Update the date or close it: "
        "`/risk update {ref} due:…`, `/risk close {ref} REASON`."
    ),
    "risk.action.due_soon": "Your action #{action} on *{ref} · {title}* is due {due}: {text}",
    "risk.action.overdue": "Your action #{action} on *{ref} · {title}* was due {due}: {text}",
    "risk.action.finish_hint": "Done? `/risk action {ref} done:{action}`",
    # --- list and show ----------------------------------------------------------------------
    "risk.list.header": "*Risks{filters}* · {total} found",
    "risk.list.empty": "No risks match{filters}.",
    "risk.list.line": "{emoji} *{ref}* {title} · {score} {rating} · <@{owner}> · {status}{due}",
    "risk.list.due": " · due {due}",
    "risk.list.more": "Page {page} of {pages} · next: `/risk list {args}page:{next}`",
    "risk.list.page": "Page {page} of {pages}",
    "risk.show.thread": "<{link}|Open the thread>",
    "risk.show.actions": "*Mitigation actions*\n{lines}",
    "risk.show.action": "{mark} #{action} {text} · <@{owner}>{due}",
    "risk.show.history": "*History* (latest {shown} of {total})\n{lines}",
    "risk.show.event": "{when} · {who} · {what}",
    "risk.history.created": "raised it",
    "risk.history.updated": "changed {fields}",
    "risk.history.reviewed": "reviewed it",
    "risk.history.trigger_fired": "reported the trigger fired",
    "risk.history.escalated": "escalated it",
    "risk.history.closed": "closed it",
    "risk.history.action_added": "added an action",
    "risk.history.action_done": "finished an action",
    "risk.history.tandem": "Tandem",
    "risk.escalation.manual": "Escalated by hand from the risk register",
    "risk.escalation.occurred": "The risk's trigger fired: it has occurred",
    "risk.escalation.critical": "A critical risk was raised",
    # --- modals -----------------------------------------------------------------------------
    "risk.modal.new": "New risk",
    "risk.modal.edit": "Edit risk",
    "risk.modal.rescore": "Re-score risk",
    "risk.modal.close": "Close risk",
    "risk.modal.submit": "Save",
    "risk.modal.submit_close": "Close risk",
    "risk.modal.cancel": "Cancel",
    "risk.modal.title": "Title",
    "risk.modal.title_hint": "Because <cause>, <event> may occur, leading to <effect>.",
    "risk.modal.description": "Description",
    "risk.modal.kind": "Threat or opportunity",
    "risk.modal.category": "Category",
    "risk.modal.team": "Team",
    "risk.modal.owner": "Owner",
    "risk.modal.probability": "Probability",
    "risk.modal.impact": "Impact",
    "risk.modal.due": "Due (when it could happen or a decision is needed)",
    "risk.modal.strategy": "Response strategy",
    "risk.modal.plan": "Response plan",
    "risk.modal.trigger": "Trigger (the warning sign)",
    "risk.modal.contingency": "Contingency plan (what we do if it happens)",
    "risk.modal.customer": "Customer impact",
    "risk.modal.customer_option": "Customers would notice",
    "risk.modal.status": "Status",
    "risk.modal.reason": "Why is it closed?",
    "risk.modal.reason_hint": "e.g. mitigated, expired, accepted, converted to an issue",
    "risk.modal.rescore_intro": "*{ref} · {title}* is {rating} (P{p}×I{i}={score}).",
}
