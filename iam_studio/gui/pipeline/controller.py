"""Connects the request builder to the engine, and each replayed step to the pipeline, the trace,
the editor (the deciding statement) and the canvas (the path through the graph)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ...core.engine.plain import cited_statement
from ...core.engine.result import Outcome, Result
from ...core.scenario.model import RequestSpec
from .path import highlight_path, policy_key


class PipelineController(QObject):
    """`highlightPath(keys)` / `clearHighlight()` are for the canvas (the main window connects them)."""

    highlightPath = Signal(list)
    clearHighlight = Signal()
    evaluated = Signal(object)          # the Result just evaluated (with its trace)
    cleared = Signal()                  # no verdict is shown any more (`reset`)

    def __init__(self, document, builder, pipeline, trace, editor, parent=None):
        super().__init__(parent or document)
        self._doc = document
        self.builder, self.pipeline, self.trace, self.editor = builder, pipeline, trace, editor
        self.spec: RequestSpec | None = None
        self.result: Result | None = None
        self.index: int | None = None     # the saved request `spec` is, as the form loaded it (else None)
        self._following = True            # False while re-evaluating after an edit: the editor stays put
        self.withheld: frozenset[str] = frozenset()     # saved requests the lesson step asks to predict (`withhold`)
        builder.evaluateRequested.connect(self.evaluate)
        builder.requestLoaded.connect(self._request_loaded)
        pipeline.stepShown.connect(self._step_shown)
        trace.stepActivated.connect(self._step_picked)
        trace.captionsChanged.connect(lambda: pipeline.set_captions(trace.captions()))
        document.scenarioReplaced.connect(self.reset)
        document.changed.connect(self._model_changed)

    def reset(self) -> None:
        """Another scenario (or another request in the form): no verdict, no explanation, nothing lit from
        the previous one."""
        self.spec = None
        self.index = None
        self.result = None
        self.pipeline.clear()
        self.trace.show_result(None)
        self.editor.clear_highlight()
        self.clearHighlight.emit()
        self.cleared.emit()

    def _request_loaded(self, index: int) -> None:
        """Another saved request in the form: the verdict on screen was for a different request, so it goes."""
        if self.spec is not None and index != self.index:
            self.reset()

    def withhold(self, names: frozenset[str]) -> None:
        """Saved requests the active lesson step asks to predict, not predicted yet (`LessonRun.awaiting_here`):
        when an edit changes the decision of one on screen, its new verdict is not shown unasked; the request
        goes from the screen instead."""
        self.withheld = names

    def _shown_spec(self) -> RequestSpec | None:
        """The request on screen as the model now holds it: the saved request it is (an edit may have changed
        it), or the form's own request."""
        requests = self._doc.scenario.requests
        return requests[self.index] if self.index is not None and self.index < len(requests) else self.spec

    def _decides_as_shown(self, spec: RequestSpec) -> bool:
        """Whether `spec`, evaluated on the edited model, still gets the decision shown."""
        engine = self._doc.engine
        if engine is None or self.result is None:
            return False
        try:
            return engine.evaluate(spec).decision is self.result.decision
        except Exception:           # a request the edit broke: nothing to show either way
            return False

    def _model_changed(self) -> None:
        """After any edit, undo or redo, the request shown is evaluated again on the new model at once
        (the replay jumps to the new verdict), so nothing on screen is the old model's word. A request the
        lesson asks to predict first is not: its verdict goes (`withhold`)."""
        spec = self._shown_spec()
        if self.spec is None or spec is None:
            return
        if self.spec.name in self.withheld and not self._decides_as_shown(spec):
            self.reset()
            return
        self._following = False
        try:
            result = self.evaluate(spec, autoplay=False, focus=False)
            if result is not None:
                self.pipeline.player.pause()
                self.pipeline.player.seek(len(result.trace) - 1)
        finally:
            self._following = True

    def evaluate(self, spec: RequestSpec, *, autoplay: bool = True, focus: bool = True) -> Result | None:
        """Evaluate with a trace, show it, and start the replay; a failure is shown, never raised."""
        if focus:
            self._doc.commit_pending()          # text typed in the editor counts before the request runs
            self.index = self.builder.index if self.builder.shows_saved_request() else None
        self.spec = spec
        self.editor.clear_highlight()           # nothing from the previous request stays lit
        self.clearHighlight.emit()
        engine = self._doc.engine
        if engine is None:
            self._fail(f"the scenario cannot be evaluated yet: {self._doc.engine_error or 'it has problems'}")
            return None
        try:
            result = engine.evaluate(spec, explain=True)
        except Exception as exc:        # a half-made request must never take the window down
            self._fail(f"{exc}")
            return None
        self.result = result
        self.trace.show_result(result)
        self.builder.show_context(result.context)
        self.pipeline.show_result(result)
        if focus:
            self.pipeline.setFocus()
        if autoplay:
            self.pipeline.player.play()
        self.evaluated.emit(result)
        return result

    def _fail(self, message: str) -> None:
        self.result = None
        self.trace.show_result(None)
        self.pipeline.show_error(message)
        self.editor.clear_highlight()
        self.clearHighlight.emit()

    def _step_shown(self, index: int) -> None:
        self.trace.select_step(index)
        result, spec = self.result, self.spec
        if result is None or spec is None or index < 0 or index >= len(result.trace):
            self.editor.clear_highlight()
            self.clearHighlight.emit()
            return
        ref = result.trace[index].statement
        verdict = index == len(result.trace) - 1
        if ref is None and verdict:     # what decided, or the closest miss the explanation names
            ref = cited_statement(result, self._doc.scenario)
        key = policy_key(ref) if ref is not None else ""
        if ref is not None and self._doc.policy(key) is not None and (self._following or key == self.editor.policy_key):
            self.editor.highlight_statement(key, ref.span, ref.index)
        else:
            self.editor.clear_highlight()
        if verdict:         # the statements that decided or allowed, the guardrails that capped it or it kept within
            within = result.trace[index].details.get("within")
            allowing = [step.statement for step in result.trace
                        if step.statement is not None and step.outcome is Outcome.ALLOW]
            path = highlight_path(self._doc.scenario, spec, [*result.deciding, *allowing],
                                  [*result.capped_by, *(within if isinstance(within, list) else ())])
        else:
            path = highlight_path(self._doc.scenario, spec, [ref] if ref is not None else [])
        self.highlightPath.emit(path)

    def _step_picked(self, index: int) -> None:
        self.pipeline.player.pause()
        self.pipeline.player.seek(index)
