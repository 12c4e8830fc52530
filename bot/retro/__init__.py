"""Retrospectives (playbook mechanism 4): prompts at each member's time, a summary, lessons."""
