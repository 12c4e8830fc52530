"""The risk register: grammar, form, service, permissions, renderers, review nudges."""
