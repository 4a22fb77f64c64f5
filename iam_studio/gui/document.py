"""The open scenario as the GUI sees it: the model, its file, one undo history and change signals.

Every change is a core edit (`iam_studio.core.scenario.edits`): `apply` runs one and pushes an
`EditCommand` whose undo and redo are the core's own (`edits.record`), so the GUI's QUndoStack only
wraps core edits, and undoing every step gives back the model as loaded. The document emits
`changed()` after each do or undo; views re-read the model and never keep their own copy of it.

Policy keys are the core's policy addresses (`core/scenario/address.py`): a managed policy's name or
ARN, `user/alice#inline/NAME`, `role/R#trust`, `resource/NAME#policy`, ... (a leading `policy/`, the
canvas's node key, is accepted). Policy text that does not parse yet is a *draft*: the document holds
it (it counts as a change, goes into the autosave, and is undoable) while the model and the engine
keep the last valid version.
"""
from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.diagnostics import Diagnostic, Severity
from ..core.lessons.play import guard_locks
from ..core.policy.model import Policy, PolicyType
from ..core.scenario import edits
from ..core.scenario.address import PolicyAddress, find_policy, owner_object
from ..core.scenario.model import RequestSpec, Scenario
from ..core.scenario.save import dump_scenario_text, policy_document, save_scenario, scenario_to_plain

EXACT_DIRTY_LIMIT = 2_000_000          # bytes; bigger files: "modified" means "edited since saved", not compared



class EditCommand(QUndoCommand):
    """A core edit on the undo stack: `edits.Change.undo()` / `redo()`, plus the policy text typed
    with it (`texts`: key -> (before, after) entries), then the document announces the change."""

    def __init__(self, document: ScenarioDocument, text: str, change: edits.Change | None,
                 texts: dict[str, tuple[_Typed | None, _Typed | None]] | None = None):
        super().__init__(text)
        self._doc, self._change, self._texts = document, change, texts or {}
        self._done = True                  # pushed after the edit ran: the first redo() is a no-op

    def redo(self) -> None:
        if self._done:
            self._done = False
        elif self._change is not None:
            self._change.redo()
        self._doc._set_typed({k: after for k, (_, after) in self._texts.items()})
        self._doc.notify_changed(self._layout_only())

    def undo(self) -> None:
        if self._change is not None:
            self._change.undo()
        self._doc._set_typed({k: before for k, (before, _) in self._texts.items()})
        self._doc.notify_changed(self._layout_only())

    def _layout_only(self) -> bool:
        return self._change is not None and not self._texts and self._change.layout_only


@dataclass(frozen=True)
class _Typed:
    """Policy text as the user typed it, with what it became: the model's policy, or a draft."""

    text: str
    policy: Policy | None               # the parsed policy the text gave (None: a draft)
    diagnostics: tuple[Diagnostic, ...]

    @property
    def draft(self) -> bool:
        return self.policy is None


