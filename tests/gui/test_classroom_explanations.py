"""Explanations that teach, in two depths the learner switches, with the engine's words made readable."""
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItemIterator

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.document import ScenarioDocument
from iam_studio.gui.pipeline import TraceView

LESSON = Path(__file__).parents[2] / "scenarios" / "employee-directory.yaml"


def _texts(view) -> list[str]:
    out, it = [], QTreeWidgetItemIterator(view.tree)
    while it.value():
        out.append(it.value().text(0).replace("\u200b", ""))
        it += 1
    return out


def _view(qtbot, expect):
    scenario, _ = load_scenario(str(LESSON))
    view = TraceView(ScenarioDocument(scenario, str(LESSON)))
    qtbot.addWidget(view)
    spec = next(r for r in scenario.requests if r.expect == expect)
    view.show_result(Engine(scenario).evaluate(spec, explain=True))
    return view


def test_beginner_and_detailed_depths(qtbot):
    view = _view(qtbot, "explicit_deny")
    assert view.depth_combo.currentData() == "beginner"
    beginner = _texts(view)
    assert any("overrides" in t and "S3PhotosReadWrite" in t for t in beginner)   # the allow it overrides
    assert not any("request context has" in t for t in beginner)                  # no filler for beginners
    view.depth_combo.setCurrentIndex(view.depth_combo.findData("detailed"))
    detailed = _texts(view)
    assert len(detailed) > len(beginner)
    assert any(t.startswith("✓  Action:") for t in detailed)                     # every element and value
    for text in beginner + detailed:
        assert "`" not in text and "explicit_deny" not in text and "**" not in text


def test_unmatched_elements_list_the_patterns_and_values_wrap_whole(qtbot):
    view = _view(qtbot, "implicit_deny")
    view.depth_combo.setCurrentIndex(view.depth_combo.findData("detailed"))
    unmatched = [t for t in _texts(view) if t.startswith("✗  Action:") or t.startswith("✗  Resource:")]
    assert unmatched and all("matches none of" in t for t in unmatched)
    assert view.tree.textElideMode() == Qt.TextElideMode.ElideNone
