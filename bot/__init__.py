"""Tandem: keeps project and operations teams in step from Slack."""
