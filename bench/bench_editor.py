"""Editor diagnostics on a 6 KB policy after one keystroke (target: 30 ms or less). Prints the figure.

Run: QT_QPA_PLATFORM=offscreen python bench/bench_editor.py
"""
from __future__ import annotations

import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from iam_studio.core.scenario.model import Scenario  # noqa: E402
from iam_studio.gui.document import ScenarioDocument  # noqa: E402
from iam_studio.gui.editor import PolicyEditor  # noqa: E402

TARGET_MS = 30.0


def six_kb_policy() -> str:
    statements = []
    i = 0
    while len(json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)) < 6000:
        statements.append({"Sid": f"Statement{i}", "Effect": "Allow" if i % 3 else "Deny",
                           "Action": ["s3:GetObject", "s3:PutObject", f"ec2:Describe{'Instances' if i % 2 else '*'}"],
                           "Resource": [f"arn:aws:s3:::bucket-{i}/*", f"arn:aws:s3:::bucket-{i}"],
                           "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}})
        i += 1
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2) + "\n"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    text = six_kb_policy()
    doc = ScenarioDocument(Scenario())
    doc.set_policy_document("Big", text)
    editor = PolicyEditor(doc)
    editor.resize(900, 700)
    editor.show()
    doc.select("policy/Big")
    cursor = editor.text.textCursor()
    cursor.setPosition(text.index('"Allow"') + 3)
    editor.text.setTextCursor(cursor)
    timings = []
    for n in range(30):
        start = time.perf_counter()
        QTest.keyClick(editor.text, Qt.Key.Key_X if n % 2 == 0 else Qt.Key.Key_Backspace)
        editor.flush()                      # what the debounce timer runs: parse, hand over, show problems
        app.processEvents()
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    print(f"policy size: {len(text)} characters, {len(doc.policy(chr(66) + 'ig').statements)} statements")
    print(f"diagnostics after a keystroke: median {median:.1f} ms, max {max(timings):.1f} ms "
          f"(target {TARGET_MS:.0f} ms: {'met' if median <= TARGET_MS else 'NOT met'})")
    editor.close()
    editor.deleteLater()
    doc.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
