"""Helpers the test modules import (fixtures stay in the conftest.py files)."""
