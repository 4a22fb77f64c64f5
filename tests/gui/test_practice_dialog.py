"""Practice drills in the window: pick, predict, reveal the engine's answer, count the streak."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from iam_studio.core.engine.engine import Engine
from iam_studio.gui.main_window import MainWindow
from iam_studio.gui.practice import CHOICES, PracticeDialog

TWO_USERS = """\
iam_studio: 1
account: "111122223333"
policies:
  List:
    document:
      Version: "2012-10-17"
      Statement:
        - {Effect: Allow, Action: s3:ListAllMyBuckets, Resource: "*"}
users:
  ann: {policies: [List]}
  kim: {}
"""


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.open_path("scenarios/access-keys-authentication.yaml")
    return window


def _open(window, qtbot) -> PracticeDialog:
    window.findChild(type(window.actions()[0]), "actionPractice").trigger()
    dialog = window.findChild(PracticeDialog, "practiceDialog")
    qtbot.waitExposed(dialog)
    return dialog


def test_predict_reveal_and_streak(window, qtbot):
    dialog = _open(window, qtbot)
    question = dialog.findChild(QLabel, "practiceQuestion")
    result = dialog.findChild(QLabel, "practiceResult")
    streak = dialog.findChild(QLabel, "practiceStreak")
    assert question.text() and "asks for" in question.text()
    for _, name in CHOICES.values():
        button = dialog.findChild(QPushButton, name)
        assert button.isEnabled() and button.accessibleName().startswith("Predict:")

    truth = Engine(window.doc.scenario).evaluate(dialog.practice.current.request)
    qtbot.mouseClick(dialog.findChild(QPushButton, CHOICES[truth.decision][1]), Qt.MouseButton.LeftButton)
    assert result.text().startswith(f"Right! AWS decides: {truth.decision.words}.")
    assert truth.reason in result.text()
    assert streak.text().startswith("Streak: 1")
    assert not dialog.findChild(QPushButton, "practiceAllowed").isEnabled()     # one answer per drill

    qtbot.mouseClick(dialog.findChild(QPushButton, "practiceNext"), Qt.MouseButton.LeftButton)
    assert result.text() == ""
    truth = Engine(window.doc.scenario).evaluate(dialog.practice.current.request).decision
    wrong = next(d for d in CHOICES if d is not truth)
    qtbot.mouseClick(dialog.findChild(QPushButton, CHOICES[wrong][1]), Qt.MouseButton.LeftButton)
    assert result.text().startswith(f"Not quite: you said {wrong.words}. AWS decides: {truth.words}.")
    assert streak.text() == "Streak: 0  ·  best 1  ·  1 of 2 right"

    qtbot.mouseClick(dialog.findChild(QPushButton, "practiceNext"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.findChild(QPushButton, "practiceReveal"), Qt.MouseButton.LeftButton)
    assert result.text().startswith("No prediction.")
    assert streak.text().endswith("1 of 3 right")


def test_an_empty_scenario_says_there_is_nothing_to_practise(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    dialog = PracticeDialog(w.doc, w, seed=1)
    qtbot.addWidget(dialog)
    assert "no user, role or saved request" in dialog.findChild(QLabel, "practiceQuestion").text()
    assert not dialog.findChild(QPushButton, "practiceAllowed").isEnabled()


def test_a_drill_whose_principal_was_deleted_says_so(window, qtbot, tmp_path):
    from iam_studio.core.scenario import edits
    path = tmp_path / "two.yaml"
    path.write_text(TWO_USERS)
    assert window.open_path(str(path))
    dialog = _open(window, qtbot)
    while dialog.practice.current.request.principal != "user/kim":
        qtbot.mouseClick(dialog.findChild(QPushButton, "practiceNext"), Qt.MouseButton.LeftButton)
    window.doc.apply("Delete kim", edits.delete_node, "user/kim")
    qtbot.mouseClick(dialog.findChild(QPushButton, "practiceAllowed"), Qt.MouseButton.LeftButton)
    assert "cannot be evaluated any more" in dialog.findChild(QLabel, "practiceResult").text()
    assert not dialog.findChild(QPushButton, "practiceAllowed").isEnabled()
    qtbot.mouseClick(dialog.findChild(QPushButton, "practiceNext"), Qt.MouseButton.LeftButton)
    assert "user/kim" not in dialog.findChild(QLabel, "practiceQuestion").text()
