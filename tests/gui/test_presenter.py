"""The presenter view: opened only from the View menu, it shows the active step's instructor note."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from iam_studio.gui.presenter import NO_LESSON, PresenterView


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.open_path("scenarios/employee-directory.yaml")
    return window


def _plain(markdown: str) -> str:
    """Markdown as the words a reader sees."""
    from PySide6.QtGui import QTextDocument
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    return " ".join(doc.toPlainText().split())


def _presenter(window, qtbot) -> PresenterView:
    assert window.findChild(PresenterView) is None            # never there until asked for
    next(a for a in window.actions() if a.objectName() == "actionPresenterView").trigger()
    view = window.findChild(PresenterView, "presenterView")
    qtbot.waitExposed(view)
    assert view.isWindow() and view.isVisible()
    return view


def test_notes_follow_the_lesson_panel(window, qtbot):
    view = _presenter(window, qtbot)
    lesson = window.doc.scenario.lesson
    title = view.findChild(QLabel, "presenterStepTitle")
    notes = view.findChild(type(view.notes), "presenterNotes")
    assert notes.accessibleName() == "Instructor notes"
    assert title.text() == f"Step 1 of {len(lesson.steps)}: {lesson.steps[0].title}"

    qtbot.mouseClick(window.lesson.next_button, Qt.MouseButton.LeftButton)     # the learner's panel moves on
    step = lesson.steps[1]
    assert title.text() == f"Step 2 of {len(lesson.steps)}: {step.title}"
    words = " ".join(notes.toPlainText().split())
    assert _plain(step.note) in words if step.note else "No instructor note for this step." in words
    assert "Hints" in words and _plain(step.hints[0]) in words

    qtbot.mouseClick(view.findChild(QPushButton, "presenterPrevButton"), Qt.MouseButton.LeftButton)
    assert window.lesson.step == 0
    assert title.text().startswith("Step 1 of")
    qtbot.mouseClick(view.findChild(QPushButton, "presenterNextButton"), Qt.MouseButton.LeftButton)
    assert window.lesson.step == 1


def test_a_step_with_a_note_shows_it(window, qtbot):
    view = _presenter(window, qtbot)
    lesson = window.doc.scenario.lesson
    index = next(i for i, s in enumerate(lesson.steps) if s.note)
    for _ in range(index):
        qtbot.mouseClick(view.findChild(QPushButton, "presenterNextButton"), Qt.MouseButton.LeftButton)
    assert window.lesson.step == index
    assert _plain(lesson.steps[index].note) in " ".join(view.notes.toPlainText().split())


def test_a_scenario_without_a_lesson(window, qtbot):
    view = _presenter(window, qtbot)
    next(a for a in window.actions() if a.objectName() == "actionNew").trigger()
    assert window.doc.scenario.lesson is None
    assert "has no lesson" in view.notes.toPlainText() and NO_LESSON.startswith("This scenario")
    assert not view.findChild(QPushButton, "presenterNextButton").isEnabled()


def _note_words(view) -> str:
    return " ".join(view.notes.toPlainText().split())


def test_step_changed_follows_next_previous_and_go_to_and_the_presenter_follows_it(window, qtbot):
    panel, lesson = window.lesson, window.doc.scenario.lesson
    view = _presenter(window, qtbot)
    title = view.findChild(QLabel, "presenterStepTitle")
    with qtbot.waitSignal(panel.stepChanged, timeout=1000) as moved:
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert moved.args == [1]
    with qtbot.waitSignal(panel.stepChanged, timeout=1000) as moved:
        qtbot.mouseClick(panel.prev_button, Qt.MouseButton.LeftButton)
    assert moved.args == [0] and title.text().startswith("Step 1 of")
    # A jump from code (the authoring window, a resumed lesson): no button is clicked, the presenter follows.
    last = len(lesson.steps) - 1
    with qtbot.waitSignal(panel.stepChanged, timeout=1000) as moved:
        panel.go_to(last)
    assert moved.args == [last]
    assert title.text() == f"Step {last + 1} of {len(lesson.steps)}: {lesson.steps[last].title}"
    assert _plain(lesson.steps[last].note) in _note_words(view)
    assert not view.findChild(QPushButton, "presenterNextButton").isEnabled()
    # Staying on the step, or a step that is not there, is no change.
    with qtbot.assertNotEmitted(panel.stepChanged):
        panel.go_to(last)
        panel.go_to(last + 1)
        panel.go_to(-1)
    # The presenter's own buttons move the panel, and the signal says so.
    with qtbot.waitSignal(panel.stepChanged, timeout=1000) as moved:
        qtbot.mouseClick(view.findChild(QPushButton, "presenterPrevButton"), Qt.MouseButton.LeftButton)
    assert moved.args == [last - 1] and panel.step == last - 1
    assert _plain(lesson.steps[last - 1].note) in _note_words(view)


def test_step_changed_on_reset_and_on_opening_another_lesson(window, qtbot):
    panel = window.lesson
    view = _presenter(window, qtbot)
    panel.go_to(2)
    with qtbot.waitSignal(panel.stepChanged, timeout=1000) as moved:
        panel.reset(confirm=False)
    assert moved.args == [0] and view.findChild(QLabel, "presenterStepTitle").text().startswith("Step 1 of")
    with qtbot.waitSignal(panel.stepChanged, timeout=1000) as moved:
        window.open_path("scenarios/root-user.yaml")
    assert moved.args == [0]
    root_lesson = window.doc.scenario.lesson
    assert view.findChild(QLabel, "presenterStepTitle").text() == (
        f"Step 1 of {len(root_lesson.steps)}: {root_lesson.steps[0].title}")
    assert _plain(root_lesson.steps[0].note) in _note_words(view)


def test_a_goal_to_keep_is_marked_for_the_instructor(window, qtbot):
    view = _presenter(window, qtbot)
    notes = view.findChild(type(view.notes), "presenterNotes")
    for _ in range(2):                                          # step 3: the app gets uploads, not deletes
        qtbot.mouseClick(window.lesson.next_button, Qt.MouseButton.LeftButton)
    goals = [line.lstrip("•- ") for line in notes.toPlainText().splitlines() if line.rstrip().endswith(
        ("allowed", "implicit deny", "explicit deny"))]
    assert "keep: the app cannot delete photos (least privilege): implicit deny" in goals, goals
    assert any(not g.startswith("keep: ") for g in goals), goals       # the goal to reach is not marked
