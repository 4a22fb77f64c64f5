"""A goal that already holds as its step opens reads as one to keep, not as progress the learner made:
"keep: ..." in the list, and the count of goals met leaves it out (lesson 6, step 2: maria must become
able to change her own password, and must still not read li's user details)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QListWidget
from test_lesson_panel_play import click, goals, new_window, open_lesson


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window never waits on the "save changes?" question."""


def status(w) -> str:
    return w.findChild(QLabel, "lessonProgress").text()


def test_a_goal_met_as_the_step_opens_is_listed_as_one_to_keep(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "policy-variables.yaml")
    click(qtbot, w, "lessonNextButton")
    assert goals(w) == ["☐  maria changes her own password: should be allowed (now denied implicitly)",
                        "☑  keep: maria cannot read li's user details: should be denied implicitly"]
    assert status(w) == "Goals met: 0 of 1 · 1 to keep"          # not "1 of 2" before anything was done
    tip = w.findChild(QListWidget, "lessonGoals").item(1).toolTip().replace("\xa0", " ")
    assert "already holds as the step opens: keep it so" in tip

    click(qtbot, w, "lessonSolutionButton")
    assert goals(w)[1].startswith("☑  keep:")
    assert status(w).startswith("All 2 goals met: step complete")


def test_breaking_a_goal_to_keep_is_said_first(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "policy-variables.yaml")
    click(qtbot, w, "lessonNextButton")
    click(qtbot, w, "lessonSolutionButton")
    w.doc.set_policy_document("SelfService", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                                             '"Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "*"}]}')
    qtbot.waitUntil(lambda: goals(w)[1].startswith("☐  keep:"), timeout=3000)
    assert goals(w)[1] == "☐  keep: maria cannot read li's user details: should be denied implicitly (now allowed)"
    assert status(w) == "1 goal to keep no longer holds · goals met: 1 of 1"     # not "1 of 1" first
