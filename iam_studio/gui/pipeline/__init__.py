"""The animated request pipeline, the trace panel and the controller that connects them."""
from .controller import PipelineController
from .trace_view import TraceView
from .view import PipelineView

__all__ = ["PipelineController", "PipelineView", "TraceView"]
