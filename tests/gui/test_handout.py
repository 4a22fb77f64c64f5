"""The lesson handout, exported from the window's File menu as HTML and PDF."""
import pytest
from PySide6.QtWidgets import QFileDialog

from iam_studio.core.engine.engine import Engine
from iam_studio.core.lessons import RequestGoal, scenario_at_step


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.open_path("scenarios/how-aws-decides.yaml")
    return window


def _export(window, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    next(a for a in window.actions() if a.objectName() == "actionExportHandout").trigger()


def test_html_handout_has_steps_canvas_goals_and_the_engines_words(window, monkeypatch, tmp_path):
    out = tmp_path / "handout.html"
    _export(window, monkeypatch, out)
    text = out.read_text(encoding="utf-8")
    sc = window.doc.scenario
    assert text.startswith("<!DOCTYPE html>") and 'src="data:image/png;base64,' in text
    for i, step in enumerate(sc.lesson.steps):
        assert f"Step {i + 1}. {step.title}" in text
    # each request goal: its name and the engine's decision and reason after the step's stored solution
    i, step = next((i, s) for i, s in enumerate(sc.lesson.steps)
                   if s.solution is not None and any(isinstance(g, RequestGoal) for g in s.goals))
    goal = next(g for g in step.goals if isinstance(g, RequestGoal))
    solved = scenario_at_step(sc, i, solved=True)
    spec = next(r for r in solved.requests if r.name == goal.request)
    result = Engine(solved).evaluate(spec, explain=True)
    import html
    assert html.escape(goal.request) in text
    assert f"AWS decides after the solution: <b>{result.decision.words}</b> — {html.escape(result.reason)}" in text
    assert html.escape(result.trace[0].message) in text


def test_pdf_handout_is_written(window, monkeypatch, tmp_path):
    out = tmp_path / "handout.pdf"
    _export(window, monkeypatch, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000       # text and the canvas image


def test_a_wrong_suffix_is_reported_not_written(window, monkeypatch, tmp_path):
    reported = []
    monkeypatch.setattr(window, "report", lambda message, hint: reported.append(message))
    _export(window, monkeypatch, tmp_path / "handout.docx")
    assert reported and ".html or .pdf" in reported[0]
    assert not (tmp_path / "handout.docx").exists()
