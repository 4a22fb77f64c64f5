"""The lesson panel: the active step's text, its goals ticked live by the engine, hints one at a time,
next/previous/reset, predict-then-reveal, "what would flip this?" and the decision diff.

A scenario without a `lesson` block shows its title and description, and its requests' `expect` as
goals. Progress (step, hints, predictions, steps done) lives in the app's data by lesson id
(`core/lessons/progress.py`), never in the file; it is resumed when the lesson opens again.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.result import Result
from ...core.lessons import LessonProgress
from ...core.lessons.goals import describe_goal
from ...core.lessons.guess import judge
from ...core.lessons.play import become
from ...core.lessons.run import LessonRun
from ...core.scenario.lesson.model import Lesson, PredictGoal, RequestGoal
from ...core.scenario.load import load_scenario
from .. import themes
from ..editor import theme
from ..pipeline.live import live_results
from ..safe_text import SafeTextBrowser, plain_tip, shortened
from .diff import DecisionDiffView
from .predict import PredictionPicker, StatementPicker

if TYPE_CHECKING:
    from .flips import FlipList
from .store import progress_store

WORDS = {"allowed": "allowed", "explicit_deny": "denied explicitly", "implicit_deny": "denied implicitly",
         "not_authenticated": "not authenticated"}
GOAL_ROLE = Qt.ItemDataRole.UserRole            # the request index a goal item evaluates (or None)
MET_ROLE = Qt.ItemDataRole.UserRole + 1
HELD_TEXT = "Watch the request go through: the answer comes at the pipeline's verdict."
LOAD_ROLE = Qt.ItemDataRole.UserRole + 2      # a prediction goal: a click loads its request, never evaluates
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 3    # a goal's verdict colour, before `_readable` fits it to the theme


def goal_text(name: str, expect: str | None, decision: str | None, error: str | None = None) -> tuple[str, bool]:
    """(line shown, met?) for one request of a scenario without a lesson block."""
    if expect is None:
        now = WORDS.get(decision or "", "cannot be evaluated") if error is None else "cannot be evaluated"
        return f"•  {name}: now {now}", False
    met = error is None and decision == expect
    line = f"{'☑' if met else '☐'}  {name}: should be {WORDS.get(expect, expect)}"
    if not met:
        line += f" (now {WORDS.get(decision or '', 'cannot be evaluated') if error is None else 'cannot be evaluated'})"
    return line, met


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    themes.follow(label, 1.05, bold=True)
    return label


def _button(name: str, text: str, accessible: str, tip: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAccessibleName(accessible)
    b.setToolTip(tip)
    themes.follow(b, 1.0)
    return b


class LessonPanel(QWidget):
    """`goalActivated(index)`: evaluate saved request `index`; `requestChosen(index)`: put it in the
    request builder (a step asks for a prediction on it); `message(text)`: for the status bar;
    `stepChanged(index)`: the panel shows another step (Next, Previous, `go_to`, a lesson opened or reset,
    a scenario without a lesson)."""

    goalActivated = Signal(int)
    requestChosen = Signal(int)
    message = Signal(str)
    lessonOpened = Signal()
    stepChanged = Signal(int)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.setAccessibleName("Lesson")
        self._doc = document
        self.store = progress_store()
        self.run: LessonRun | None = None           # the learner in the open lesson (core/lessons/run.py)
        self._shown: tuple[object, int] | None = None  # (lesson run, step) last shown, for stepChanged
        self._chosen: str | None = None     # the request to predict the learner picked among the step's
        self.controller = None
        self.builder = None
        self.flips: FlipList | None = None          # "what would flip this?", once the pipeline is connected

        self.title = QLabel("", objectName="lessonTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        themes.follow(self.title, 1.25, bold=True)
        self.step_label = QLabel("", objectName="lessonStepLabel", wordWrap=True)
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        themes.follow(self.step_label, 1.1, bold=True)
        self.text = _FittedText(objectName="lessonStepText")
        self.text.setAccessibleName("Step text")
        themes.follow(self.text, 1.0)

        self.goals = QListWidget(objectName="lessonGoals")
        self.goals.setAccessibleName("Goals of this step: click one to send its request through")
        self.goals.setWordWrap(True)
        themes.follow(self.goals, 1.1)
        self.goals.itemClicked.connect(self._goal_picked)
        self.goals.itemActivated.connect(self._goal_picked)
        self.status = QLabel("", objectName="lessonProgress", wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        themes.follow(self.status, 1.05, bold=True)

        self.hint_button = _button("lessonHintButton", "Show a hint", "Show the next hint",
                                   "Reveal one more hint for this step")
        self.hint_button.clicked.connect(self.reveal_hint)
        self.hints = _FittedText(objectName="lessonHints")
        self.hints.setAccessibleName("Hints revealed")
        themes.follow(self.hints, 1.0)

        self.predict_label = QLabel("", objectName="predictionPrompt", wordWrap=True)
        self.predict_label.setTextFormat(Qt.TextFormat.PlainText)
        themes.follow(self.predict_label, 1.05, bold=True)
        self.load_button = _button("predictLoadButton", "", "Put the request to predict in the request builder",
                                   "Fill the request builder with it, so that Evaluate sends it through")
        self.load_button.clicked.connect(self._load_predicted)
        self.picker = PredictionPicker()
        self.statement = StatementPicker(document)
        self.result_label = QLabel("", objectName="predictionResult", wordWrap=True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setAccessibleName("Was your prediction right?")
        themes.follow(self.result_label, 1.1, bold=True)
        self._result_colour = theme.NEUTRAL
        self._judged: tuple[str | None, object] | None = None    # the answer shown: (saved request or None, decision)
        self._held: Callable[[], None] | None = None    # shows the answer: called when the replay reaches the verdict
        self._scrolled_to: tuple[str, str, int] = ("", "", -1)   # answer, score, where the column was put

        self.score = QLabel("", objectName="lessonScore", wordWrap=True)
        self.score.setTextFormat(Qt.TextFormat.PlainText)
        self.score.setAccessibleName("Prediction score")

        self.diff = DecisionDiffView(document)
        self.flip_box = QVBoxLayout()

        self.prev_button = _button("lessonPrevButton", "◀", "Previous step", "Go back one step")
        self.next_button = _button("lessonNextButton", "Next ▶", "Next step", "Go on to the next step")
        self.solution_button = _button("lessonSolutionButton", "Show me", "Apply this step's solution",
                                       "Make this step's change for you (Ctrl+Z takes it back)")
        self.reset_button = _button("lessonResetButton", "Reset", "Reset the lesson",
                                    "Put the account back as the lesson opened and start the lesson over")
        self.prev_button.clicked.connect(lambda: self.go_to(self.step - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.step + 1))
        self.solution_button.clicked.connect(self.show_solution)
        self.reset_button.clicked.connect(self.reset)

        nav = QHBoxLayout()                     # the step's title with the way back and on, on one row
        nav.setContentsMargins(0, 0, 0, 0)
        nav.addWidget(self.step_label, 1)
        for b in (self.prev_button, self.next_button):
            nav.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        for b in (self.hint_button, self.solution_button, self.reset_button):
            tools.addWidget(b)
        tools.addStretch(1)
        self.nav_row = QWidget()
        self.nav_row.setLayout(nav)
        self.tools_row = QWidget()
        self.tools_row.setLayout(tools)
        self.predict_box = QWidget(objectName="predictBox")
        pl = QVBoxLayout(self.predict_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(4)
        pl.addWidget(self.predict_label)
        pl.addWidget(self.picker)
        extra = QHBoxLayout()
        extra.setContentsMargins(0, 0, 0, 0)
        extra.addWidget(self.load_button)
        extra.addWidget(self.statement, 1)
        pl.addLayout(extra)
        pl.addWidget(self.result_label)
        pl.addWidget(self.score)

        lay = QVBoxLayout(self)             # compact: a whole step fits the left column at 1280x720
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.nav_row)
        lay.addWidget(self.text, 10)
        lay.addWidget(self.status)          # the goals' heading: how many are met, or what to do next
        lay.addWidget(self.goals, 1)
        lay.addWidget(self.predict_box)
        lay.addWidget(self.tools_row)
        lay.addWidget(self.hints)
        lay.addWidget(self.diff)
        lay.addLayout(self.flip_box)
        lay.addStretch(0)                       # what the text does not take goes below, not into gaps
        self._refit = QTimer(self, singleShot=True, interval=0, timeout=self._fit_heights)
        for view in (self.text, self.hints):        # text wrapped anew (a new width, a new step)
            view.document().documentLayout().documentSizeChanged.connect(self._refit.start)

        self.live = live_results(document)
        self.live.updated.connect(self.refresh)
        themes.appearance().changed.connect(self._recolour)
        document.scenarioReplaced.connect(self._opened)
        document.changed.connect(self._changed)
        self._opened()

    # ----- sizes ----------------------------------------------------------------------------------
    def _fit_heights(self, *_) -> None:
        """Goals and hints as tall as what they hold, the step text as tall as the room left in the column
        allows, up to its whole length (no empty box; no inner scroll bar while there is room). Without the
        room, the goals, then the text, shrink to a few lines and scroll, so that the predictions (and an
        answer) stay in view."""
        for label in (self.result_label, self.score):
            label.setVisible(bool(label.text()))           # an empty line takes no room
        if self.flips is not None:       # "what would flip this?" would tell the answer before the verdict
            self.flip_section.setVisible(not self.flips.waiting and self._held is None)
        line = self.fontMetrics().lineSpacing()
        self.prev_button.setMaximumWidth(3 * self.prev_button.fontMetrics().height())    # just the arrow
        lists = [(self.goals, 12)] + ([(self.flips.list, 6)] if self.flips is not None else [])
        for view, lines in lists:
            view.doItemsLayout()                            # rows wrapped at the list's width now
            rows = sum(view.visualItemRect(view.item(i)).height() + 2 * view.spacing() for i in range(view.count()))
            view.setFixedHeight(min(max(rows, line) + 2 * view.frameWidth() + 2, lines * line))
        self.hints.setFixedHeight(min(_document_height(self.hints), 4 * line))
        whole = _document_height(self.text)
        least = min(whole, 5 * line)
        self.text.setMaximumHeight(whole)
        self.text.setMinimumHeight(least)
        column = self.parentWidget()                        # the scroll area's viewport
        if column is None:
            return
        spare = column.height() - self.heightForWidth(self.width())
        if spare > 0:
            self.text.setMinimumHeight(min(whole, least + spare))
            return
        # Too little room (projector fonts on a small screen): the goals, then the text, give way down to
        # a few lines each (two while an answer shows), scrolling in their own boxes, so that the predictions,
        # the answer and the way on stay in view. What follows the tools (the decision diff, "what would flip
        # this?") may go below the fold: it does not squeeze them.
        after = [self.diff] + ([self.flip_section] if self.flips is not None else [])
        top = spare + sum(_tall(w, self.width()) + 4 for w in after if w.isVisibleTo(self))   # 4: the spacing
        answer = self.result_label.isVisibleTo(self)
        lines = 2 if answer else 3
        for view, floor in ((self.goals, lines * line + 2 * self.goals.frameWidth()), (self.text, lines * line)):
            if top >= 0:
                break
            height = view.minimumHeight()
            smaller = max(min(height, floor), height + top)
            top += height - smaller
            spare += height - smaller
            if view is self.goals:
                view.setFixedHeight(smaller)
            else:
                view.setMinimumHeight(smaller)
        area = column.parentWidget()
        if spare < 0 and answer and isinstance(area, QScrollArea):
            # the column is still taller than its view: it scrolls to a new answer as far as the answer and the
            # score need (the heading gives way), and follows them while the layout settles, until the learner
            # scrolls it elsewhere
            shown = (self.result_label.text(), self.score.text())
            bar = area.verticalScrollBar()
            if shown != self._scrolled_to[:2] or bar.value() == self._scrolled_to[2]:
                at = bar.value()
                QTimer.singleShot(0, area, lambda: self._scroll_to_answer(area, shown, at))

    def _scroll_to_answer(self, area: QScrollArea, shown: tuple[str, str], at: int) -> None:
        """The column scrolled so that the answer and the score show, laid out as they are now (unless the
        learner scrolled it since this was asked for)."""
        if area.verticalScrollBar().value() != at and shown == self._scrolled_to[:2]:
            return
        for box in (self, self.predict_box):          # the answer sits in the prediction box
            layout = box.layout()
            if layout is not None:
                layout.activate()
        area.ensureWidgetVisible(self.score if self.score.isVisibleTo(self) else self.result_label, 0, 0)
        self._scrolled_to = (*shown, area.verticalScrollBar().value())

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        self._refit.start()                             # rows wrap anew at the new width

    # ----- wiring ---------------------------------------------------------------------------------
    def connect_pipeline(self, controller, builder) -> None:
        """Judge predictions on what the learner sends through (Evaluate, a goal, Alt+↓); list flips."""
        from .flips import FlipList
        self.controller, self.builder = controller, builder
        builder.evaluateRequested.connect(self._evaluated)
        controller.pipeline.verdictChanged.connect(self._verdict_shown)
        self.flips = FlipList(self._doc, controller)
        self.flips.message.connect(self.message)
        self.flip_section = QWidget()
        self.flip_section.setObjectName("flipSection")
        section = QVBoxLayout(self.flip_section)
        section.setContentsMargins(0, 0, 0, 0)
        section.addWidget(_line())
        section.addWidget(_heading("What would flip this?"))
        section.addWidget(self.flips)
        self.flip_box.addWidget(self.flip_section)
        self.flips.answered.connect(self._fit_heights)
        controller.evaluated.connect(self._fit_heights)
        controller.cleared.connect(self._fit_heights)
        self._withhold()
        self._fit_heights()

    @property
    def lesson(self) -> Lesson | None:
        return self._doc.scenario.lesson

    @property
    def progress(self) -> LessonProgress | None:
        return self.run.progress if self.run is not None else None

    @property
    def step(self) -> int:
        return self.run.index if self.run is not None else 0

    # ----- opening and moving between steps ---------------------------------------------------------
    def _opened(self) -> None:
        """Another scenario: its lesson's saved progress, the account brought to that step if it is a
        bundled lesson (opened as an unsaved copy, so its earlier steps' changes are not in it)."""
        lesson = self.lesson
        self._clear_result()
        self.picker.clear()
        self.run = None
        self._show_score()              # the score of the lesson open before goes (none without a lesson)
        if lesson is not None and lesson.steps:
            start = self._start()
            self.run = LessonRun(start if start is not None and start.lesson is not None else self._doc.scenario,
                                 self.store.get(lesson.id))
            if self.step > 0 and self._doc.origin:
                become(self._doc.scenario, self.run.reset())
            self.lessonOpened.emit()
        self._show_step()
        self._load_predicted()          # the step's request in the builder, as after moving to a step

    def _start(self):
        """The lesson as its file opens (read again from the file: the document holds the learner's account)."""
        source = self._doc.origin or self._doc.path
        return load_scenario(source)[0] if source else None

    def go_to(self, step: int) -> None:
        lesson = self.lesson
        if lesson is None or not 0 <= step < len(lesson.steps) or self.run is None:
            return
        self.run.go(step)
        self._save()
        self._clear_result()
        self.picker.clear()
        if self.controller is not None:     # a new step starts with no verdict: none of another step's answers
            self.controller.reset()
        self._show_step()
        self._load_predicted()

    def _show_step(self) -> None:
        self._show_step_content()
        if self._shown is None or self._shown[0] is not self.run or self._shown[1] != self.step:
            self._shown = (self.run, self.step)
            column = self.parentWidget()
            area = column.parentWidget() if column is not None else None
            if isinstance(area, QScrollArea):       # a new step reads from its title, not from mid-goals
                area.verticalScrollBar().setValue(0)
            self.stepChanged.emit(self.step)

    def _show_step_content(self) -> None:
        lesson, sc = self.lesson, self._doc.scenario
        self._doc.set_locks(lesson.locks_at(self.step) if lesson is not None else frozenset())
        in_lesson = lesson is not None and bool(lesson.steps)
        for w in (self.nav_row, self.tools_row, self.hints):
            w.setVisible(in_lesson)
        if lesson is None or not in_lesson:
            self.title.setText(shortened(sc.title))
            self.step_label.setText("")
            self.step_label.setVisible(False)
            self.text.set_markdown(f"# {shortened(sc.title)}\n\n{sc.description or ''}")
            self.predict_label.setText("Predict before you press Evaluate:")
            self.load_button.setVisible(False)
            self.refresh()
            return
        step = lesson.steps[self.step]
        level = f"Lesson {lesson.level} · " if lesson.level is not None else ""
        self.title.setText(f"{level}{shortened(sc.title)}")
        self.step_label.setVisible(True)
        self.step_label.setText(f"Step {self.step + 1} of {len(lesson.steps)}: {step.title}")
        locks = sorted(step.locks)
        text = step.text + (("\n\n*Locked in this step:* " + ", ".join(f"`{k}`" for k in locks)) if locks else "")
        self.text.set_markdown(text)
        self.prev_button.setEnabled(self.step > 0)
        self.next_button.setEnabled(self.step < len(lesson.steps) - 1)
        self.solution_button.setVisible(not step.is_reading)
        self._show_hints()
        pending = self.pending_prediction()
        if pending is not None:
            self._prompt(pending)
            self.load_button.setText("Load the request")
            self.load_button.setToolTip(plain_tip(f"Fill the request builder with “{pending}”, so that Evaluate "
                                                  "sends it through"))
        elif step.predict:
            self.predict_label.setText(f"Scored: {', '.join(step.predict)}. Predict any other request before "
                                       "Evaluate:")
        else:
            self.predict_label.setText("Predict before you press Evaluate (optional):")
        self.load_button.setVisible(pending is not None)
        self._show_score()
        self.refresh()

    def pending_prediction(self) -> str | None:
        """The request the active step asks to predict that the learner picked (a prediction goal clicked),
        else the first with no recorded prediction yet."""
        lesson = self.lesson
        if lesson is None or not lesson.steps or self.run is None:
            return None
        run, asked = self.run, lesson.steps[self.step].predict
        if self._chosen in asked and run.asks_prediction(self._chosen):
            return self._chosen
        return next((name for name in asked if run.asks_prediction(name)), None)

    def _load_predicted(self) -> None:
        name = self.pending_prediction()
        index = next((i for i, r in enumerate(self._doc.scenario.requests) if r.name == name), None)
        if index is not None:
            self.requestChosen.emit(index)

    # ----- goals ----------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.statement.refill()

    def refresh(self) -> None:
        """Tick the goals from the engine (after every edit, undo and step change)."""
        self._mark_stale_answer()
        self._withhold()
        self._list_goals()
        pending = self.pending_prediction()
        if pending is not None:
            self._prompt(pending)
        self._fit_heights()

    def _mark_stale_answer(self) -> None:
        """An edit changed the engine's decision of the request whose answer is shown (or the request was a
        changed copy): say that the answer is the old account's, without telling the new one."""
        if self._judged is None or not self.result_label.text():
            return
        name, decision = self._judged
        now = next((r for spec, r in zip(self._doc.scenario.requests, self.live.results, strict=False)
                    if spec.name == name), None) if name is not None else None
        if isinstance(now, Result) and now.decision is decision:
            return
        self._judged = self._held = None
        self._result_colour = theme.NEUTRAL
        self._colour_result()
        self.result_label.setText("The account has changed since that answer, and so has the verdict: press Evaluate "
                                  "to watch the request go through again.")

    def _withhold(self) -> None:
        """The requests this step or a later one asks to predict, not predicted yet (`awaiting_predictions`):
        the Request tab and the decision diff keep their answers out of sight until then."""
        names = frozenset(self.run.awaiting_predictions()) if self.run is not None else frozenset()
        self.diff.withhold(names)
        if self.builder is not None:
            self.builder.withhold(names)
        if self.controller is not None and self.run is not None:
            self.controller.withhold(frozenset(self.run.awaiting_here()))
        elif self.controller is not None:
            self.controller.withhold(frozenset())

    def _list_goals(self) -> None:
        lesson, sc = self.lesson, self._doc.scenario
        self.goals.clear()
        if lesson is None or not lesson.steps:
            self._scenario_goals()
            return
        if self._doc.engine is None or self.run is None:
            self.status.setText(f"The account cannot be evaluated yet: {self._doc.engine_error}")
            return
        statuses = self.run.goals(sc)
        names = [r.name for r in sc.requests]
        reading = lesson.steps[self.step].is_reading
        for status in statuses:
            goal = status.goal
            words = describe_goal(goal)
            if isinstance(goal, RequestGoal):
                words = f"{goal.request}: should be {WORDS.get(goal.outcome, goal.outcome)}"
                if not status.met and status.decision is not None:
                    words += f" (now {WORDS.get(status.decision, status.decision)})"
            if status.kept and not reading:
                words = f"keep: {words}"
            item = QListWidgetItem(f"{'☑' if status.met else '☐'}  {words}")
            asks = isinstance(goal, PredictGoal)
            index = names.index(goal.request) if isinstance(goal, RequestGoal | PredictGoal) \
                and goal.request in names else None
            item.setData(GOAL_ROLE, index)
            item.setData(MET_ROLE, status.met)
            item.setData(LOAD_ROLE, asks)
            self._colour(item, theme.ALLOW if status.met else theme.DENY)
            click = "\n\nClick to load this request into the request builder." if asks else \
                "\n\nClick to send this request through the pipeline."
            kept = ("\n\nThis already holds as the step opens: keep it so while you reach the other goals."
                    if status.kept and not reading else "")
            item.setToolTip(plain_tip(status.detail + kept + (click if index is not None else "")))
            self.goals.addItem(item)
        met = sum(s.met for s in statuses)
        self.goals.setVisible(bool(statuses))
        last = self.step == len(lesson.steps) - 1
        if not statuses or (lesson.steps[self.step].for_reading and met == len(statuses)):
            self.status.setText("A reading step: read it, then press Next." if not last else
                                "The end of the lesson. Well done!")
        elif met == len(statuses):
            self.status.setText(f"All {len(statuses)} goal{'s' if len(statuses) > 1 else ''} met: step complete. "
                                + ("Press Next." if not last else "You have finished the lesson!"))
        else:
            to_reach = [s for s in statuses if not s.kept]
            held = len(statuses) - len(to_reach)
            broken = sum(not s.met for s in statuses if s.kept)
            verb = "holds" if held == 1 else "hold"
            text = f"Goals met: {sum(s.met for s in to_reach)} of {len(to_reach)}"
            if broken:          # said first: a class must not read "1 of 1" as done
                lost = f"{broken} goal to keep no longer holds" if broken == 1 else \
                    f"{broken} goals to keep no longer hold"
                text = f"{lost} · {text[0].lower()}{text[1:]}"
            elif held:
                text += f" · {held} already {verb}" if reading else f" · {held} to keep"
            self.status.setText(text)
        if self.run.progress.to_dict() != self.store.get(lesson.id).to_dict():
            self._save()                        # the core marked the step done

    def _scenario_goals(self) -> None:
        """A scenario without a lesson: each request's `expect` is a goal."""
        met_count = total = 0
        for i, spec in enumerate(self._doc.scenario.requests):
            res = self.live.results[i] if i < len(self.live.results) else "not evaluated yet"
            error = res if isinstance(res, str) else None
            line, met = goal_text(spec.name, spec.expect, None if isinstance(res, str) else res.decision.value, error)
            item = QListWidgetItem(line)
            item.setData(GOAL_ROLE, i)
            item.setData(MET_ROLE, met)
            self._colour(item, theme.ALLOW if met else (theme.NEUTRAL if spec.expect is None else theme.DENY))
            item.setToolTip(plain_tip(res if isinstance(res, str) else res.reason))
            self.goals.addItem(item)
            if spec.expect is not None:
                total += 1
                met_count += met
        self.goals.setVisible(True)
        progress = f"Goals met: {met_count} of {total}" if total else "This scenario has no goals yet."
        self.status.setText(progress + ("   (out of date: re-checking…)" if self.live.stale else ""))

    def _readable(self, colour: QColor) -> QColor:
        """A verdict colour that reads on the theme: lighter on dark and high contrast (green on black)."""
        return colour.lighter(170) if theme.is_dark(self.palette()) else colour

    def _colour(self, item: QListWidgetItem, colour: QColor) -> None:
        item.setData(COLOUR_ROLE, colour)
        item.setForeground(QBrush(self._readable(colour)))

    def _recolour(self) -> None:
        """Another theme: the goals and the prediction's verdict take its colours (green on white, light
        green on black), as they would when listed anew."""
        for i in range(self.goals.count()):
            item = self.goals.item(i)
            if item.data(COLOUR_ROLE) is not None:
                self._colour(item, item.data(COLOUR_ROLE))
        self._colour_result()

    def _colour_result(self, held: bool = False) -> None:
        palette = self.result_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self._readable(theme.NEUTRAL if held else self._result_colour))
        self.result_label.setPalette(palette)

    def met(self) -> list[bool]:
        return [bool(self.goals.item(i).data(MET_ROLE)) for i in range(self.goals.count())]

    def _goal_picked(self, item: QListWidgetItem) -> None:
        index = item.data(GOAL_ROLE)
        if index is not None and item.data(LOAD_ROLE):
            self._chosen = self._doc.scenario.requests[index].name      # the prediction is for this one now
            self._show_step_content()
            self.requestChosen.emit(index)          # a prediction goal: predict first, then Evaluate
        elif index is not None:
            self.goalActivated.emit(index)

    # ----- hints ------------------------------------------------------------------------------------
    def reveal_hint(self) -> None:
        lesson = self.lesson
        if lesson is None or self.run is None:
            return
        self.run.reveal_hint()
        self._save()
        self._show_hints()

    def _show_hints(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        step = lesson.steps[self.step]
        revealed = self.run.hints() if self.run is not None else []
        shown = len(revealed)
        self.hints.set_markdown("\n\n".join(f"**Hint {i + 1}.** {h}" for i, h in enumerate(revealed)))
        self.hints.setVisible(shown > 0)
        left = len(step.hints) - shown
        self.hint_button.setEnabled(left > 0)
        self.hint_button.setText(f"Hint {shown + 1} of {len(step.hints)}" if left else "No more hints")

    # ----- predictions --------------------------------------------------------------------------
    def _evaluated(self, spec) -> None:
        """The learner sent `spec` through: judge the prediction by the engine's result, record it when
        the step asks for it, and clear the picker for the next one."""
        result: Result | None = self.controller.result if self.controller is not None else None
        if result is None or self.controller.spec is not spec:
            return
        # A saved request counts as itself only as saved: one changed in the form is another request.
        sent = spec.name if self.builder is not None and self.builder.shows_saved_request() else None
        pending = self.pending_prediction()
        if pending is not None and sent != pending and self.picker.value() is not None:
            # The prediction was made for the step's request: judging it by another one would mislead.
            self._result_colour = theme.NEUTRAL
            self._colour_result()
            sent_what = f"a changed copy of “{pending}”" if spec.name == pending else f"“{spec.name}”"
            self.result_label.setText(f"You sent {sent_what}, but your prediction is for “{pending}”: it is "
                                      "kept for that request. Press Load the request, then Evaluate.")
            self._fit_heights()
            return
        judgement = judge(self.picker.value(), self.statement.currentData(), result)
        told, right = judgement.words(), judgement.right
        lesson, run = self.lesson, self.run
        asked = lesson is not None and run is not None and sent in lesson.steps[self.step].predict
        recorded = asked and run is not None and sent is not None and run.asks_prediction(sent)

        def reveal() -> None:       # reads `told` as it is when called
            if recorded:
                self._withhold()            # predicted: its answer may show now
            self._show_score()
            self._colour_result()
            self.result_label.setText(told)
            if asked:
                self._show_step_prompt()
            self._fit_heights()
        # predict, then watch: the answer, the goals it ticks, the score and what would flip it wait for the
        # replay's verdict (saving the progress below shows the score: it waits too)
        holding = self.controller.pipeline.verdict_decision is None
        self._held = reveal if holding else None
        if recorded and run is not None and sent is not None:
            first = run.scores(sent)
            run.record_prediction(sent, judgement.predicted, judgement.actual, statement=judgement.statement,
                                  statement_right=judgement.statement_right)
            self._save()
            if judgement.predicted is None:
                told += " Pick an outcome and press Evaluate again to complete this step."
            elif not first:
                told += " (This step's score counts your first try, made without a prediction.)"
        elif asked:
            told += " (This step's score counts your first try.)"
        self._result_colour = {True: theme.ALLOW, False: theme.DENY, None: theme.NEUTRAL}[right]
        self._judged = (sent, result.decision)
        self.picker.clear()
        self.statement.setCurrentIndex(0)
        if holding:
            self._colour_result(held=True)
            self.result_label.setText(("Prediction recorded. " if judgement.predicted is not None else "")
                                      + HELD_TEXT)
            self._fit_heights()
        else:
            reveal()

    def _clear_result(self) -> None:
        self.result_label.setText("")
        self._held = None

    def _verdict_shown(self, _text: str, decision) -> None:
        """The replay reached the verdict: what was held shows now."""
        if self._held is not None and decision is not None:
            reveal, self._held = self._held, None
            reveal()

    def _prompt(self, pending: str) -> None:
        """Ask for the prediction; in a change step whose goals are not all met yet, "Then predict": below the
        goals, it asks about the account once they are met (`LessonRun.changes_left`)."""
        left = self.run.changes_left(self._doc.scenario) if self.run is not None and self._doc.engine else 0
        self.predict_label.setText(f"Then predict “{pending}”:" if left
                                   else f"Predict “{pending}”:")

    def _show_step_prompt(self) -> None:
        keep = self.result_label.text()
        self._show_step()
        self.result_label.setText(keep)

    def _show_score(self) -> None:
        if self._held is not None:          # the new score would tell the answer before the verdict
            return
        if self.progress is None or not self.progress.predictions:
            self.score.setText("")
            self.score.setVisible(False)
            return
        right, asked = self.progress.score()
        none = sum(p.predicted is None for p in self.progress.predictions)
        named_right, named = self.progress.statement_score()
        self.score.setText(f"Predictions in this lesson: {right} of {asked} right"
                           + (f" ({none} without a prediction)" if none else "")
                           + (f"; deciding statements: {named_right} of {named} right" if named else ""))
        self._fit_heights()

    # ----- reset, solution, saving ---------------------------------------------------------------------
    def show_solution(self) -> None:
        """Apply the active step's stored solution to the account, as one undoable step."""
        lesson = self.lesson
        if lesson is None or self.run is None or lesson.steps[self.step].solution is None:
            return
        self._apply(f"Solution of step {self.step + 1}", self.run.solution())

    def reset(self, *, confirm: bool = True) -> None:
        """Back to the lesson as it opened: the account (undoably) and the lesson's progress (asked first)."""
        lesson = self.lesson
        source = self._doc.origin or self._doc.path
        if lesson is None or not source:
            return
        if confirm and QMessageBox.question(
                self, "Reset the lesson?",
                "The account goes back to how the lesson opened (Edit › Undo brings your changes back), and "
                "this lesson's progress starts over: step 1, no hints, no predictions.") \
                != QMessageBox.StandardButton.Yes:
            return
        start = self._start()
        if start is None:
            self.message.emit(f"The lesson file could not be read again: {Path(source).name}")
            return
        self.store.reset(lesson.id)
        self.run = LessonRun(start, LessonProgress(lesson.id))
        self._save()
        if self.controller is not None:     # the lesson starts over: no verdict of before stays on screen
            self.controller.reset()
        self._apply("Reset the lesson", start)
        self._clear_result()
        self._show_step()

    def _apply(self, text: str, state) -> None:
        self._doc.apply(text, become, state)

    def _save(self) -> None:
        if self.progress is None:
            return
        self.store.put(self.progress)
        try:
            self.store.save()
        except OSError as exc:
            self.message.emit(f"Your lesson progress could not be saved: {exc}")
        self._show_score()


class _FittedText(SafeTextBrowser):
    """Step text or hints: asks for no more than its minimum, so that the panel fits its column and the
    text takes what is left over (up to its whole length, see `LessonPanel._fit_heights`)."""

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _tall(widget: QWidget, width: int) -> int:
    """How tall `widget` is laid out at `width` (its wrapped text, its rows)."""
    height = widget.heightForWidth(width)
    return height if height >= 0 else widget.sizeHint().height()


def _document_height(view: SafeTextBrowser) -> int:
    """The height that shows all of `view`'s text (and the scroll bar under a code line too wide for it)."""
    height = math.ceil(view.document().size().height()) + 2 * view.frameWidth() + 2
    if view.document().idealWidth() > view.viewport().width():
        height += view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    return height


def _line() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
