"""A scenario written as JSON: the title's `*` is exact for it too (an edit typed back leaves no `*`)."""
from __future__ import annotations

import json

import pytest
from test_one_source_of_truth import type_over

from iam_studio.core.yamlsource import ROUND_TRIP_LIMIT

SCENARIO = {
    "iam_studio": 1,
    "title": "Photos, in JSON",
    "account": "123456789012",
    "policies": {"ReadPhotos": {"document": {"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*",
         "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "Bool": {"aws:SecureTransport": True}}}]}}},
    "users": {"alice": {"policies": ["ReadPhotos"], "console": True, "mfa": True}},
    "resources": {"photos": {"arn": "arn:aws:s3:::photos"}},
    "requests": [{"name": "alice reads", "principal": "user/alice", "action": "s3:GetObject",
                  "resource": "arn:aws:s3:::photos/a.jpg",
                  "context": {"aws:MultiFactorAuthAge": "60", "aws:SecureTransport": "true"},
                  "expect": "allowed"}],
}


@pytest.fixture
def window(window):
    window.resize(1400, 900)
    return window



def json_text(how: str) -> str:
    """The scenario as JSON: as most tools write it, with Windows line ends, or large (more than the
    text the comment-keeping reader takes, ROUND_TRIP_LIMIT)."""
    data = dict(SCENARIO)
    if how == "large":
        data["users"] = {**SCENARIO["users"], **{f"user{i:05d}": {"path": "/staff/"} for i in range(9000)}}
    text = json.dumps(data, indent=2) + "\n"
    assert how != "large" or len(text) > ROUND_TRIP_LIMIT
    return text.replace("\n", "\r\n") if how == "crlf" else text


@pytest.mark.parametrize("how", ["lf", "crlf", "large"])
def test_an_edit_typed_back_in_a_json_scenario_leaves_no_star(window, qtbot, tmp_path, never_asked, how):
    path = tmp_path / "photos.json"
    path.write_bytes(json_text(how).encode("utf-8"))
    original = path.read_bytes()
    window.open_path(str(path))
    assert window.doc.path == str(path) and not window.isWindowModified()
    window.canvas.click_node("policy/ReadPhotos", False)
    type_over(qtbot, window.editor, "s3:GetObject", "s3:PutObject")
    assert window.isWindowModified()
    type_over(qtbot, window.editor, "s3:PutObject", "s3:GetObject")       # typed back: the file again
    assert window.doc.undo_stack.canUndo() and not window.isWindowModified()
    window.close()                                                         # nothing differs: no question
    assert path.read_bytes() == original
