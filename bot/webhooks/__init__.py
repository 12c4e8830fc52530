"""Webhooks: signed JSON POSTs of Tandem's events to `[[webhooks]]` URLs, through the outbox."""
