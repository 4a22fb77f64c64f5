"""The main window: canvas in the centre, panels in docks, files, undo, themes and presentation mode."""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import cast

from PySide6.QtCore import QByteArray, QEvent, QSettings, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from ..core.diagnostics import Diagnostic
from ..core.resource_files import resource_path
from . import autosave as autosave_mod
from . import wheel_guard
from .action_bar import ActionBar
from .autosave import Autosave
from .canvas import CanvasView
from .document import ScenarioDocument
from .editor.policy_editor import PolicyEditor
from .editor.request_builder import RequestBuilder
from .export import FORMATS, export_canvas, export_pipeline
from .glossary import GlossaryPanel
from .help import GuidedTour, about_text, shortcuts_dialog
from .lessons.panel import LessonPanel
from .loading import OpenProgress, is_big, read_in_background
from .pipeline.controller import PipelineController
from .pipeline.trace_view import TraceView
from .pipeline.view import PipelineView
from .safe_text import shortened
from .start_screen import StartScreen, bundled_dir
from .themes import THEME_LABELS, appearance, apply_theme

SCENARIO_FILTER = "Scenarios (*.yaml *.yml *.json);;All files (*)"
MAX_RECENT = 8
TITLE_CHARS = 80            # of the scenario's title, in the window's title bar
PRESENTATION_SCALE = 1.3      # the UI font at 19 px: no word on screen below 18 px, room for the diagrams
DOCK_LAYOUT_VERSION = 2       # raise it when the default dock layout changes: an older saved one is not restored
PIPELINE_SHARE = 0.6         # of the window's height, for the pipeline row in presentation mode
DIAGRAM_SHARE = 0.3          # of the window's width: less, after a resize, and the panels give theirs back


