"""Action, block and callback ids shared by renderers and handlers (one place per string)."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    # stand-ups
    STANDUP_OPEN_MODAL = "standup.open_modal"
    STANDUP_SKIP_TODAY = "standup.skip_today"
    # weekly status reports (button on the DM to the lead; value = status report row id)
    STATUS_REPORT_OPEN = "status_report.open"
    # Button on a stale blocker in a stand-up report. Its value is JSON:
    # {"team": TEAM_ID, "user": USER_ID, "text": BLOCKER_TEXT (<= 1500 chars), "blocker": ID}
    # The risk handlers open the "New risk" modal prefilled from it.
    RISK_FROM_BLOCKER = "risk.from_blocker"
    # risks (buttons on the risk thread's root message; value = risk number)
    RISK_RESCORE = "risk.rescore"
    RISK_REVIEWED = "risk.reviewed"
    RISK_TRIGGER_FIRED = "risk.trigger_fired"
    RISK_CLOSE = "risk.close"
    RISK_ESCALATE = "risk.escalate"
    RISK_EDIT = "risk.edit"
    # escalations (buttons on a page DM; value = run id)
    ESCALATION_ACK = "escalation.ack"
    ESCALATION_NOW = "escalation.escalate_now"
    ESCALATION_RESOLVE = "escalation.resolve"
    # on-call hand-over (button on the outgoing person's DM; value = JSON
    # {"rotation": ROTATION_ID, "at": ISO instant of the hand-off})
    ONCALL_HANDOVER = "oncall.handover"
    # App Home quick actions (value: for skip, the stand-up prompt id)
    HOME_NEW_RISK = "home.new_risk"
    HOME_SKIP_TODAY = "home.skip_today"
    HOME_AWAY = "home.away"
    # "Record a lesson" (on the answer to closing a risk, in a resolved escalation's thread);
    # value = JSON {"risk": RISK_NUMBER or null, "source": "risk-close" | "escalation"}
    LESSON_RECORD = "lesson.record"
    # the "Answer" button on a retro prompt DM; value = retro prompt id
    RETRO_ANSWER = "retro.answer"


class CallbackId(StrEnum):
    STANDUP_ANSWERS = "standup.answers"
    STATUS_REPORT = "status_report.answers"
    RISK_NEW = "risk.new"
    RISK_EDIT = "risk.edit"
    RISK_CLOSE = "risk.close"
    RISK_RESCORE = "risk.rescore"
    ONCALL_HANDOVER = "oncall.handover"
    HOME_AWAY = "home.away"
    LESSON_RECORD = "lesson.record"
    RETRO_ANSWERS = "retro.answers"


class HomeField(StrEnum):
    """Block ids (and action ids) of the App Home "Away" modal's date pickers."""

    FROM = "home_away_from"
    TO = "home_away_to"


class HandoverField(StrEnum):
    """Block id (and action id) of the hand-over modal's notes input."""

    NOTES = "handover_notes"


class RiskField(StrEnum):
    """Block ids (and action ids) of the risk modals' inputs."""

    TITLE = "risk_title"
    DESCRIPTION = "risk_description"
    KIND = "risk_kind"
    CATEGORY = "risk_category"
    TEAM = "risk_team"
    OWNER = "risk_owner"
    PROBABILITY = "risk_probability"
    IMPACT = "risk_impact"
    DUE = "risk_due"
    STRATEGY = "risk_strategy"
    PLAN = "risk_plan"
    TRIGGER = "risk_trigger"
    CONTINGENCY = "risk_contingency"
    CUSTOMER_IMPACT = "risk_customer_impact"
    STATUS = "risk_status"
    REASON = "risk_close_reason"


class LessonField(StrEnum):
    """Block ids (and action ids) of the "Record a lesson" modal's inputs."""

    TEXT = "lesson_text"
    RISK = "lesson_risk"
