"""Shared goals (`/goal`): a metric with a target and a due date that teams share."""
