"""Credential controls for the selected user or the root user: console password, MFA device, each access
key's status and deletion. Every control runs a core edit through the document (undoable); an edit the
core refuses (a lesson lock, say) is shown with the core's reason and the controls show the model again."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.scenario import edits

KEY_STATUSES = ("Active", "Inactive")


class CredentialControls(QWidget):
    """Shows the credentials of `document.selection` when it is a user or the root user; hidden otherwise."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("credentialControls")
        self.setAccessibleName("Credentials of the selected user")
        self._doc = document
        self._filling = False
        self.console = QCheckBox("Console password", objectName="credConsole")
        self.console.setAccessibleName("Console password")
        self.console.setToolTip("The user can sign in to the AWS Management Console with a password")
        self.console.toggled.connect(self._console_toggled)
        self.mfa = QCheckBox("MFA device", objectName="credMfa")
        self.mfa.setAccessibleName("MFA device")
        self.mfa.setToolTip("An MFA device is assigned: sign-ins can present a one-time code")
        self.mfa.toggled.connect(self._mfa_toggled)
        self.keys = QGridLayout()
        self.keys.setContentsMargins(0, 0, 0, 0)
        self.keys.setColumnStretch(2, 1)
        self.message = QLabel("", objectName="credMessage")
        self.message.setAccessibleName("Why the credential change was refused")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.console)
        row.addWidget(self.mfa)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 4)
        lay.addLayout(row)
        lay.addLayout(self.keys)
        lay.addWidget(self.message)
        self._key_widgets: list[QWidget] = []
        document.selectionChanged.connect(self._selection_changed)
        document.changed.connect(self.refresh)
        document.locksChanged.connect(self.message.hide)    # a refusal for a lock of the last step
        self.refresh()

    # ---- what is shown ---------------------------------------------------------------------
    def _target(self) -> tuple[str, str]:
        """("root", "") or ("user", NAME) for the selection, ("", "") for anything else."""
        key = self._doc.selection or ""
        if key == "root":
            return "root", ""
        kind, _, name = key.partition("/")
        if kind == "user" and name in self._doc.scenario.users:
            return "user", name
        return "", ""

    def _selection_changed(self, _key: str) -> None:
        self.message.hide()
        self.refresh()

    def refresh(self) -> None:
        """Show the model's credentials of the selection (after any change, undo or refusal)."""
        kind, name = self._target()
        self.setVisible(bool(kind))
        self._filling = True
        try:
            for w in self._key_widgets:
                self.keys.removeWidget(w)
                w.setParent(None)            # gone from the panel now; deleted once its signal returns
                w.deleteLater()
            self._key_widgets = []
            if kind == "root":
                self.console.hide()
                self.mfa.setChecked(bool(self._doc.scenario.root_mfa))
                self.mfa.setAccessibleName("Root user MFA device")
            elif kind == "user":
                user = self._doc.scenario.users[name]
                self.console.show()
                self.console.setChecked(user.console)
                self.mfa.setChecked(user.mfa)
                self.mfa.setAccessibleName("MFA device")
                for i, key in enumerate(user.access_keys):
                    self._add_key_row(i, name, key.id, key.status)
        finally:
            self._filling = False

    def _add_key_row(self, row: int, user: str, key_id: str, status: str) -> None:
        label = QLabel(f"Key {key_id}")
        label.setObjectName(f"credKeyLabel_{key_id}")
        label.setToolTip(f"Access key {key_id}: an id and a secret that sign API calls")
        combo = QComboBox()
        combo.setObjectName(f"credKeyStatus_{key_id}")
        combo.setAccessibleName(f"Status of access key {key_id}")
        combo.addItems(KEY_STATUSES)
        combo.setCurrentText(status)
        combo.currentTextChanged.connect(lambda s, k=key_id: self._set_status(user, k, s))
        delete = QPushButton("Delete", objectName=f"credKeyDelete_{key_id}")  # type: ignore[call-overload]  # PySide6 takes Qt properties as keywords; its stubs do not
        delete.setAccessibleName(f"Delete access key {key_id}")
        delete.setToolTip("Delete this access key: requests signed with it no longer authenticate")
        delete.clicked.connect(lambda _=False, k=key_id: self._delete(user, k))
        # the key id on a line of its own, its controls under it: the row fits a narrow pane
        self.keys.addWidget(label, 2 * row, 0, 1, 2)
        self.keys.addWidget(combo, 2 * row + 1, 0)
        self.keys.addWidget(delete, 2 * row + 1, 1)
        self._key_widgets += [label, combo, delete]

    # ---- changes (core edits) ---------------------------------------------------------------
    def _run(self, text: str, operation, *args, **kwargs) -> None:
        try:
            self._doc.apply(text, operation, *args, **kwargs)
            self.message.hide()
        except edits.Refused as why:
            self.message.setText(f"Not changed: {why}")
            self.message.show()
            self.refresh()

    def _console_toggled(self, on: bool) -> None:
        kind, name = self._target()
        if not self._filling and kind == "user":
            self._run(f"{'Give' if on else 'Remove'} console password of {name}",
                      edits.set_user_credentials, name, console=on)

    def _mfa_toggled(self, on: bool) -> None:
        if self._filling:
            return
        kind, name = self._target()
        if kind == "root":
            self._run(f"{'Add' if on else 'Remove'} root user MFA", edits.set_root_mfa, on)
        elif kind == "user":
            self._run(f"{'Add' if on else 'Remove'} MFA device of {name}", edits.set_user_credentials, name, mfa=on)

    def _set_status(self, user: str, key_id: str, status: str) -> None:
        if not self._filling:
            self._run(f"Make access key {key_id} {status}", edits.set_access_key_status, user, key_id, status)

    def _delete(self, user: str, key_id: str) -> None:
        self._run(f"Delete access key {key_id}", edits.delete_access_key, user, key_id)
