"""Merged project + ops digests: the model, its sources port, the service, charts, renderers."""
