"""The graph canvas: the scenario drawn as users, groups, roles, policies and resources."""
from .view import CanvasView

__all__ = ["CanvasView"]
