"""Copy for webhooks: what the escalations channel is told when a POST keeps failing."""

EN = {
    "webhook.send_failed": (
        "Tandem could not deliver an event to {target}: `{error}`. Key `{key}`; it will not "
        "be retried."
    ),
    "webhook.send_delayed": (
        "Tandem is still trying to deliver an event to {target}: it keeps answering "
        "`{error}`. Key `{key}`; retrying with back-off, and never dropped."
    ),
}
