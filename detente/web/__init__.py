"""The REST API and the dashboard (``detente serve``)."""
from detente.web.app import create_app
from detente.web.backend import Backend

__all__ = ["create_app", "Backend"]