class ScenarioDocument(QObject):
    """One scenario being edited. See the module docstring for policy keys."""

    changed = Signal()                   # any model edit (also after undo/redo and load)
    nodesMoved = Signal()                # nodes moved on the canvas and nothing else (`edits.Change.layout_only`)
    selectionChanged = Signal(str)       # node key, "" for none
    pathChanged = Signal(str)
    dirtyChanged = Signal(bool)
    aboutToReplace = Signal()            # another scenario comes next: views drop what they show now
    scenarioReplaced = Signal()          # a different Scenario object (new / load): rebuild views
    locksChanged = Signal()              # the active lesson step (and so what it locks) changed
    diagnosticsChanged = Signal(str)     # policy key whose diagnostics changed
    commitRequested = Signal()           # views hand over what the user typed but did not commit yet

    def __init__(self, scenario: Scenario | None = None, path: str | None = None, parent=None):
        super().__init__(parent)
        self.scenario = scenario if scenario is not None else Scenario()
        self.path = path
        self.origin: str | None = None                    # the bundled lesson this is an unsaved copy of
        self.selection = ""
        self.locks: frozenset[str] = frozenset()          # node keys the active lesson step locks
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._update_dirty)
        self._saved: dict[str, object] | None = None      # what the file on disk says, as the model's data
        self._exact = True                                # the file is small enough to compare with
        self._remember_saved(path)
        self._dirty = False
        self._engine = None
        self._engine_error: str | None = None
        self._typed: dict[str, _Typed] = {}               # policy key -> text as typed
        self._checked: dict[tuple[str, str], list[Diagnostic]] = {}   # (key, text) -> diagnostics

    # ----- state -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """True when the document differs from its file: a changed model, or a draft policy text."""
        return self._dirty

    def _differs_from_disk(self) -> bool:
        """The model compared with the file's: the same whatever the file's format (YAML or JSON), line
        ends or size, and the same test saving applies (an unedited model writes the file's own text)."""
        if self.undo_stack.isClean():
            return False
        if self.drafts:
            return True
        if self._saved is None or not self._exact:
            return True
        return scenario_to_plain(self.scenario) != self._saved

    def _remember_saved(self, path: str | None) -> None:
        """The model as it is now is what the file at `path` (or no file yet) holds."""
        self._saved = copy.deepcopy(scenario_to_plain(self.scenario))      # edits change the model in place
        try:
            self._exact = path is None or os.path.getsize(path) <= EXACT_DIRTY_LIMIT
        except OSError:
            self._exact = True

    def _update_dirty(self, *_) -> None:
        dirty = self._differs_from_disk()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    def commit_pending(self) -> None:
        """Ask the views to hand over typing not committed yet (before saving, closing, evaluating)."""
        self.commitRequested.emit()

    def mark_unsaved(self) -> None:
        """This work exists on no disk (recovered from an autosave): it stays modified until saved."""
        self._saved = None
        self.undo_stack.resetClean()
        self._update_dirty()

    @property
    def engine(self):
        """The engine for the current model, rebuilt lazily after changes; None if it cannot be built."""
        if self._engine is None:
            from ..core.engine.engine import Engine
            try:
                self._engine = Engine(self.scenario)
                self._engine_error = None
            except Exception as exc:  # a half-edited model must never take the window down
                self._engine_error = str(exc)
                return None
        return self._engine

    @property
    def engine_error(self) -> str | None:
        """Why the engine could not be built for the current model, if it could not."""
        return self._engine_error

    def notify_changed(self, layout_only: bool = False) -> None:
        """Drop derived state and tell the views. Commands call this after each do/undo. A selected node
        that the change took away (an undone rename or add, a delete) is no longer selected: the editor
        showed it, stale, with a new policy's text that typing would have made into a policy.

        `layout_only`: the change only moved nodes; `nodesMoved` tells the views that draw them, and the
        engine, the verdicts and the lesson's answers stay as they are (a replay goes on)."""
        if layout_only:
            self._update_dirty()
            self.nodesMoved.emit()
            return
        self._engine = None
        self._update_dirty()
        gone = bool(self.selection) and not self._node_exists(self.selection)
        if gone:
            self.selection = ""
        self.changed.emit()
        if gone:
            self.selectionChanged.emit("")

    def _node_exists(self, key: str) -> bool:
        """Whether the canvas node `key` (`user/NAME`, `policy/NAME`, ...) is in the model; other keys
        (the root user, accounts, organization levels) are taken as there."""
        kind, _, name = key.partition("/")
        tables: dict[str, Mapping[str, object]] = {
            "user": self.scenario.users, "group": self.scenario.groups, "role": self.scenario.roles,
            "resource": self.scenario.resources}
        if kind in tables:
            return name in tables[kind]
        if kind == "policy":
            return self.policy(name) is not None
        return True

    def select(self, key: str) -> None:
        if key != self.selection:
            self.selection = key
            self.selectionChanged.emit(key)

    # ----- edits -----------------------------------------------------------------------------
    def apply(self, text: str, operation: Callable[..., Any], *args, **kwargs) -> Any:
        """Run a core edit (or a function of several) as one undoable step and return its result.

        Raises `edits.Refused` (the model untouched) when the core refuses it, or when it changes what
        the active lesson step locks (`locks`).
        """
        change = edits.record(self.scenario, guard_locks(self.locks, operation), *args, **kwargs)
        self.undo_stack.push(EditCommand(self, text, change))          # announces the change
        return change.result

    # ----- policies ------------------------------------------------------------------------
    def policy(self, policy_key: str) -> Policy | None:
        """The parsed policy a key names, or None."""
        return find_policy(self.scenario, _strip(policy_key))

    def policy_type(self, policy_key: str) -> PolicyType:
        try:
            return edits.policy_type_at(self.scenario, _strip(policy_key))
        except edits.Refused:
            return PolicyType.IDENTITY

    def set_locks(self, locks: frozenset[str]) -> None:
        """What the active lesson step locks: edits that change it are refused (`core/lessons/play.py`)."""
        if locks != self.locks:
            self.locks = locks
            self.locksChanged.emit()

    def is_locked(self, policy_key: str) -> bool:
        return f"policy/{_strip(policy_key)}" in self.locks

    def is_read_only(self, policy_key: str) -> bool:
        """AWS managed policies cannot be changed, nor a policy the active lesson step locks."""
        p = self.policy(policy_key)
        address = PolicyAddress.parse(_strip(policy_key))
        return bool((p is not None and p.aws_managed) or (address is not None and address.is_aws_managed)) \
            or self.is_locked(policy_key)

    def _current(self, key: str) -> _Typed | None:
        """The typed text that still stands for the model: a draft, or the text of the model's policy."""
        typed = self._typed.get(key)
        if typed is None:
            return None
        if typed.draft:
            return typed if self._owner_exists(key) else None
        return typed if self.policy(key) is typed.policy else None

    def policy_text(self, policy_key: str) -> str:
        """The document's JSON text: a draft or the text as typed, else rendered from the model."""
        key = _strip(policy_key)
        typed = self._current(key)
        if typed is not None:
            return typed.text
        p = self.policy(key)
        if p is not None:
            return policy_to_text(p)
        return json.dumps(edits.starter_document(self.scenario, key), indent=2) + "\n"   # not written yet

    def policy_diagnostics(self, policy_key: str) -> list[Diagnostic]:
        """What the loader's checks say about the text shown (size limits included)."""
        key = _strip(policy_key)
        typed = self._current(key)
        if typed is not None:
            return list(typed.diagnostics)
        text = self.policy_text(key)
        found = self._checked.get((key, text))
        if found is None:
            found = self._checked[(key, text)] = self._check(key, text)
        return list(found)

    def _check(self, key: str, text: str) -> list[Diagnostic]:
        """The checks `set_policy_text` (and so the loader) applies, without changing anything."""
        from ..core.policy.parse import parse_policy_text
        try:
            limit = edits.size_limit_at(self.scenario, key)
        except edits.Refused:
            limit = None
        try:
            return parse_policy_text(text, self.policy_type(key), key, self.scenario.file, limit)[1]
        except Exception as exc:  # the checks must never take the window down
            return [_failed(exc)]

    def set_policy_document(self, policy_key: str, text: str) -> list[Diagnostic]:
        """Undoable edit of a policy's JSON: valid text goes into the model (`edits.set_policy_text`),
        text the core refuses becomes a draft the document holds. Returns the text's diagnostics."""
        key = _strip(policy_key)
        if text == self.policy_text(key):
            return self.policy_diagnostics(key)
        before = self._typed.get(key)
        try:
            change = edits.record(self.scenario, guard_locks(self.locks, edits.set_policy_text), key, text)
            after = _Typed(text, self.policy(key), tuple(change.result))
        except edits.Refused as why:
            change = None
            after = _Typed(text, None, tuple(why.diagnostics) or (_refused(why),))
        except Exception as exc:  # the user's text is never lost, whatever happens
            change = None
            after = _Typed(text, None, (_failed(exc),))
        self.undo_stack.push(EditCommand(self, f"Edit policy {key}", change, {key: (before, after)}))
        return list(after.diagnostics)

    def _set_typed(self, entries: dict[str, _Typed | None]) -> None:
        for key, entry in entries.items():
            if entry is None:
                self._typed.pop(key, None)
            else:
                self._typed[key] = entry
            self.diagnosticsChanged.emit(key)

    def _owner_exists(self, key: str) -> bool:
        address = PolicyAddress.parse(key)
        if address is None:
            return False
        return address.is_managed or address.owner is None or owner_object(self.scenario, address) is not None \
            or find_policy(self.scenario, address) is not None

    @property
    def drafts(self) -> dict[str, str]:
        """Policy texts typed but not valid yet, by key: the engine and the file keep the last valid one."""
        return {k: t.text for k, t in self._typed.items() if t.draft and self._owner_exists(k)}

    def is_draft(self, policy_key: str) -> bool:
        return _strip(policy_key) in self.drafts

    # ----- requests --------------------------------------------------------------------------
    def add_request(self, spec: RequestSpec) -> int:
        """Add a saved request (undoable); returns its index. Raises `edits.Refused`."""
        return self.apply(f"Add request {spec.name}", edits.add_request, spec)

    def replace_request(self, index: int, spec: RequestSpec) -> None:
        """Change a saved request (undoable). Raises `edits.Refused`."""
        self.apply(f"Change request {spec.name}", edits.replace_request, index, spec)

    # ----- files -----------------------------------------------------------------------------
    def replace(self, scenario: Scenario, path: str | None, *, origin: str | None = None) -> None:
        """Show another scenario (new or loaded): history, texts, selection and every view start afresh."""
        self.aboutToReplace.emit()
        self.scenario = scenario
        self.origin = origin
        self._typed.clear()
        self._checked.clear()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._remember_saved(origin or path)
        self.selection = ""
        self._set_path(path)
        self.scenarioReplaced.emit()
        self.selectionChanged.emit("")
        self.notify_changed()

    def new(self) -> None:
        self.replace(Scenario(), None)

    def load(self, path: str, *, as_copy: bool = False) -> list[Diagnostic]:
        """Open a scenario file (`as_copy`: an unsaved copy of it, for a bundled lesson). On errors
        the current scenario stays; the diagnostics say why."""
        from ..core.scenario.load import load_scenario
        scenario, diags = load_scenario(path)
        if scenario is not None:
            self.adopt(path, scenario, as_copy=as_copy)
        return list(diags)

    def adopt(self, path: str, scenario: Scenario, *, as_copy: bool = False) -> None:
        """Show `scenario`, loaded from `path` (by `load`, or by a worker thread for a big file)."""
        if as_copy:
            scenario.file = None
        self.replace(scenario, None if as_copy else path, origin=path if as_copy else None)

    def save(self, path: str | None = None) -> None:
        """Write the scenario (atomically). Raises OSError (or ValueError) with a readable message."""
        target = path or self.path
        if not target:
            raise ValueError("this scenario has no file yet: use Save As")
        problems = [d for d in (save_scenario(self.scenario, target) or []) if d.is_error]
        if problems:
            raise OSError(problems[0].message + (f" ({problems[0].help})" if problems[0].help else ""))
        self.scenario.file = target
        self.origin = None
        self._remember_saved(target)
        self.undo_stack.setClean()
        self._set_path(target)
        self._update_dirty()

    def to_text(self) -> str:
        """The scenario as it would be saved (for autosave)."""
        return dump_scenario_text(self.scenario)

    def _set_path(self, path: str | None) -> None:
        if path != self.path:
            self.path = path
            self.pathChanged.emit(path or "")

def policy_to_text(policy: Policy) -> str:
    """Pretty JSON for a parsed policy: from its source tree when it has one, else rebuilt."""
    return json.dumps(policy_document(policy), indent=2, ensure_ascii=False) + "\n"


def _refused(why: edits.Refused) -> Diagnostic:
    return Diagnostic("edit.refused", Severity.ERROR, str(why), help="fix the text, or undo (Ctrl+Z)")


def _failed(exc: Exception) -> Diagnostic:
    return Diagnostic("gui.parse-failed", Severity.ERROR, f"the document could not be read: {exc}",
                      help="check the JSON syntax")


def _strip(key: str) -> str:
    return key[len("policy/"):] if key.startswith("policy/") else key
