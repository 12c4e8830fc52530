"""App Home: a personal dashboard built from sections, each fed by one small read."""
