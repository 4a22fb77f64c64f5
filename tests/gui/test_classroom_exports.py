"""Exports for handouts: PNG, SVG and PDF of the canvas and of the pipeline at its current step, with the
legend, at a chosen scale, without the trace's dimming unless asked."""
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from iam_studio.gui import themes
from iam_studio.gui.main_window import MainWindow

SCENARIO = Path(__file__).parents[2] / "scenarios" / "employee-directory.yaml"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def traced(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_path(str(SCENARIO))
    deny = next(i for i, r in enumerate(w.doc.scenario.requests) if r.expect == "explicit_deny")
    w.builder.load_request(deny)
    w.action_bar.evaluate()
    w.pipeline.player.pause()
    w.pipeline.player.seek(w.pipeline.player.count - 1)
    assert w.canvas.highlighted                              # the trace dims what is off its path
    return w


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_diagram_and_pipeline_in_every_format(traced, tmp_path, suffix):
    for what in ("diagram", "pipeline"):
        path = tmp_path / f"{what}{suffix}"
        assert traced.export(what, str(path), scale=1.5, dimmed=False)
        data = path.read_bytes()
        assert data[:4] in (b"\x89PNG", b"<?xm", b"%PDF") or b"<svg" in data[:400], what
    svg = (tmp_path / "diagram.svg").read_text() if suffix == ".svg" else ""
    if svg:
        assert "member of" in svg                               # the legend is in the handout
        dim = f"{themes.dimmed_opacity():g}"
        assert f'opacity="{dim}"' not in svg and f'fill-opacity="{dim}"' not in svg
    if suffix == ".svg":
        assert "DENY" in (tmp_path / "pipeline.svg").read_text()     # the verdict step is drawn


def test_scale_and_dimming_are_choices(traced, tmp_path):
    small, big = tmp_path / "s.png", tmp_path / "b.png"
    traced.export("diagram", str(small), scale=1.0, dimmed=False)
    traced.export("diagram", str(big), scale=2.0, dimmed=False)
    assert QImage(str(big)).width() > 1.8 * QImage(str(small)).width()
    kept = tmp_path / "dim.svg"
    traced.export("diagram", str(kept), scale=1.0, dimmed=True)
    dim = themes.dimmed_opacity()
    assert f"{dim:g}" in kept.read_text()
    assert all(n.opacity() in (dim, 1.0) for n in traced.canvas.nodes.values())   # the window is as before
    assert any(abs(n.opacity() - dim) < 1e-6 for n in traced.canvas.nodes.values())


def test_a_dimmed_name_keeps_a_readable_contrast_in_every_theme():
    """Off the request's path, names are faint but read at 3:1 on the account frame in each theme (the dark
    themes' 0.25 gave about 1.9:1)."""
    from PySide6.QtGui import QColor
    from test_classroom_walk import contrast

    from iam_studio.gui.themes import DIMMED_CONTRAST, THEME_NAMES, THEMES, dimmed_opacity
    for name in THEME_NAMES:
        alpha, text, back = dimmed_opacity(name), QColor(THEMES[name]["text"]), QColor(THEMES[name]["boundary_fill"])
        assert 0.25 <= alpha < 1.0
        mixed = QColor.fromRgbF(*(b + alpha * (f - b) for f, b in ((text.redF(), back.redF()),
                                                                   (text.greenF(), back.greenF()),
                                                                   (text.blueF(), back.blueF()))))
        assert contrast(mixed, back) >= DIMMED_CONTRAST - 0.01, name
