"""Persistence: engine, sessions, models, repositories and migrations. Imports nothing from bot."""
