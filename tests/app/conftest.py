"""The production lane's fixture for the app tests."""

from tests.support.production import production

__all__ = ["production"]
