"""The request builder: who asks (principal, credential), what (action), on what (resource), with which
context keys; saved as named requests, listed with live verdict badges."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.decision import Decision
from ...core.scenario.edits import Refused
from ...core.scenario.model import Credential, RequestSpec, Scenario
from ...core.scenario.requests import check_request, credential_types
from ..pipeline.live import live_results
from ..safe_text import plain_tip
from . import completion, theme
from .catalog_view import CatalogView
from .context_table import ContextTable

CREDENTIALS = [("Already signed in (no credential check)", ""), ("Console sign-in (password)", "console"),
               ("Access key (signed API call)", "access_key"), ("Session (temporary credentials)", "session")]
NOT_OFFERED = "  (this caller has none: AWS refuses it)"
FIELD_NAMES = ("principal", "action", "resource", "key_id", "expires", "context")
EXPECTS = [("no expectation", None)] + [(d.words, d.value) for d in Decision]
BADGE = {d.value: (d.badge, theme.verdict_colour(d.value)) for d in Decision}


def principal_choices(scenario: Scenario) -> list[tuple[str, str]]:
    """(label, principal value) for every caller the scenario offers, plus root and anonymous."""
    out = [(f"user/{n}", f"user/{n}") for n in scenario.users]
    out += [(f"role/{n}  (a session of the role)", f"role/{n}") for n in scenario.roles]
    out += [(f"{n}  (runs as role/{r.role})", n) for n, r in scenario.resources.items() if r.role]
    out += [("root  (the account's root user)", "root"), ("anonymous  (no credentials)", "anonymous")]
    return out


def _named(cls, name: str, accessible: str, **kw):
    w = cls(**kw)
    w.setObjectName(name)
    w.setAccessibleName(accessible)
    return w


class RequestBuilder(QWidget):
    """Builds a RequestSpec. `evaluateRequested(spec)` when `evaluate()` (the action bar's Evaluate) is called
    with a complete request."""

    evaluateRequested = Signal(object)
    requestLoaded = Signal(int)         # saved request `index` was put in the form (`load_request`)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("requestBuilder")
        self.setAccessibleName("Request builder")
        self._doc = document
        self._index: int | None = None               # the saved request being edited
        self._withheld: frozenset[str] = frozenset()    # requests whose answer waits for the learner's prediction
        self._shown: tuple | None = None             # what the form showed of it when it was loaded
        self._loaded_as: tuple | None = None         # and what the saved request was then
        self._catalog: CatalogView | None = None
        self._principals: list[tuple[str, str]] = []     # what the principal list holds
        self.live = live_results(document)

        self.saved = _named(QListWidget, "savedRequests", "Saved requests")
        self.saved.setMaximumHeight(170)
        self.saved.itemClicked.connect(lambda item: self.load_request(self.saved.row(item)))
        self.name = _named(QLineEdit, "requestName", "Request name", placeholderText="e.g. app reads a photo")
        self.principal = _named(QComboBox, "principalPicker", "Principal: who makes the request")
        self.principal.setEditable(True)
        self.principal.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.principal.setMinimumContentsLength(16)           # long role-session ARNs never widen the form
        self.principal.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.principal.currentIndexChanged.connect(self._principal_changed)
        self.principal.lineEdit().editingFinished.connect(self._principal_typed)
        self.session_name = _named(QLineEdit, "sessionNameField", "Role session name",
                                   placeholderText="role sessions only (default: session)")
        self.session_policy = _named(QComboBox, "sessionPolicyPicker",
                                     "Session policy: caps what the role session may do")
        self.session_policy.setToolTip("A session policy is passed when the role is assumed; the session may "
                                       "do only what both the role's policies and the session policy allow.")

        self.credential = _named(QComboBox, "credentialType", "Credential")
        self.credential.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.credential.setMinimumContentsLength(16)          # a narrow column shows the start of a long choice
        self.credential.addItem(CREDENTIALS[0][0], "")
        self.credential.currentIndexChanged.connect(self._credential_changed)
        self.key_id = _named(QComboBox, "accessKeyPicker", "Access key ID")
        self.key_id.setEditable(True)
        self.secret = _named(QLineEdit, "secretField", "Secret to sign with",
                             placeholderText="leave empty to sign with the stored secret")
        self.mfa = _named(QCheckBox, "mfaCheck", "Signed in with MFA", text="MFA used")
        self.expires = _named(QLineEdit, "expiresField", "Session expiry",
                              placeholderText="e.g. 2026-11-28T08:00:00Z (empty: not expired)")
        self.problems: dict[str, QLabel] = {}
        for field in FIELD_NAMES:
            label = self.problems[field] = QLabel("", objectName=f"{field.replace('_i', 'I')}Problem")
            label.setAccessibleName(f"Problem with the {field.replace('_', ' ')}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setStyleSheet(f"color: {theme.DENY.name()};")
        cred_box = QGroupBox("Credential")
        cred_form = QFormLayout(cred_box)
        cred_form.addRow("How", self.credential)
        cred_form.addRow("Access key", self.key_id)
        cred_form.addRow("", self.problems["key_id"])
        cred_form.addRow("Secret", self.secret)
        cred_form.addRow("", self.mfa)
        cred_form.addRow("Expires", self.expires)
        cred_form.addRow("", self.problems["expires"])
        self._cred_form = cred_form

        self.action = _named(QLineEdit, "actionField", "Action", placeholderText="e.g. s3:GetObject")
        self._action_completer = QCompleter(self)
        self._action_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._action_completer.setModel(QStringListModel(self._action_completer))
        # the completions follow what is typed before the completer looks at them: a list changed
        # under an open popup would put its first entry into the field
        self.action.textEdited.connect(self._action_typed)
        self.action.setCompleter(self._action_completer)
        completion.behave(self._action_completer, open_above=self.action)     # Resource, below, stays in view
        self.action.editingFinished.connect(self._refresh_resource_completions)
        self.resource = _named(QLineEdit, "resourceField", "Resource ARN",
                               placeholderText="e.g. arn:aws:s3:::employee-photos/alice.jpg, or *")
        self._resource_completer = QCompleter(self)
        self._resource_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._resource_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._resource_completer.setModel(QStringListModel(self._resource_completer))
        self.resource.setCompleter(self._resource_completer)
        completion.behave(self._resource_completer, open_above=self.resource)
        for field, name in ((self.action, "action"), (self.resource, "resource"), (self.expires, "expires")):
            field.editingFinished.connect(self.validate)
            field.textEdited.connect(lambda _text, n=name: self._recheck(n))
        self.expect = _named(QComboBox, "expectCombo", "Expected outcome")
        for label, value in EXPECTS:
            self.expect.addItem(label, value)

        self.context = ContextTable()
        add_key = _named(QPushButton, "addContextKey", "Add a context key", text="Add key")
        add_key.clicked.connect(self.context.add_own_row)
        remove_key = _named(QPushButton, "removeContextKey", "Remove the selected context key", text="Remove")
        remove_key.clicked.connect(self.context.remove_selected)

        self.save_button = _named(QPushButton, "saveRequestButton", "Save the request", text="Save")
        self.save_button.clicked.connect(self.save)
        self.save_new_button = _named(QPushButton, "saveAsNewButton", "Save as a new request", text="Save as new")
        self.save_new_button.clicked.connect(lambda: self.save(as_new=True))
        self.message = QLabel("", objectName="builderMessage")      # the action bar shows it too
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {theme.DENY.name()};")

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Principal", self.principal)
        form.addRow("", self.problems["principal"])
        form.addRow("Session name", self.session_name)
        form.addRow("Session policy", self.session_policy)
        self._form = form
        form.addRow("Action", self.action)
        form.addRow("", self.problems["action"])
        form.addRow("Resource", self.resource)
        form.addRow("", self.problems["resource"])
        form.addRow("Expect", self.expect)
        keys = QHBoxLayout()
        keys.addWidget(QLabel("Context keys (grey: set by AWS)", wordWrap=True), 1)
        keys.addWidget(add_key)
        keys.addWidget(remove_key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 1)
        buttons.addWidget(self.save_new_button, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Saved requests (verdicts update as you edit)", wordWrap=True))
        lay.addWidget(self.saved)
        lay.addLayout(form)
        lay.addWidget(cred_box)
        lay.addLayout(keys)
        lay.addWidget(self.context, 1)
        lay.addWidget(self.problems["context"])
        lay.addWidget(self.message)
        lay.addLayout(buttons)

        document.changed.connect(self._model_changed)
        document.scenarioReplaced.connect(self._scenario_replaced)
        self.live.updated.connect(self.refresh_badges)
        self._model_changed()
        self.refresh_badges()
        if self._doc.scenario.requests:
            self.load_request(0)

    # ---- public API -------------------------------------------------------------------------
    @property
    def index(self) -> int | None:
        """The saved request the form was filled from (None for a new one)."""
        return self._index

    def shows_saved_request(self) -> bool:
        """True while the form shows its saved request as loaded (the learner has changed nothing)."""
        return self._index is not None and self._shown is not None and _shown(self._form_spec()) == self._shown

    def spec(self) -> RequestSpec | None:
        """The request the form describes, checked by the core: None when a field has an error (each
        problem is shown at its field; a warning such as an unknown action is shown, not blocking)."""
        spec = self._form_spec()
        problems = check_request(self._doc.scenario, spec)
        self._show_problems(problems)
        errors = [p for p in problems if p.diagnostic.is_error]
        if errors:
            fields = ", ".join(dict.fromkeys(p.field.replace("_", " ") for p in errors))
            self.message.setText(f"To evaluate, fix the {fields} (see the message at the field).")
            return None
        self.message.setText("")
        return spec

    def validate(self) -> None:
        """Check the form now and show each problem at its field (after editing a field)."""
        self._show_problems(check_request(self._doc.scenario, self._form_spec()))

    def _recheck(self, field: str) -> None:
        """While a field shows a problem, each keystroke checks again: the message goes as soon as the
        field is right (a new problem is said when the field is left, not in the middle of a word)."""
        if self.problems[field].text():
            problems = check_request(self._doc.scenario, self._form_spec())
            if not any(p.field == field for p in problems):
                self._show_problems(problems)

    def field_problem(self, field: str) -> str:
        """The text shown at a field ("" when it has no problem)."""
        return self.problems[field].text()

    def _show_problems(self, problems) -> None:
        by_field: dict[str, list[str]] = {}
        for p in problems:
            d = p.diagnostic
            by_field.setdefault(p.field, []).append(d.message + (f" — {d.help}" if d.help else ""))
        for field, label in self.problems.items():
            label.setText("\n".join(by_field.get(field, [])))
            shown = field in by_field
            form = self._form if field in ("principal", "action", "resource") else \
                self._cred_form if field in ("key_id", "expires") else None
            if form is not None:
                form.setRowVisible(label, shown)
            else:
                label.setVisible(shown)

    def _form_spec(self) -> RequestSpec:
        """The form's fields as a request, unchecked."""
        principal = self._principal_value()
        action = self.action.text().strip()
        resource = self.resource.text().strip()
        kind = self.credential.currentData()
        loaded = self._loaded()
        credential = None
        if kind:
            credential = Credential(kind, key_id=self.key_id.currentText().strip() or None if kind == "access_key"
                                    else None, secret=self.secret.text() or None if kind == "access_key" else None,
                                    mfa=self.mfa.isChecked() if kind != "access_key" else None,
                                    expires=self.expires.text().strip() or None if kind == "session" else None)
            if loaded is not None and loaded.credential is not None and loaded.credential.type == kind:
                credential.tamper = loaded.credential.tamper       # kept: the form has no field for it
        name = self.name.text().strip() or f"{principal} {action}"
        spec = RequestSpec(name, principal, action, resource, context=self.context.own(), credential=credential,
                           expect=self.expect.currentData(),
                           session_name=self.session_name.text().strip() or None,
                           session_policies=_refs(self.session_policy.currentData()))
        if loaded is not None:
            # What the form does not show survives an edit: the endpoint policy, the owner account.
            spec.vpc_endpoint_policy = loaded.vpc_endpoint_policy
            spec.resource_account = loaded.resource_account
            if spec.expect == loaded.expect:
                spec.expect_by = loaded.expect_by       # the deciding statements of the same expected outcome
        return spec

    def _loaded(self) -> RequestSpec | None:
        """The saved request the form was filled from, if it is still there."""
        requests = self._doc.scenario.requests
        if self._index is not None and 0 <= self._index < len(requests):
            return requests[self._index]
        return None

    def evaluate(self) -> None:
        spec = self.spec()
        if spec is not None:
            self.evaluateRequested.emit(spec)

    def save(self, as_new: bool = False) -> None:
        """Save the form as a request of the scenario (undoable): replaces the one loaded, or adds one."""
        spec = self.spec()
        if spec is None:
            return
        requests = self._doc.scenario.requests
        try:
            if self._index is not None and not as_new and self._index < len(requests):
                self._doc.replace_request(self._index, spec)
            else:
                taken = {r.name for r in requests}
                base, n = spec.name, 2
                while spec.name in taken:
                    spec.name = f"{base} ({n})"
                    n += 1
                self._index = self._doc.add_request(spec)
        except Refused as why:                 # the core says why (a name taken, a reference gone...)
            self.message.setText(f"Not saved: {why}")
            return
        self.name.setText(spec.name)

    def load_request(self, index: int) -> None:
        """Fill the form from a saved request."""
        requests = self._doc.scenario.requests
        if not 0 <= index < len(requests):
            return
        spec = requests[index]
        self._index = index
        self._fill(spec)
        self.saved.setCurrentRow(index)
        self._refresh_resource_completions()
        self._shown = _shown(self._form_spec())
        self._loaded_as = _shown(spec)
        self._show_expect()
        self.requestLoaded.emit(index)

    def _fill(self, spec: RequestSpec) -> None:
        """Every field of the form from `spec` (nothing of the request shown before stays)."""
        self.name.setText(spec.name)
        self._set_principal(spec.principal)
        self.session_name.setText(spec.session_name or "")
        self._select_session_policies(spec.session_policies)
        self.action.setText(spec.action)
        self.resource.setText(spec.resource)
        cred = spec.credential
        self._select_credential(cred.type if cred else "")
        self.key_id.setEditText(cred.key_id or "" if cred else "")
        self.secret.setText(cred.secret or "" if cred else "")
        self.mfa.setChecked(bool(cred and cred.mfa))
        self.expires.setText(cred.expires or "" if cred else "")
        self.expect.setCurrentIndex(max(0, self.expect.findData(spec.expect)))
        self.context.set_rows(dict(spec.context))

    def show_context(self, context: dict[str, list[str]]) -> None:
        """Show the context AWS built for the last evaluation (derived keys in grey)."""
        self.context.show_derived(context)

    # ---- internals --------------------------------------------------------------------------
    def _fill_session_policies(self) -> None:
        """(none) and every policy of the scenario that could be passed as a session policy."""
        current = _refs(self.session_policy.currentData())
        self.session_policy.blockSignals(True)
        self.session_policy.clear()
        self.session_policy.addItem("(none)", "")
        for name, policy in self._doc.scenario.policies.items():
            if "[" not in name and policy.policy_type.value in ("identity", "session"):
                self.session_policy.addItem(policy.display_name, name)
        self.session_policy.blockSignals(False)
        self._select_session_policies(current)

    def _select_session_policies(self, refs: list[str]) -> None:
        key = "\n".join(refs)
        index = self.session_policy.findData(key)
        if index < 0:                       # an inline document or several policies: keep them as they are
            label = " + ".join("inline document" if "[" in r else r.rsplit("/", 1)[-1] for r in refs)
            self.session_policy.addItem(label, key)
            index = self.session_policy.count() - 1
        self.session_policy.setCurrentIndex(index)

    def _scenario_replaced(self) -> None:
        """A newly opened scenario starts with its first saved request in the form, ready to evaluate."""
        self._index = None
        if self._doc.scenario.requests:
            self.load_request(0)
        else:                           # an empty form: no caller or expectation of the file before
            self._fill(RequestSpec(name="", principal="", action="", resource=""))
            self._show_expect()

    def _model_changed(self) -> None:
        requests = self._doc.scenario.requests
        if self._index is not None and self._index < len(requests) and self.shows_saved_request():
            if _shown(requests[self._index]) != self._loaded_as:
                self._refill_choices()
                self.load_request(self._index)     # an edit changed it (a rename carried along): follow
                return
        self._refill_choices()
        if self._index is not None and self._index >= len(requests):
            self._index = None

    def _refill_choices(self) -> None:
        choices = principal_choices(self._doc.scenario)
        if choices != self._principals:         # the same callers keep the list (100,000 users take a second)
            self._principals = choices
            current = self._principal_value()
            self.principal.blockSignals(True)
            self.principal.clear()
            for label, value in choices:
                self.principal.addItem(label, value)
            self.principal.blockSignals(False)
            self._set_principal(current or (self.principal.itemData(0) or ""))
        self._principal_changed()
        self._fill_session_policies()
        self._refresh_resource_completions()

    def withhold(self, names: frozenset[str]) -> None:
        """Keep the answer to these saved requests out of sight (a lesson step asks to predict them first):
        no verdict badge, no expected outcome in the form."""
        if names != self._withheld:
            self._withheld = names
            self.refresh_badges()
        self._show_expect()

    def _show_expect(self) -> None:
        loaded = self._loaded()
        self._form.setRowVisible(self.expect, loaded is None or loaded.name not in self._withheld)

    def refresh_badges(self) -> None:
        """Rebuild the saved list with each request's live verdict (and whether it meets its expectation)."""
        row = self.saved.currentRow()
        self.saved.clear()
        results = self.live.results
        for i, spec in enumerate(self._doc.scenario.requests):
            res = results[i] if i < len(results) else None
            if spec.name in self._withheld:
                item = QListWidgetItem(f"?  predict first   {spec.name}")
                item.setToolTip(plain_tip("The lesson asks you to predict this request: its verdict shows once "
                                          "you have (pick an outcome in the Lesson tab, then Evaluate)."))
                self.saved.addItem(item)
                continue
            if res is None or isinstance(res, str):
                badge, colour = "⚠ cannot evaluate", theme.WARNING.darker(140)
                tip = res or ""
            else:
                badge, colour = BADGE[res.decision.value]
                tip = res.reason
            mark = ""
            if spec.expect and res is not None and not isinstance(res, str):
                expected = spec.expect.replace("_", " ")
                mark = "   (as expected)" if res.decision.value == spec.expect else f"   (expected {expected})"
            if self.live.stale:
                badge, mark = f"⋯ out of date (was {badge})", ""
            item = QListWidgetItem(f"{badge}   {spec.name}{mark}")
            item.setForeground(QBrush(colour))
            item.setToolTip(plain_tip(tip))
            self.saved.addItem(item)
        if 0 <= row < self.saved.count():
            self.saved.setCurrentRow(row)

    def badge_texts(self) -> list[str]:
        return [self.saved.item(i).text() for i in range(self.saved.count())]

    def _principal_value(self) -> str:
        text = self.principal.currentText().strip()
        index = self.principal.findText(text)
        if index >= 0:
            return self.principal.itemData(index) or ""
        return text

    def _set_principal(self, value: str) -> None:
        index = self.principal.findData(value)
        if index >= 0:
            self.principal.setCurrentIndex(index)
        else:
            self.principal.setEditText(value)

    def _principal_typed(self) -> None:
        self._principal_changed()
        self.validate()

    def _principal_changed(self, *_):
        value = self._principal_value()
        resource = self._doc.scenario.resources.get(value)
        if hasattr(self, "_form"):
            role = value.startswith("role/") or bool(resource and resource.role) or ":assumed-role/" in value \
                or ":role/" in value
            self._form.setRowVisible(self.session_name, role)
            self._form.setRowVisible(self.session_policy, role)
        user = self._doc.scenario.users.get(value.partition("/")[2]) if value.startswith("user/") else None
        self.key_id.clear()
        for key in (user.access_keys if user else []):
            self.key_id.addItem(key.id)
        self._select_credential(self.credential.currentData() or "")

    def _select_credential(self, kind: str) -> None:
        """Offer the credentials AWS gives the caller in the form (and keep `kind` selected: a saved
        request may send one the caller does not have, to show that AWS refuses it)."""
        offered = credential_types(self._doc.scenario, self._principal_value(), self.session_name.text() or None)
        self.credential.blockSignals(True)
        self.credential.clear()
        for label, value in CREDENTIALS:
            if not value or value in offered:
                self.credential.addItem(label, value)
            elif value == kind:
                self.credential.addItem(label + NOT_OFFERED, value)
        self.credential.setCurrentIndex(max(0, self.credential.findData(kind)))
        self.credential.blockSignals(False)
        self._credential_changed()

    def _credential_changed(self, *_):
        kind = self.credential.currentData()
        if kind == "access_key" and not self.key_id.currentText() and self.key_id.count():
            self.key_id.setCurrentIndex(0)
        for widget, shown in ((self.key_id, kind == "access_key"), (self.secret, kind == "access_key"),
                              (self.mfa, kind in ("console", "session")), (self.expires, kind == "session")):
            self._cred_form.setRowVisible(widget, shown)

    def _action_typed(self, text: str) -> None:
        if self._catalog is None:
            self._catalog = CatalogView()
        service, sep, _ = text.partition(":")
        if sep:
            names = [f"{service.lower()}:{name}" for name, _level in self._catalog.actions(service)]
        else:
            names = [f"{s}:" for s in self._catalog.services()]
        model = self._action_completer.model()
        if model.stringList() != names:
            model.setStringList(names)

    def _refresh_resource_completions(self) -> None:
        items = [r.arn for r in self._doc.scenario.resources.values()]
        for r in self._doc.scenario.resources.values():
            if r.arn.startswith("arn:aws:s3:::") and "/" not in r.arn:
                items.append(r.arn + "/*")
        action = self.action.text().strip()
        if action and ":" in action:
            if self._catalog is None:
                self._catalog = CatalogView()
            items += self._catalog.arn_templates(action)
        self._resource_completer.model().setStringList(list(dict.fromkeys(items + ["*"])))


def _shown(spec: RequestSpec) -> tuple:
    """What the form shows of a request (to tell whether the learner changed it)."""
    c = spec.credential
    kind = c.type if c else ""
    credential = (kind, c.key_id if kind == "access_key" else None, c.secret if kind == "access_key" else None,
                  bool(c.mfa) if kind != "access_key" else None, c.expires if kind == "session" else None) \
        if c else ("",)
    context = tuple((k, tuple(v)) for k, v in spec.context.items())
    return (spec.name, spec.principal, spec.action, spec.resource, context, credential, spec.expect,
            spec.session_name or None, tuple(spec.session_policies))


def _refs(data) -> list[str]:
    """The session-policy references a picker item stands for (stored as newline-joined text)."""
    return [r for r in str(data or "").split("\n") if r]
