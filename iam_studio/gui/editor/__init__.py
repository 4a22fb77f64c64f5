"""The policy editor and the request builder."""
from .policy_editor import PolicyEditor
from .request_builder import RequestBuilder

__all__ = ["PolicyEditor", "RequestBuilder"]
