"""The open scenario as the GUI sees it: the model, its file, undo history and change signals.

Every edit is a `QUndoCommand` pushed on `undo_stack`; commands change the `Scenario` model
(so saving writes them) and the document emits `changed()` after each do or undo. Views
listen to `changed()` and re-read the model; they never keep their own copy of it.

Policy keys (`policy_text`, `set_policy_document`) name where a document lives:
a key of `Scenario.policies`; `user/alice#inline/NAME`, `group/G#inline/NAME`,
`role/R#inline/NAME` for inline policies; `role/R#trust` for a trust policy;
`resource/NAME#policy` for a resource-based policy. A leading `policy/` is accepted.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.diagnostics import Diagnostic, Severity
from ..core.policy.model import Policy, PolicyType
from ..core.scenario.model import RequestSpec, Scenario
from ..core.scenario.save import dump_scenario_text, policy_document, save_scenario

EXACT_DIRTY_LIMIT = 2_000_000          # bigger files: "modified" means "edited since saved", not compared

NEW_POLICY_TEXT = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*"
    }
  ]
}
"""


class CallbackCommand(QUndoCommand):
    """An undoable edit given as two functions; the document announces the change after each."""

    def __init__(self, document: ScenarioDocument, text: str,
                 redo: Callable[[], None], undo: Callable[[], None]):
        super().__init__(text)
        self._doc, self._redo, self._undo = document, redo, undo

    def redo(self) -> None:
        self._redo()
        self._doc.notify_changed()

    def undo(self) -> None:
        self._undo()
        self._doc.notify_changed()


