"""Processes and the composition root: the only code that imports every feature."""
