#!/usr/bin/env bash
# Set up IAM Studio on a fresh Debian machine and run it or its tests.
#   tools/dev.sh app [FILE]   install (virtualenv in .venv) and start the app, by default on a bundled scenario
#   tools/dev.sh test [ARGS]  install with the test extras and run the whole test suite: ruff, mypy, then pytest ARGS
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages Qt needs: offscreen rendering, then a real window (xcb).
QT_OFFSCREEN_DEBS=(libgl1 libegl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libxkbcommon0 fonts-dejavu-core)
QT_WINDOW_DEBS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
                libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-xfixes0 libxcb-xinerama0)

install_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0          # not Debian: leave system packages alone
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_python() {
  local extras="$1"
  # Debian's own python3 needs python3-venv for `python3 -m venv` (ensurepip).
  python3 -c "import ensurepip, venv" 2>/dev/null || install_debs python3-venv
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras}"
}

case "${1:-}" in
  app)
    shift
    install_debs "${QT_OFFSCREEN_DEBS[@]}" "${QT_WINDOW_DEBS[@]}"
    install_python ""
    exec .venv/bin/iam-studio "${@:-scenarios/employee-directory.yaml}"
    ;;
  test)
    shift
    install_debs "${QT_OFFSCREEN_DEBS[@]}"
    install_python "[test]"
    export QT_QPA_PLATFORM=offscreen
    .venv/bin/ruff check .
    .venv/bin/mypy                # pyproject.toml: strict on iam_studio.core, checked elsewhere
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: tools/dev.sh app [FILE] | tools/dev.sh test [PYTEST ARGS]" >&2
    exit 2
    ;;
esac
