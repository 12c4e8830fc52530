"""On-call rotations: the pure rota maths, the hand-off service and its renderers."""