class ScenarioDocument(QObject):
    """One scenario being edited. See the module docstring for policy keys."""

    changed = Signal()                   # any model edit (also after undo/redo and load)
    selectionChanged = Signal(str)       # node key, "" for none
    pathChanged = Signal(str)
    dirtyChanged = Signal(bool)
    aboutToReplace = Signal()            # another scenario comes next: views drop what they show now
    scenarioReplaced = Signal()          # a different Scenario object (new / load): rebuild views
    diagnosticsChanged = Signal(str)     # policy key whose diagnostics changed
    commitRequested = Signal()           # views hand over what the user typed but did not commit yet

    def __init__(self, scenario: Scenario | None = None, path: str | None = None, parent=None):
        super().__init__(parent)
        self.scenario = scenario if scenario is not None else Scenario()
        self.path = path
        self.selection = ""
        self.origin: str | None = None                    # the bundled lesson this is an unsaved copy of
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._update_dirty)
        self._saved_text: str | None = None               # the text on disk (None: never saved)
        self._dirty = False
        self._engine = None
        self._engine_error: str | None = None
        self._texts: dict[str, str] = {}                  # policy key -> text as typed (may be invalid)
        self._diagnostics: dict[str, list[Diagnostic]] = {}

    # ----- state -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """True when the document differs from its file: a changed model, or a draft policy text."""
        return self._dirty

    def _differs_from_disk(self) -> bool:
        if self.undo_stack.isClean():
            return False
        if self.drafts:
            return True
        saved = self._saved_text
        if saved is None or len(saved) > EXACT_DIRTY_LIMIT:
            return True
        return dump_scenario_text(self.scenario) != saved

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
        self._saved_text = None
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

    def notify_changed(self) -> None:
        """Drop derived state and tell the views. Commands call this after each do/undo."""
        self._engine = None
        self._update_dirty()
        self.changed.emit()

    def select(self, key: str) -> None:
        if key != self.selection:
            self.selection = key
            self.selectionChanged.emit(key)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def edit(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        """Push an undoable edit made of two functions (does `redo` now)."""
        self.push(CallbackCommand(self, text, redo, undo))

    # ----- policies ------------------------------------------------------------------------
    def policy(self, policy_key: str) -> Policy | None:
        """The parsed policy a key names, or None."""
        key = _strip(policy_key)
        owner, kind, name = _split(key)
        sc = self.scenario
        if owner is None:
            return sc.policy(key)
        obj = _owner(sc, owner)
        if obj is None:
            return None
        if kind == "inline":
            return getattr(obj, "inline", {}).get(name)
        if kind == "trust":
            return getattr(obj, "trust", None)
        if kind == "policy":
            return getattr(obj, "policy", None)
        return None

    def policy_type(self, policy_key: str) -> PolicyType:
        key = _strip(policy_key)
        owner, kind, _ = _split(key)
        if kind == "trust":
            return PolicyType.TRUST
        if kind == "policy":
            return PolicyType.RESOURCE
        existing = self.policy(key)
        return existing.policy_type if existing is not None else PolicyType.IDENTITY

    def is_read_only(self, policy_key: str) -> bool:
        """AWS managed policies cannot be changed."""
        p = self.policy(policy_key)
        return bool(p is not None and p.aws_managed)

    def policy_text(self, policy_key: str) -> str:
        """The document's JSON text: as last typed (even if invalid), else rendered from the model."""
        key = _strip(policy_key)
        if key in self._texts:
            return self._texts[key]
        p = self.policy(key)
        if p is None:
            return NEW_POLICY_TEXT
        return policy_to_text(p)

    def policy_diagnostics(self, policy_key: str) -> list[Diagnostic]:
        """Problems found the last time the document's text was set through the GUI."""
        return list(self._diagnostics.get(_strip(policy_key), []))

    def set_policy_document(self, policy_key: str, text: str) -> list[Diagnostic]:
        """Undoable edit of a policy's JSON. Invalid text is kept (and reported), never lost.

        The model takes the new document only when it parses without errors; until then it keeps
        the last valid one. Returns the diagnostics of the new text.
        """
        key = _strip(policy_key)
        if text == self.policy_text(key):
            return self.policy_diagnostics(key)
        old_text = self._texts.get(key)
        old_policy = self.policy(key)
        old_diags = self._diagnostics.get(key)
        existed = self._exists(key)

        def redo() -> None:
            self._apply_text(key, text)

        def undo() -> None:
            if old_text is None:
                self._texts.pop(key, None)
            else:
                self._texts[key] = old_text
            if old_diags is None:
                self._diagnostics.pop(key, None)
            else:
                self._diagnostics[key] = old_diags
            if existed:
                self._store_policy(key, old_policy)
            else:
                self._remove_policy(key)
            self.diagnosticsChanged.emit(key)

        self.edit(f"Edit policy {key}", redo, undo)
        return self.policy_diagnostics(key)

    def _apply_text(self, key: str, text: str) -> None:
        from ..core.policy.parse import parse_policy_text
        name = self._policy_name(key)
        try:
            policy, diags = parse_policy_text(text, self.policy_type(key), name)
        except Exception as exc:  # the parser must not lose the user's text, whatever happens
            policy, diags = None, [Diagnostic("gui.parse-failed", Severity.ERROR,
                                              f"the document could not be read: {exc}",
                                              help="check the JSON syntax")]
        self._texts[key] = text
        self._diagnostics[key] = list(diags)
        if policy is not None and not any(d.is_error for d in diags):
            old = self.policy(key)
            if old is not None:
                policy.description = policy.description or old.description
                policy.arn = policy.arn or old.arn
            self._store_policy(key, policy)
        self.diagnosticsChanged.emit(key)

    def _policy_name(self, key: str) -> str:
        owner, kind, name = _split(key)
        if owner is None:
            return key
        return f"{owner}#{kind}/{name}" if name else f"{owner}#{kind}"

    def _exists(self, key: str) -> bool:
        owner, kind, name = _split(key)
        if owner is None:
            return key in self.scenario.policies
        return self.policy(key) is not None

    def _store_policy(self, key: str, policy: Policy | None) -> None:
        owner, kind, name = _split(key)
        sc = self.scenario
        if owner is None:
            if policy is not None:
                sc.policies[key] = policy
            return
        obj = _owner(sc, owner)
        if obj is None:
            return
        if kind == "inline" and policy is not None:
            obj.inline[name] = policy
        elif kind == "trust":
            obj.trust = policy
        elif kind == "policy":
            obj.policy = policy

    def _remove_policy(self, key: str) -> None:
        owner, kind, name = _split(key)
        sc = self.scenario
        if owner is None:
            sc.policies.pop(key, None)
            return
        obj = _owner(sc, owner)
        if obj is None:
            return
        if kind == "inline":
            obj.inline.pop(name, None)
        elif kind == "trust":
            obj.trust = None
        elif kind == "policy":
            obj.policy = None

    # ----- requests --------------------------------------------------------------------------
    def add_request(self, spec: RequestSpec) -> None:
        reqs = self.scenario.requests
        self.edit(f"Add request {spec.name}", lambda: reqs.append(spec), lambda: reqs.remove(spec))

    def replace_request(self, index: int, spec: RequestSpec) -> None:
        reqs = self.scenario.requests
        old = reqs[index]

        def put(value: RequestSpec) -> Callable[[], None]:
            return lambda: reqs.__setitem__(index, value)

        self.edit(f"Change request {spec.name}", put(spec), put(old))

    # ----- files -----------------------------------------------------------------------------
    def replace(self, scenario: Scenario, path: str | None, *, origin: str | None = None,
                saved_text: str | None = None) -> None:
        """Show another scenario (new or loaded): history, texts, selection and every view start afresh."""
        self.aboutToReplace.emit()
        self.scenario = scenario
        self.origin = origin
        self._texts.clear()
        self._diagnostics.clear()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._saved_text = saved_text if saved_text is not None else dump_scenario_text(scenario)
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
        if scenario is None:
            return list(diags)
        if as_copy:
            scenario.file = None
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        self.replace(scenario, None if as_copy else path, origin=path if as_copy else None, saved_text=text)
        return list(diags)

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
        self._saved_text = dump_scenario_text(self.scenario)
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

    @property
    def drafts(self) -> dict[str, str]:
        """Policy texts typed but not valid yet, by key: the engine and the file keep the last valid one."""
        return {k: self._texts[k] for k, ds in self._diagnostics.items()
                if k in self._texts and any(d.is_error for d in ds)}

    def is_draft(self, policy_key: str) -> bool:
        return _strip(policy_key) in self.drafts


def policy_to_text(policy: Policy) -> str:
    """Pretty JSON for a parsed policy: from its source tree when it has one, else rebuilt."""
    data = policy_data(policy)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def policy_data(policy: Policy) -> dict:
    """The policy as plain JSON data: its source tree when it has one, else rebuilt from statements."""
    return policy_document(policy)


def _strip(key: str) -> str:
    return key[len("policy/"):] if key.startswith("policy/") else key


def _split(key: str) -> tuple[str | None, str | None, str | None]:
    """`user/alice#inline/X` -> ("user/alice", "inline", "X"); a plain policy name -> (None, None, None)."""
    if "#" not in key:
        return None, None, None
    owner, rest = key.split("#", 1)
    kind, _, name = rest.partition("/")
    return owner, kind, name or None


def _owner(sc: Scenario, owner: str):
    kind, _, name = owner.partition("/")
    table = {"user": sc.users, "group": sc.groups, "role": sc.roles, "resource": sc.resources}.get(kind)
    return table.get(name) if table is not None else None
