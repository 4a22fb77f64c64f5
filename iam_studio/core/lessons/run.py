"""A learner going through one lesson: the active step, hints revealed, predictions and progress.

The lesson panel only shows what this says; every rule (when a step is done, which hints are
shown, what a prediction scores, what is locked, what "reset" and "show the solution" give) is here.
"""
from __future__ import annotations

from dataclasses import replace

from ..decision import decision_words
from ..scenario.lesson.model import Lesson, PredictGoal, RequestGoal, Step
from ..scenario.lesson.solution import scenario_at_step
from ..scenario.model import Scenario
from .goals import GoalStatus, evaluate_goals
from .progress import LessonProgress, Prediction


class LessonRun:
    """`start` is the account as the lesson file opens; `progress` is resumed (its step is kept in range)."""

    def __init__(self, start: Scenario, progress: LessonProgress | None = None):
        if start.lesson is None:
            raise ValueError("the scenario has no lesson")
        self.start = start
        self.lesson: Lesson = start.lesson
        self.progress = progress if progress is not None else LessonProgress(self.lesson.id)
        self.progress.step = min(max(self.progress.step, 0), len(self.lesson.steps) - 1)
        self._opening: dict[int, list[bool]] = {}     # per step: which of its goals hold as it opens

    # --- where the learner is -----------------------------------------------------------------
    @property
    def index(self) -> int:
        return self.progress.step

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    def go(self, index: int) -> Step:
        """Make step `index` active (kept within the lesson)."""
        self.progress.step = min(max(index, 0), len(self.lesson.steps) - 1)
        return self.step

    def next(self) -> Step:
        return self.go(self.index + 1)

    def previous(self) -> Step:
        return self.go(self.index - 1)

    @property
    def finished(self) -> bool:
        """Every step is done: its goals were all met (a reading step without goals, once it was shown)."""
        return self.progress.finished(len(self.lesson.steps))

    # --- goals ----------------------------------------------------------------------------------
    def goals(self, scenario: Scenario) -> list[GoalStatus]:
        """The active step's goals on the learner's account, its predictions first ("Predict, then
        evaluate: REQUEST", met once a prediction of it was recorded in this step); the step is marked
        done when all are met. The goals of a request still to be predicted are held back (they would
        give the answer away); they still count."""
        predictions = self.prediction_goals()
        opening = self.holds_as_step_opens()
        statuses = predictions + [replace(s, kept=True) if held else s
                                  for s, held in zip(evaluate_goals(scenario, self.step.goals), opening, strict=True)]
        if all(s.met for s in statuses) and (statuses or self.step.is_reading):
            self.progress.done.add(self.index)
        pending = {r for r, s in zip(self.step.predict, predictions, strict=True) if not s.met}
        return [s for s in statuses if not (isinstance(s.goal, RequestGoal) and s.goal.request in pending)]

    def changes_left(self, scenario: Scenario) -> int:
        """How many goals of the active change step the learner's account does not meet yet (goals to keep
        and predictions aside): a prediction such a step asks for is about the account once they are met."""
        if self.step.is_reading:
            return 0
        opening = self.holds_as_step_opens()
        return sum(1 for s, held in zip(evaluate_goals(scenario, self.step.goals), opening, strict=True)
                   if not held and not s.met)

    def holds_as_step_opens(self) -> list[bool]:
        """For each goal of the active step, whether it already holds in the account as the step opens (the
        file with the earlier steps' solutions): in a change step a goal to keep, not one to reach; in a
        reading step (all of them) a description of the account, while what it asks for is its
        predictions. Worked out once per step."""
        found = self._opening.get(self.index)
        if found is None:
            found = self._opening[self.index] = [s.met for s in evaluate_goals(self.reset(), self.step.goals)]
        return found

    def prediction_goals(self) -> list[GoalStatus]:
        """One goal per request the active step asks to predict, met once the learner predicted it and
        evaluated it in this step (a wrong prediction meets it too; evaluating without one does not)."""
        statuses = []
        for request in self.step.predict:
            tries = [p for p in self.progress.predictions if p.step == self.index and p.request == request]
            made = next((p for p in tries if p.predicted is not None), None)
            if made is not None:
                detail = f"you predicted {decision_words(made.predicted)}; AWS decided " \
                         f"{decision_words(made.actual)}"
            elif tries:
                detail = "evaluated without a prediction: pick an outcome, then press Evaluate again"
            else:
                detail = "pick the outcome you expect, then press Evaluate"
            statuses.append(GoalStatus(PredictGoal(request), made is not None, detail, None))
        return statuses

    # --- hints ----------------------------------------------------------------------------------
    def hints(self) -> list[str]:
        """The hints revealed so far for the active step."""
        return self.step.hints[:self.progress.hints.get(self.index, 0)]

    def reveal_hint(self) -> list[str]:
        """Reveal the next hint of the active step (no more than it has); the hints now shown."""
        self.progress.reveal_hint(self.index, len(self.step.hints))
        return self.hints()

    # --- predictions ----------------------------------------------------------------------------
    def asks_prediction(self, request: str) -> bool:
        """Whether the active step asks for a prediction of `request` not made yet in this step (one
        evaluated without a prediction is still asked for; the score keeps that first try)."""
        return request in self.step.predict and not any(
            p.step == self.index and p.request == request and p.predicted is not None
            for p in self.progress.predictions)

    def awaiting_predictions(self) -> set[str]:
        """The requests the active step or a later one asks to predict, with no prediction made in that step
        yet: their answers stay out of sight until then (a view must not tell them first)."""
        made = {(p.step, p.request) for p in self.progress.predictions if p.predicted is not None}
        steps = self.lesson.steps
        return {name for i in range(self.index, len(steps)) for name in steps[i].predict if (i, name) not in made}

    def awaiting_here(self) -> set[str]:
        """The requests the active step asks to predict, with no prediction made in it yet: after an edit the
        window does not show their new verdict unasked (the step's question stays open)."""
        made = {p.request for p in self.progress.predictions if p.step == self.index and p.predicted is not None}
        return {name for name in self.lesson.steps[self.index].predict if name not in made}

    def scores(self, request: str) -> bool:
        """Whether a prediction of `request` recorded now counts in the score: the step's first try does."""
        return not any(p.step == self.index and p.request == request for p in self.progress.predictions)

    def record_prediction(self, request: str, predicted: str | None, actual: str, *,
                          statement: str | None = None, statement_right: bool | None = None) -> Prediction:
        """Record what the learner predicted (None: "no prediction") against the engine's outcome, and the
        statement they guessed decides with its judgement (`guess.judge`), if they named one. A second
        "no prediction" of the same request in the step is not stored again (it changes nothing)."""
        prediction = Prediction(self.index, request, predicted, actual, statement,
                                statement_right if statement is not None else None)
        if predicted is not None or self.scores(request):
            self.progress.predictions.append(prediction)
        return prediction

    # --- the account ----------------------------------------------------------------------------
    def is_locked(self, key: str) -> bool:
        return self.lesson.is_locked(self.index, key)

    def reset(self) -> Scenario:
        """The account as the active step opens (the file with the solutions of the earlier steps)."""
        return scenario_at_step(self.start, self.index)

    def solution(self) -> Scenario:
        """The account after the active step's stored solution."""
        return scenario_at_step(self.start, self.index, solved=True)
