"""The risk modals: opening "New risk", "Edit", "Re-score" and "Close", and reading them back.

Reading a form returns either values or errors keyed by block id, which the handler sends
back with `response_action: errors`; nothing is stored until a form is valid.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.blocks import Message
from bot.core.blocks.ids import RiskField
from bot.core.errors import Conflict, UserError
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackGateway, SlackSendError
from bot.core.users import UserDirectory
from bot.risk import modals as render
from bot.risk.form import FormContext, FormValues, read_risk_form
from bot.risk.grammar import MAX_DESCRIPTION, MAX_TITLE, parse_risk_id
from bot.risk.model import NewRisk, RiskStatus
from bot.risk.permissions import default_team, require_manage
from bot.risk.queries import RiskQueries
from bot.risk.service import Reply, RiskService
from handlers.common import Click

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class RiskModals:
    """Opens and reads the risk forms; the register itself is `RiskService`."""

    risks: RiskService
    queries: RiskQueries
    users: UserDirectory
    workspace: WorkspaceSource
    gateway: SlackGateway

    def _team_ids(self) -> list[str]:
        return [team.id for team in self.workspace().teams]

    def _choices(self) -> dict[str, Any]:
        workspace = self.workspace()
        return {
            "categories": workspace.risks.categories,
            "teams": {team.id: team.name for team in workspace.teams},
        }

    def _context(
        self, user: str, now: datetime, current_due: datetime | None = None
    ) -> FormContext:
        return FormContext(
            tz=self.users.get(user).tz,
            now=now,
            categories=self.workspace().risks.categories,
            teams=self._team_ids(),
            current_due=current_due,
        )

    def _check_owner(self, values: dict[str, Any], errors: dict[str, str], user: str) -> None:
        owner = values.get("owner")
        if owner and RiskField.OWNER not in errors:
            try:
                self.risks.require_active(owner, user)
            except UserError as exc:
                errors[RiskField.OWNER] = exc.render()

    # --- New risk -------------------------------------------------------------------------

    def open_new(
        self,
        trigger_id: str,
        *,
        user: str,
        channel: str | None,
        defaults: render.FormDefaults | None = None,
    ) -> None:
        """Open "New risk", with the caller as owner unless `defaults` say otherwise."""
        defaults = defaults or render.FormDefaults(
            owner=user, team=default_team(self.workspace(), user)
        )
        view = render.risk_modal(defaults, metadata={"channel": channel}, **self._choices())
        self.gateway.open_modal(trigger_id, view)

    def open_from_blocker(
        self, trigger_id: str, value: str, *, user: str, channel: str | None
    ) -> None:
        """ "Raise as risk" on a stand-up blocker: "New risk", prefilled from the blocker.

        `value` is the button's JSON (bot/blocks/ids.py, RISK_FROM_BLOCKER).
        """
        try:
            blocker = json.loads(value)
            text = str(blocker["text"]).strip()
            person = str(blocker["user"])
            team = blocker.get("team")
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError("risk.error.bad_blocker") from exc
        title = " ".join(text.split())
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1] + "…"
        defaults = render.FormDefaults(
            title=title,
            description=text[:MAX_DESCRIPTION],
            owner=person,
            team=team if team in self._team_ids() else default_team(self.workspace(), person),
        )
        self.open_new(trigger_id, user=user, channel=channel, defaults=defaults)

    def read_new(
        self, values: FormValues, *, user: str, now: datetime
    ) -> tuple[NewRisk | None, dict[str, str]]:
        """The submitted "New risk" form as a NewRisk, or the errors to show on its fields."""
        fields, errors = read_risk_form(values, self._context(user, now))
        self._check_owner(fields, errors, user)
        if errors:
            return None, errors
        return NewRisk(**fields), {}

    # --- forms on an existing risk ----------------------------------------------------------

    def open_for(self, kind: str, click: Click) -> None:
        """Open the "edit", "rescore" or "close" form of the clicked risk, for those who may."""
        risk = self.queries.get(parse_risk_id(click.value))
        require_manage(self.workspace(), click.user, risk)
        if risk.status == RiskStatus.CLOSED:
            raise Conflict("risk.error.closed", ref=risk.ref)
        metadata = {"risk": risk.id, "channel": click.channel}
        if kind == "rescore":
            view = render.rescore_modal(risk, metadata)
        elif kind == "close":
            view = render.close_modal(risk, metadata)
        else:
            tz = self.users.get(click.user).tz
            defaults = render.FormDefaults(
                title=risk.title,
                description=risk.description,
                kind=risk.kind,
                category=risk.category,
                team=risk.team,
                owner=risk.owner,
                probability=risk.probability,
                impact=risk.impact,
                due=risk.due_at.astimezone(tz).date().isoformat() if risk.due_at else None,
                strategy=risk.response_strategy,
                plan=risk.response_plan,
                trigger=risk.trigger,
                contingency=risk.contingency_plan,
                customer_impact=risk.customer_impact,
                status=risk.status,
            )
            view = render.risk_modal(defaults, metadata=metadata, edit=True, **self._choices())
        self.gateway.open_modal(click.trigger_id, view)

    def read_edit(
        self, number: int, values: FormValues, *, user: str, now: datetime
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The submitted Edit form as changes, or the errors to show on its fields."""
        risk = self.queries.get(number)
        changes, errors = read_risk_form(values, self._context(user, now, risk.due_at))
        if changes.get("owner") == risk.owner:
            del changes["owner"]  # unchanged: the owner need not be active for others to edit
        else:
            self._check_owner(changes, errors, user)
        return changes, errors

    # --- answering ------------------------------------------------------------------------

    def tell(
        self, user: str, channel: str | None, reply: Reply | Message, *, key: str, now: datetime
    ) -> None:
        """Answer a form's submitter: ephemeral where they started, else in a DM."""
        if channel:
            blocks = reply.blocks if isinstance(reply, Message) else None
            try:
                self.gateway.post_ephemeral(channel, user, reply.text, blocks or None)
                return
            except SlackSendError as exc:
                log.info("ephemeral answer failed", extra={"user": user, "error": exc.error})
        self.risks.tell(user, reply.text, key=key, now=now)
