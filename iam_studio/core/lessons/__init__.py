"""Lessons: the `lesson` block of a scenario file, its goals, stored solutions, locks and progress.

The API (Qt-free; the GUI's lesson panel and `iam-studio lesson check` both use it):

- `scenario.lesson` (set by the loader) is a `Lesson` or None: `id`, `level`, `steps`; each `Step` has
  `title`, `text` (Markdown), `goals`, `hints`, `note`, `predict`, `for_reading` (`reading: true`), `locks`,
  `solution`, `is_reading` (no solution).
- `evaluate_goals(scenario, goals)` → a `GoalStatus` per goal (`met`, `detail`, `decision`).
- `scenario_at_step(start, i, solved=False)` → the account as step i opens (or after its solution);
  `apply_solution(scenario, step.solution)` → (new scenario or None, errors), applied to any account.
- `Lesson.locks_at(i)` → what is read-only while step i is active.
- `check_lesson(scenario)` → a `StepReport` per step (what `lesson check` prints; `warning` for a step
  complete as it opens with nothing to do).
- `LessonRun(start, progress)`: the active step, `next()`/`previous()`/`go(i)`, `goals(scenario)` (a
  `PredictGoal` per request to predict first, then the step's goals; marks the step done),
  `reveal_hint()`/`hints()`, `asks_prediction(request)`/`record_prediction(...)`, `is_locked(key)`,
  `reset()` and `solution()` (accounts for the active step), `finished`.
- `judge(predicted, statement, result)` → a `Judgement` (`right`, `statement_right`, `deciding`, `words()`);
  `statement_choices(scenario)` names every statement as the engine names a deciding one.
- `ProgressStore(path).get(lesson_id)` / `.put(progress)` / `.save()`: `LessonProgress` per lesson id.
- `lesson_references(lesson, kind, name)` / `rename_references(lesson, kind, old, new)`: for renames
  and deletes in the scenario.
"""
from ..scenario.lesson.model import CHECKS, CheckGoal, Goal, Lesson, PredictGoal, RequestGoal, Step
from ..scenario.lesson.references import LessonReference, lesson_references, rename_references
from ..scenario.lesson.solution import apply_solution, scenario_at_step
from .check import GoalReport, StepReport, check_lesson
from .goals import GoalStatus, describe_goal, evaluate_goals
from .guess import Judgement, judge, statement_choices
from .progress import LessonProgress, Prediction, ProgressStore
from .run import LessonRun

__all__ = ["CHECKS", "CheckGoal", "Goal", "GoalReport", "GoalStatus", "Judgement", "Lesson", "LessonProgress",
           "LessonReference", "LessonRun", "PredictGoal", "Prediction", "ProgressStore", "RequestGoal", "Step",
           "StepReport",
           "apply_solution", "check_lesson", "describe_goal", "evaluate_goals", "judge", "lesson_references",
           "rename_references", "scenario_at_step", "statement_choices"]
