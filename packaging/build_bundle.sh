#!/usr/bin/env bash
# Build the one-folder desktop bundle into packaging/dist/nn-playground/.
#
#   packaging/build_bundle.sh            # uses python3; PYTHON=/path/to/python to choose
#
# The wheel is installed (not the source tree) into a clean build environment, so the bundle
# carries exactly the files the wheel carries. The environment is kept in packaging/build/
# between runs; delete that folder to start from scratch.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${NN_PLAYGROUND_BUILD_DIR:-$here/build}"
dist="${NN_PLAYGROUND_DIST_DIR:-$here/dist}"
python="${PYTHON:-python3}"
venv="$build/venv"
bin="$venv/bin"
[ -d "$venv/Scripts" ] && bin="$venv/Scripts"

mkdir -p "$build"
if [ ! -x "$bin/python" ] && [ ! -x "$bin/python.exe" ]; then
  "$python" -m venv "$venv"
  [ -d "$venv/Scripts" ] && bin="$venv/Scripts"
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
"$bin/python" -m pip install -q "pyinstaller>=6.10" "$root"
# Same version number as last time would be skipped: always take the current sources.
"$bin/python" -m pip install -q --force-reinstall --no-deps "$root"

# Run from the build folder so the checkout's playground/ cannot shadow the installed one.
cd "$build"
"$bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$build/work" "$here/nn-playground.spec"

bundle="$dist/nn-playground"
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
