"""Lessons learned (playbook mechanisms 4 and 8): record, search, list, export."""
