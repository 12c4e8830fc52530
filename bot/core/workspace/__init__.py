"""tandem.toml: the typed model, its validator and its loader."""