class MainWindow(QMainWindow):
    presentationChanged = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(QIcon(str(resource_path("icons", "iam-studio.svg"))))
        self.setAccessibleName("IAM Studio")
        self.settings = QSettings("IAM Studio", "IAM Studio")
        self.doc = ScenarioDocument(parent=self)
        self.last_error = None
        self._presentation = False
        self.theme = str(self.settings.value("theme", "light"))
        if self.theme not in THEME_LABELS:
            self.theme = "light"
        self.ui_scale = 1.0
        self.canvas = CanvasView(self.doc)
        self.start = StartScreen()
        self.start.openRequested.connect(self.open_path)
        self.start.newRequested.connect(self.new_file)
        self.start.openDialogRequested.connect(self.open_dialog)
        self.start.backRequested.connect(lambda: self._show_start_page(False))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.start)
        self._work_state = QByteArray()   # the panels as they were when the start screen put them away
        self._sizes_pending = False       # the default panel sizes wait for the panels to come back
        self._tour_pending = False        # the first start's tour waits for the diagram
        self.stack.setMinimumSize(200, 120)       # the start screen's size must not squeeze the docks
        self.setCentralWidget(self.stack)
        self.docks: dict[str, QDockWidget] = {}
        self.panels: dict[str, object] = {}
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.editor = PolicyEditor(self.doc)
        self.builder = RequestBuilder(self.doc)
        self.pipeline = PipelineView(self.doc)
        self.trace = TraceView(self.doc)
        self.lesson = LessonPanel(self.doc)
        self.presenter: QWidget | None = None          # the presenter view, made when first asked for
        self.practice: QDialog | None = None           # the practice window, one at a time
        self.authoring: QDialog | None = None          # instructor mode, made when first asked for
        self._add_dock("editorDock", "Policy editor", _scrolling(self.editor, fill=True), right)
        self._add_dock("requestDock", "Request", _scrolling(self.builder), left)
        self._add_dock("pipelineDock", "Pipeline", self.pipeline, bottom)
        self._add_dock("traceDock", "Explanation", self.trace, bottom)
        self._add_dock("lessonDock", "Lesson", _scrolling(self.lesson), left)
        self.controller = PipelineController(self.doc, self.builder, self.pipeline, self.trace, self.editor)
        self.controller.highlightPath.connect(self.canvas.highlight_path)
        self.controller.clearHighlight.connect(self.canvas.clear_highlight)
        self.controller.evaluated.connect(self._show_pipeline)
        self.lesson.goalActivated.connect(self.try_goal)
        self.lesson.connect_pipeline(self.controller, self.builder)
        self.lesson.flips.answered.connect(self.trace.show_flips)
        self.lesson.requestChosen.connect(self.builder.load_request)
        self.lesson.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.lesson.lessonOpened.connect(self.show_lesson)
        self.glossary = GlossaryPanel()
        self._add_dock("glossaryDock", "Glossary", self.glossary, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["editorDock"], self.docks["glossaryDock"])
        self.docks["editorDock"].raise_()
        # the left column, the window's full height: Lesson | Request (a lesson step needs no scrolling at
        # 1280x720); the pipeline row below the diagram and the editor
        self.tabifyDockWidget(self.docks["lessonDock"], self.docks["requestDock"])
        self.docks["requestDock"].raise_()
        self.tabifyDockWidget(self.docks["pipelineDock"], self.docks["traceDock"])
        self.docks["pipelineDock"].raise_()
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, bottom)
        self.action_bar = ActionBar(self.builder, self.pipeline, self)
        self.action_bar.needsRequest.connect(self.show_request)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.action_bar)
        self.tour = GuidedTour(self)
        self._make_menus()
        self.status = QLabel("")
        self.status.setObjectName("statusText")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status, 1)
        self.canvas.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.doc.pathChanged.connect(self._update_title)
        self.doc.dirtyChanged.connect(self._update_title)
        self.doc.changed.connect(self._update_title)
        self.doc.nodesMoved.connect(self._update_title)
        self.doc.changed.connect(self._show_drafts)
        self.setAcceptDrops(True)
        self.wheel_guard = wheel_guard.install(_application())
        self.autosave = Autosave(self.doc, self)
        self.autosave.failed.connect(lambda message: self.statusBar().showMessage(message))
        self.resize(1400, 900)
        geometry = self.settings.value("geometry")
        self.first_run = geometry is None
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.default_state = self.saveState()
        state = self.settings.value("windowState")
        if state is None or not self.restoreState(state, DOCK_LAYOUT_VERSION):
            self._sizes_pending = True
            QTimer.singleShot(0, self._default_sizes)      # once the window has its real size
        appearance().changed.connect(self._restyle_docks)
        apply_theme(_application(), self.theme, self.ui_scale)
        self.canvas.set_theme(self.theme)
        self._update_title()
        self._refresh_recent()
        self._show_start_page(True)

    def try_goal(self, index: int) -> None:
        """A lesson goal picked in the Lesson tab: put its request in the builder and send it through."""
        if 0 <= index < len(self.doc.scenario.requests):
            self.builder.load_request(index)
            self.builder.evaluate()

    def show_start(self) -> None:
        """The start screen, with each lesson's progress as it is now (and a way back to the open scenario)."""
        self._refresh_recent()
        self.start.set_back(Path(self.doc.path or self.doc.origin or "").name or "Untitled")
        self._show_start_page(True)

    @property
    def on_start_page(self) -> bool:
        return self.stack.currentWidget() is self.start

    def _show_start_page(self, on: bool) -> None:
        """The start screen has the whole window (at 1280x720 the centre left it a few lines): the panels
        and the action bar are put away while it shows, and come back as they were, or in the presentation
        layout, when a scenario opens (or Back is pressed)."""
        if on == self.on_start_page:
            return
        if on:
            self._work_state = self.saveState()
            for dock in self.docks.values():
                dock.hide()
            self.action_bar.hide()
            self.stack.setCurrentWidget(self.start)
            self.start.bundled.setFocus()
            return
        self.start.set_back(None)
        self.stack.setCurrentWidget(self.canvas)
        self.action_bar.show()
        if self._presentation:
            self._presentation_layout()
        else:
            self.restoreState(self._work_state)
            if self.doc.scenario.lesson is not None:
                self.show_lesson()
        if self._sizes_pending:
            QTimer.singleShot(0, self._default_sizes)
        if self._tour_pending:
            self._tour_pending = False
            QTimer.singleShot(0, self.tour.start)       # once the panels have their places

    def show_lesson(self) -> None:
        """A lesson opened: its panel comes forward (once the start screen gives the panels back)."""
        if self.on_start_page:
            return
        dock = self.docks["lessonDock"]
        dock.show()
        dock.raise_()

    def show_request(self) -> None:
        """The request form comes forward (Evaluate found it incomplete), unless the start screen is up."""
        if self.on_start_page:
            return
        dock = self.docks["requestDock"]
        dock.show()
        dock.raise_()

    def step_request(self, delta: int) -> None:
        """Load the next (or previous) saved request into the builder and evaluate it: keyboard-only teaching."""
        count = len(self.doc.scenario.requests)
        if not count:
            return
        current = self.builder.index
        self.builder.load_request(0 if current is None else (current + delta) % count)
        self.builder.evaluate()

    # ----- panels ----------------------------------------------------------------------------------
    def _default_sizes(self) -> None:
        """The lesson/request column and the editor about 30% of the width each, the pipeline row 40%
        (when the panels are out: the start screen puts them away)."""
        if self.on_start_page:
            return
        self._sizes_pending = False
        column = max(int(self.width() * 0.3), 400, self.builder.minimumSizeHint().width() + 24)
        self.resizeDocks([self.docks["lessonDock"]], [column], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["editorDock"]], [int(self.width() * 0.28)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["pipelineDock"]], [int(self.height() * 0.4)], Qt.Orientation.Vertical)

    def _add_dock(self, name: str, title: str, widget, area) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        self.panels[name] = widget

    # ----- menus -----------------------------------------------------------------------------------
    def _action(self, menu, name: str, text: str, slot, shortcut=None, checkable=False) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.setCheckable(checkable)
        a.triggered.connect(slot)
        menu.addAction(a)
        self.addAction(a)
        return a

    def _make_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self._action(f, "actionNew", "&New", self.new_file, QKeySequence.StandardKey.New)
        self._action(f, "actionOpen", "&Open…", lambda: self.open_dialog(), QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self._action(f, "actionSave", "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(f, "actionSaveAs", "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        self._action(f, "actionExportDiagram", "Export diagram (PNG, SVG, PDF)…", lambda: self.export("diagram"))
        self._action(f, "actionExportPipeline", "Export pipeline with the current step…",
                     lambda: self.export("pipeline"))
        self._action(f, "actionExportHandout", "Export lesson handout (HTML, PDF)…", lambda: self.export_handout())
        f.addSeparator()
        self._action(f, "actionQuit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu("&Edit")
        undo = self.doc.undo_stack.createUndoAction(self, "&Undo")
        undo.setObjectName("actionUndo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.doc.undo_stack.createRedoAction(self, "&Redo")
        redo.setObjectName("actionRedo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        e.addActions([undo, redo])
        v = mb.addMenu("&View")
        self._action(v, "actionStart", "Start screen", self.show_start)
        for dock in self.docks.values():
            v.addAction(dock.toggleViewAction())
        self._action(v, "actionResetLayout", "Reset panel layout", self.reset_layout)
        legend = self._action(v, "actionLegend", "Legend", lambda on: self.canvas.legend.setVisible(on), checkable=True)
        legend.setChecked(True)
        v.addSeparator()
        self._action(v, "actionZoomIn", "Zoom in", lambda: self.set_ui_scale(self.ui_scale + 0.1), "Ctrl+=")
        self._action(v, "actionZoomOut", "Zoom out", lambda: self.set_ui_scale(self.ui_scale - 0.1), "Ctrl+-")
        self._action(v, "actionZoomReset", "Actual size", lambda: self.set_ui_scale(1.0), "Ctrl+0")
        themes = v.addMenu("Theme")
        themes.setObjectName("themeMenu")
        self.theme_actions = QActionGroup(self)
        self.theme_actions.setExclusive(True)
        for key, label in THEME_LABELS.items():
            a = self._action(themes, f"actionTheme_{key}", label, lambda _=False, k=key: self.set_theme(k),
                             checkable=True)
            a.setChecked(key == self.theme)
            self.theme_actions.addAction(a)
        self.presentation_action = self._action(v, "actionPresentation", "Presentation mode",
                                                lambda _on: self.toggle_presentation(), "F11", checkable=True)
        self._action(v, "actionPresenterView", "Presenter view (instructor notes)", self.open_presenter_view)
        self._action(v, "actionAuthoring", "Instructor mode: author the lesson…", self.open_authoring)
        r = mb.addMenu("&Request")
        self._action(r, "actionEvaluate", "&Evaluate", self.action_bar.evaluate, "Ctrl+Return")
        self._action(r, "actionNextRequest", "&Next saved request", lambda: self.step_request(1), "Alt+Down")
        self._action(r, "actionPreviousRequest", "&Previous saved request", lambda: self.step_request(-1),
                     "Alt+Up")
        r.addSeparator()
        self._action(r, "actionStepForward", "Step forward (Space in the pipeline)", self.pipeline.player.next,
                     "Alt+Right")
        self._action(r, "actionStepBack", "Step back", self.pipeline.player.previous, "Alt+Left")
        r.addSeparator()
        self._action(r, "actionPractice", "Practice drills…", self.open_practice, "Ctrl+Shift+D")
        h = mb.addMenu("&Help")
        self._action(h, "actionGlossary", "Glossary", self.show_glossary)
        self._action(h, "actionShortcuts", "Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(h, "actionTour", "Guided tour", self.tour.start)
        h.addSeparator()
        self._action(h, "actionAbout", "About IAM Studio", self.show_about)

    def reset_layout(self) -> None:
        """The panels as the app first lays them out (on the start screen: once they come back)."""
        self._sizes_pending = True          # the column, editor and pipeline shares of the window, as at first
        if self.on_start_page:
            self._work_state = self.default_state
        else:
            self.restoreState(self.default_state)
            if self.doc.scenario.lesson is not None:
                self.show_lesson()
            QTimer.singleShot(0, self._default_sizes)

    def show_glossary(self) -> None:
        self.docks["glossaryDock"].show()
        self.docks["glossaryDock"].raise_()

    def open_presenter_view(self) -> None:
        """A second window with the active step's instructor notes (gui/presenter.py), made once."""
        from .presenter import PresenterView
        if self.presenter is None:
            self.presenter = PresenterView(self.doc, self.lesson, self)
        self.presenter.show()
        self.presenter.raise_()

    def open_authoring(self) -> None:
        """The authoring tools for the open scenario's lesson (gui/authoring.py), made once."""
        from .authoring import AuthoringDialog
        if self.authoring is None:
            self.authoring = AuthoringDialog(self.doc, self.builder, self.lesson, self)
        self.authoring.show()
        self.authoring.raise_()

    def open_practice(self) -> None:
        """Drills on the open scenario: predict, then the engine's answer (gui/practice.py)."""
        from .practice import PracticeDialog
        if self.practice is not None:
            self.practice.close()
            self.practice.deleteLater()
        self.practice = PracticeDialog(self.doc, self)
        self.practice.show()

    # ----- help -------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        self.shortcuts = shortcuts_dialog(self)
        self.shortcuts.show()

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "About IAM Studio", about_text(), QMessageBox.StandardButton.Ok,
                          self)
        box.setObjectName("aboutBox")
        box.setIconPixmap(self.windowIcon().pixmap(96, 96))
        box.setModal(False)
        box.show()
        self.about = box
        return box

    def maybe_start_tour(self) -> bool:
        """On the very first start without a file: the short tour (skippable, again from Help), over the
        diagram once the learner opens a lesson or a new scenario (the start screen hides what it shows)."""
        if self.settings.value("tourDone", False, type=bool):
            return False
        if self.on_start_page:
            self._tour_pending = True
        else:
            self.tour.start()
        return True

    # ----- title, recent files -----------------------------------------------------------------------
    def _update_title(self, *_):
        if self.doc.path:
            name = Path(self.doc.path).name
        elif self.doc.origin:
            name = f"{Path(self.doc.origin).name} (lesson copy: Save As to keep it)"
        else:
            name = "Untitled"
        title = shortened(self.doc.scenario.title, TITLE_CHARS)
        self.setWindowTitle(f"{name}[*] — {title} — IAM Studio")
        self.setWindowModified(self.doc.dirty)

    def _show_drafts(self) -> None:
        """Say, for as long as it is true, that the engine works on the last valid version of a draft."""
        drafts = sorted(self.doc.drafts)
        self.status.setText(f"Not valid yet: {', '.join(drafts)}. Evaluations and Save use the last valid "
                            "version until the policy editor shows no errors." if drafts else "")

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            self.recent_menu.addAction(path, partial(self.open_path, path))
        self.recent_menu.setEnabled(bool(self.recent_files()))
        self.start.set_recent(self.recent_files())

    # ----- files -------------------------------------------------------------------------------------
    def ask_save_changes(self) -> QMessageBox.StandardButton:
        text = "This scenario has changes that are not saved. Save them first?"
        drafts = self.doc.drafts
        if drafts:
            text += (f"\n\n{len(drafts)} policy text(s) are not valid yet ({', '.join(sorted(drafts))}): "
                     "a file can hold only valid policies, so saving keeps their last valid version and "
                     "discarding drops the draft.")
        return QMessageBox.question(
            self, "Unsaved changes", text,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current scenario (saved, discarded, or nothing to save)."""
        self.doc.commit_pending()
        if not self.doc.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_file(self) -> None:
        if self.maybe_save():
            self.doc.new()
            self._show_start_page(False)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a scenario", "", SCENARIO_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open a scenario file; problems are shown (the current scenario stays open)."""
        if not self.maybe_save():
            return False
        if not Path(path).is_file():
            self.report(f"`{path}` does not exist or is not a file", "check the name, or choose File > Open")
            return False
        try:
            diags = self._load(path)
        except Exception as exc:  # a broken file must never close the app
            self.report(f"`{Path(path).name}` could not be read: {exc}", "is it a scenario file (YAML or JSON)?")
            return False
        if diags is None:
            self.statusBar().showMessage(f"Opening {Path(path).name} was cancelled", 5000)
            return False
        errors = [d for d in diags if d.is_error]
        if errors:
            listing = "\n".join(d.format() for d in errors[:8])
            more = f"\n… and {len(errors) - 8} more" if len(errors) > 8 else ""
            self.report(f"`{Path(path).name}` has {len(errors)} problem(s) and was not opened", listing + more)
            return False
        self._remember(path)
        self._show_start_page(False)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def _load(self, path: str) -> list[Diagnostic] | None:
        """Load `path` into the document; a big file is read in a worker behind a progress dialog with
        Cancel (gui/loading.py), None when cancelled (the document is as it was)."""
        if not is_big(path):
            return self.doc.load(path, as_copy=is_bundled(path))
        dialog = OpenProgress(path, Path(path).stat().st_size, self)
        try:
            loaded = read_in_background(path, dialog)
            if loaded is None or loaded.scenario is None:
                return None if loaded is None else loaded.diagnostics
            if loaded.plan is not None:
                self.canvas.use_plan(loaded.plan)
            self.canvas.progress = dialog.drawing
            try:
                self.doc.adopt(path, loaded.scenario, as_copy=is_bundled(path))
            finally:
                self.canvas.progress = None
            return loaded.diagnostics
        finally:
            dialog.close()
            dialog.deleteLater()

    def save(self) -> bool:
        """Ctrl+S: write the file; a lesson copy or a new scenario asks where first (Save As)."""
        self.doc.commit_pending()
        if not self.doc.path:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        self.doc.commit_pending()
        path, _ = QFileDialog.getSaveFileName(self, "Save the scenario", self._save_as_start(), SCENARIO_FILTER)
        return bool(path) and self._save_to(path)

    def _save_as_start(self) -> str:
        """Where Save As starts: the file itself, else the user's documents (never the lessons folder)."""
        if self.doc.path and not is_bundled(self.doc.path):
            return self.doc.path
        name = Path(self.doc.origin or self.doc.path or "scenario.yaml").name
        return str(_documents() / name)

    def _export_start(self, what: str, suffix: str) -> str:
        """Where an export starts: the folder of the last export, else beside the open file, else the user's
        documents (as Save As; never the lessons folder or the process's working directory), named after the
        scenario and what is exported."""
        own = self.doc.path if self.doc.path and not is_bundled(self.doc.path) else None
        last = str(self.settings.value("exportFolder", "") or "")
        if last and Path(last).is_dir():
            folder = Path(last)
        elif own:
            folder = Path(own).parent
        else:
            folder = _documents()
        stem = Path(self.doc.origin or self.doc.path or "scenario").stem
        return str(folder / f"{stem}-{what}{suffix}")

    def _exported(self, path: str) -> None:
        self.settings.setValue("exportFolder", str(Path(path).resolve().parent))
        self.statusBar().showMessage(f"Exported {path}", 5000)

    def _save_to(self, path: str) -> bool:
        if is_bundled(path):
            self.report("the bundled lessons are read-only originals, so they are never overwritten",
                        "choose another folder with File > Save As (your documents folder, for example)")
            return False
        try:
            self.doc.save(path)
        except (OSError, ValueError) as exc:
            self.report(f"could not save: {exc}", "choose another folder with File > Save As")
            return False
        drafts = self.doc.drafts
        if drafts:
            self.statusBar().showMessage(
                f"Saved. {len(drafts)} policy text(s) that are not valid yet kept their last valid version "
                "in the file; the drafts stay open here.", 8000)
        else:
            self.statusBar().showMessage(f"Saved {path}", 5000)
        self._remember(path)
        return True

    def export(self, what: str, path: str | None = None, scale: float | None = None, dimmed: bool | None = None
               ) -> bool:
        """Export the diagram or the pipeline for a handout; asks for the file, the scale and (diagram)
        whether to keep the trace's dimming, unless given."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, f"Export the {what}", self._export_start(what, ".png"),
                                                  ";;".join(FORMATS.values()))
            if not path:
                return False
        if scale is None:
            scale, ok = QInputDialog.getDouble(self, "Export", "Scale (1 = as on screen, 2 = twice as sharp):",
                                               2.0, 0.5, 8.0, 1)
            if not ok:
                return False
        if dimmed is None:
            dimmed = what == "diagram" and bool(self.canvas.highlighted) and QMessageBox.question(
                self, "Export", "Keep the dimming of the nodes off the traced path?") == QMessageBox.StandardButton.Yes
        try:
            if what == "pipeline":
                export_pipeline(self.pipeline, path, scale)
            else:
                export_canvas(self.canvas, path, scale, dimmed=bool(dimmed))
        except OSError as exc:
            self.report(str(exc), "choose a folder you can write to")
            return False
        self._exported(path)
        return True

    def export_handout(self, path: str | None = None) -> bool:
        """The lesson's handout (gui/handout.py): steps, the canvas, each goal's request and trace."""
        import tempfile

        from .handout import write_handout
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the lesson handout",
                                                  self._export_start("handout", ".html"),
                                                  "HTML page (*.html);;PDF document (*.pdf)")
            if not path:
                return False
        self.doc.commit_pending()
        try:
            with tempfile.TemporaryDirectory() as folder:
                image = str(Path(folder) / "canvas.png")
                export_canvas(self.canvas, image, 1.5)
                write_handout(self.doc.scenario, path, Path(image).read_bytes())
        except OSError as exc:
            self.report(str(exc), "choose a folder you can write to, and a name ending in .html or .pdf")
            return False
        self._exported(path)
        return True

    def report(self, message: str, hint: str) -> QMessageBox:
        """A non-modal message for a user error, with a hint."""
        box = QMessageBox(QMessageBox.Icon.Warning, "IAM Studio", message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("userMessage")
        box.setTextFormat(Qt.TextFormat.PlainText)      # the message and the hint alike: shown as written
        box.setInformativeText(hint)
        box.setModal(False)
        box.show()
        self.last_error = box
        return box

    def offer_recovery(self) -> None:
        """Offer autosaved work from a session that did not end cleanly (kept until opened and saved,
        or discarded)."""
        found = autosave_mod.pending()
        if not found:
            return
        rec = found[0]
        name = Path(rec.original).name if rec.original else "an unsaved scenario"
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, "Recover unsaved work?",
                                      f"IAM Studio closed without saving {name}. Open the autosaved copy? "
                                      "(Ignore keeps it for the next start.)",
                                      buttons.Open | buttons.Discard | buttons.Ignore, buttons.Open)
        if answer == buttons.Open:
            self.recover(rec, True)
        elif answer == buttons.Discard:
            self.recover(rec, False)

    def recover(self, rec, accept: bool) -> None:
        """Open an autosaved copy (`accept`) or discard it. A copy that cannot be opened is kept."""
        if not accept:
            autosave_mod.discard(rec)
            return
        if not self.open_path(str(rec.copy)):         # the problems are shown; the copy stays
            self.statusBar().showMessage(f"The autosaved copy is kept at {rec.copy}")
            return
        self.doc.path = None
        self.doc.pathChanged.emit("")
        self.autosave.adopt(rec)
        for key, text in rec.drafts.items():      # policy texts that were not valid yet
            self.doc.set_policy_document(key, text)
        self.doc.mark_unsaved()                   # recovered work is unsaved work
        self.autosave.write_now()
        self.statusBar().showMessage("Recovered autosaved work: use Save As to keep it", 10000)

    # ----- drag and drop ----------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(self._droppable(u) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if self._droppable(url):
                self.open_path(url.toLocalFile())
                event.acceptProposedAction()
                return

    @staticmethod
    def _droppable(url: QUrl) -> bool:
        return url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in (".yaml", ".yml", ".json")

    # ----- appearance ---------------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        self.theme = name
        if not self._presentation:
            self.settings.setValue("theme", name)
        apply_theme(_application(), name, self.ui_scale)
        self.canvas.set_theme(name)
        for a in self.theme_actions.actions():
            a.setChecked(a.objectName() == f"actionTheme_{name}")

    def set_ui_scale(self, scale: float) -> None:
        """UI zoom: every panel, the editor, the explanation, dock titles and the painted views follow it."""
        self.ui_scale = round(min(2.5, max(0.7, scale)), 2)
        apply_theme(_application(), self.theme, self.ui_scale)

    def _restyle_docks(self) -> None:
        """Dock titles: Qt paints them in the platform's title font unless the dock has a font of its own."""
        font = QFont(QApplication.font())
        font.setStyleStrategy(QFont.StyleStrategy.PreferQuality)
        for dock in self.docks.values():
            dock.setFont(font)

    @property
    def presentation(self) -> bool:
        return self._presentation

    def toggle_presentation(self) -> None:
        self.set_presentation(not self._presentation)

    def set_presentation(self, on: bool, full_screen: bool = True) -> None:
        """Full screen, large fonts, high contrast, and a layout for a projector (`_presentation_layout`).
        Leaving puts the theme, zoom and panels back as they were."""
        if on == self._presentation:
            return
        self._presentation = on
        self.presentation_action.setChecked(on)         # the View menu says which mode is on
        if on:
            state = self._work_state if self.on_start_page else self.saveState()
            self._before = (self.theme, self.ui_scale, state, self.isMaximized())
            appearance().presentation = True
            self.ui_scale = PRESENTATION_SCALE
            self.set_theme("high-contrast")
            if not self.on_start_page:          # else once the start screen gives the panels back
                self._presentation_layout()
            self.statusBar().hide()
            self.canvas.toolbar.hide()
            if full_screen:
                self.showFullScreen()
        else:
            theme, self.ui_scale, state, maximized = self._before
            appearance().presentation = False
            self.set_theme(theme)
            for dock in self.docks.values():
                dock.setTitleBarWidget(None)  # type: ignore[arg-type]  # None gives the title bar back; the stubs omit it
            if self.on_start_page:
                self._work_state = state
            else:
                self.restoreState(state)
            self.statusBar().show()
            self.canvas.toolbar.show()
            if self.isFullScreen():
                self.showMaximized() if maximized else self.showNormal()
        self.pipeline.player.set_speed(0.5 if on else 1.0)     # slower animation for a class
        self.presentationChanged.emit(on)

    def _presentation_layout(self) -> None:
        """Fewer columns for a projector: Lesson | Request on the left, the window's full height (the lesson
        never shares a tab with the editor, the pipeline or the action bar); the diagram gets the rest of the
        width above Pipeline | Explanation | Policy editor; the glossary is put away."""
        d = self.docks
        left, bottom = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        for name, area in (("lessonDock", left), ("requestDock", left), ("pipelineDock", bottom),
                           ("traceDock", bottom), ("editorDock", bottom)):
            d[name].setFloating(False)
            self.addDockWidget(area, d[name])
            d[name].show()
        self.tabifyDockWidget(d["lessonDock"], d["requestDock"])
        self.tabifyDockWidget(d["pipelineDock"], d["traceDock"])
        self.tabifyDockWidget(d["pipelineDock"], d["editorDock"])
        d["glossaryDock"].hide()
        for dock in d.values():                 # the tabs name the panels: their title bars' room goes to them
            dock.setTitleBarWidget(QWidget(dock))
        (d["lessonDock"] if self.doc.scenario.lesson is not None else d["requestDock"]).raise_()
        d["pipelineDock"].raise_()
        QTimer.singleShot(0, self._presentation_sizes)

    def _show_pipeline(self, *_) -> None:
        """Presentation: Evaluate brings the pipeline forward (the editor shares its place)."""
        if self._presentation:
            self.docks["pipelineDock"].raise_()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._presentation:
            QTimer.singleShot(0, self._presentation_sizes)     # e.g. once full screen has its size
        elif event.oldSize().isValid() and event.size().width() < event.oldSize().width():
            QTimer.singleShot(0, self._keep_diagram)

    def _keep_diagram(self) -> None:
        """A smaller window (a laptop's 1920x1080 on a 1280x720 projector) takes its room from the diagram
        first: Qt squeezed it to 200 px between panels that kept their widths. Below a third of the window,
        the panels go back to their default shares."""
        if not self._presentation and not self.on_start_page and self.stack.width() < self.width() * DIAGRAM_SHARE:
            self._default_sizes()

    def _presentation_sizes(self) -> None:
        if not self._presentation:
            return
        self.resizeDocks([self.docks["lessonDock"]], [max(int(self.width() * 0.3), 380)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["pipelineDock"]], [int(self.height() * PIPELINE_SHARE)], Qt.Orientation.Vertical)

    # ----- closing ----------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._show_start_page(False)          # the panels as they are in use, not as the start screen hides them
        if self._presentation:                # the next start gets the normal window, not the projector's layout
            self.restoreState(self._before[2])
        else:
            self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState(DOCK_LAYOUT_VERSION))
        self.autosave.timer.stop()            # a closed window writes no more copies
        self.autosave.clear()
        event.accept()


def _application() -> QApplication:
    """The running application (a main window exists only inside one)."""
    return cast(QApplication, QApplication.instance())


def _documents() -> Path:
    """The user's documents folder (their home if there is none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def is_bundled(path: str) -> bool:
    """True for a file inside the bundled lessons folder (read-only originals)."""
    folder = bundled_dir()
    if folder is None:
        return False
    try:
        return Path(path).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


class _FillingScroll(QScrollArea):
    """A scroll area whose widget fills the view and grows past it only down to its minimum size: Qt's own
    resizable scroll area makes a widget with wrapped labels as tall as it would like to be, so the
    policy editor's text and problems went below the fold of its dock at 1280x720."""

    def __init__(self):
        super().__init__()
        self.setWidgetResizable(False)

    def setWidget(self, widget) -> None:  # noqa: N802  (Qt's name)
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802  (Qt's name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self._fill)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        self._fill()

    def _fill(self) -> None:
        widget, view = self.widget(), self.viewport().size()
        if widget is not None:
            least = widget.minimumSizeHint()
            widget.resize(max(view.width(), least.width()), max(view.height(), least.height()))


def _scrolling(widget, fill: bool = False):
    """`widget` in a scroll area, so that its dock can be made smaller than the widget's form; `fill`: the
    widget takes the view's height (its own parts shrink first), not the height it would like."""
    area = _FillingScroll() if fill else QScrollArea()
    area.setObjectName(widget.objectName() + "Scroll")
    area.setWidget(widget)
    area.setWidgetResizable(not fill)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
