"""Kudos (`/kudos`): thanking someone in their team channel, counted per person."""
