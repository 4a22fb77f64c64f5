"""The CLI never reports success over input it could not read (issue 8)."""
from __future__ import annotations

import os
import sys

from iam_studio.cli.main import main
from iam_studio.core.limits import MAX_FILE_BYTES

SCENARIO = """\
iam_studio: 1
title: t
account: "123456789012"
users:
  ana: {}
requests:
  - {principal: user/ana, action: s3:GetObject, resource: "*", expect: implicit_deny}
"""


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_folder_named_like_a_scenario_or_an_empty_path_yields_no_scenario_exit_2(tmp_path, capsys):
    (tmp_path / "x.yaml").mkdir()
    code, text = run(capsys, "check", str(tmp_path / "x.yaml"))
    assert code == 2 and f"{tmp_path / 'x.yaml'}:1:1: error: no scenario file found here" in text and "help:" in text
    code, text = run(capsys, "check", "")
    assert code == 2 and '"":1:1: error:' in text


def test_pipes_devices_and_dangling_links_are_refused_by_type_given_or_found(tmp_path, capsys):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "good.yaml").write_text(SCENARIO)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "gone.yaml").symlink_to(tmp_path / "missing")
    code, text = run(capsys, "check", str(folder))
    assert code == 2
    assert f"{folder / 'pipe.yaml'}:1:1: error: this is a named pipe (FIFO), not a file" in text
    assert f"{folder / 'zero.yaml'}:1:1: error: this is a character device, not a file" in text
    assert f"{folder / 'gone.yaml'}:1:1: error: cannot read the file: no such file or directory" in text
    assert "1 passed, 0 failed, 3 input errors" in text
    for name in ("pipe.yaml", "zero.yaml"):
        code, text = run(capsys, "lint", str(folder / name))
        assert code == 2 and ":1:1: error: this is a" in text
        code, text = run(capsys, "eval", str(folder / name), "--principal", "root", "--action", "s3:GetObject")
        assert code == 2 and ":1:1: error: this is a" in text


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:                  # sparse: nothing is written to the disk
        handle.truncate(MAX_FILE_BYTES + 1)
    code, text = run(capsys, "check", str(big))
    assert code == 2 and f"{big}:1:1: error: the file is larger than 64 MB" in text and "help:" in text


def test_not_utf8_is_reported_at_the_byte(tmp_path, capsys):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b'iam_studio: 1\ntitle: caf\xe9\n')
    code, text = run(capsys, "check", str(path))
    assert code == 2 and f"{path}:2:11: error: the file is not UTF-8 text: byte 0xE9" in text and "help:" in text


def test_eval_checks_its_arguments_as_the_loader_checks_a_request(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO)
    base = ["eval", str(path), "--principal", "user/ana"]
    for extra, field in ((["--action", ""], "--action"),
                         (["--action", "s3:GetObject", "--resource", "not-an-arn"], "--resource"),
                         (["--action", "s3:GetObject", "--resource-account", "12"], "--resource-account"),
                         (["--action", "s3:GetObject", "--context", "nocolon=1"], "--context"),
                         (["--action", "s3:Get*"], "--action")):
        code, text = run(capsys, *base, *extra)
        assert code == 2 and text.startswith(f"{field}: error:") and "help:" in text, text
    code, text = run(capsys, "eval", str(path), "--principal", "user/bob", "--action", "s3:GetObject")
    assert code == 2 and text.startswith("--principal: error: no user `bob`")
    code, text = run(capsys, *base, "--action", "s3:GetObject", "--context", "aws:SourceIp=203.0.113.7")
    assert code == 0 and text.startswith("IMPLICIT DENY")


def test_lint_applies_the_size_limit_of_the_policy_type(tmp_path, capsys):
    statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}'
    path = tmp_path / "p.json"
    path.write_text('{"Version":"2012-10-17","Statement":[' + ",".join([statement] * 200) + "]}")
    code, text = run(capsys, "lint", str(path))
    assert code == 2 and "over the limit of 6144" in text
    code, text = run(capsys, "lint", "--type", "resource", str(path))
    assert "over the limit" not in text                    # 11,200 characters fit a resource policy
    path.write_text('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:' + "a" * 300_000
                    + '","Resource":"*"}]}')
    code, text = run(capsys, "lint", str(path))
    assert code == 2 and f"{path}:1:1: error: the policy has" in text


def test_printing_a_lone_surrogate_does_not_stop_the_output(tmp_path):
    import subprocess
    path = tmp_path / "p.json"
    path.write_text('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:\\ud800","Resource":"*"}]}')
    done = subprocess.run([sys.executable, "-m", "iam_studio.launcher", "lint", str(path)], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=60)
    assert done.returncode == 2 and b"Traceback" not in done.stderr and b"\\ud800" in done.stdout


def test_tens_of_thousands_of_options_are_refused_at_once(capsys):
    argv = ["eval", "x.yaml", "--principal", "root", "--action", "s3:GetObject"]
    for i in range(40_000):
        argv += ["--context", f"k:{i}=v"]
    code, text = run(capsys, *argv)
    assert code == 2 and "40,002 options given" in text and "help:" in text
