#!/usr/bin/env bash
# Build the one-folder desktop bundle into packaging/dist/nn-playground/.
#
#   packaging/build_bundle.sh            # uses python3; PYTHON=/path/to/python to choose
#
# The wheel is built and installed (not the source tree) into a build environment, so the
# bundle carries exactly the files the wheel carries. The environment is kept in
# packaging/build/ between runs; delete that folder to start from scratch.
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

# Build the wheel from a clean copy of the sources: an in-tree build would leave build/ in the
# checkout, and stale files there could slip into later wheels.
src="$build/src"
rm -rf "$src" "$build/wheel"
mkdir -p "$src/packaging"
cp "$root/pyproject.toml" "$root/README.md" "$src/"
cp -R "$root/playground" "$root/resources" "$src/"
cp "$here/build_hooks.py" "$src/packaging/"
find "$src" -name __pycache__ -type d -prune -exec rm -rf {} +
"$bin/python" -m pip wheel -q --no-deps -w "$build/wheel" "$src"
wheel="$(ls "$build"/wheel/nn_playground-*.whl)"

"$bin/python" -m pip install -q "pyinstaller>=6.10" "$wheel"
# The same version number as last time would be skipped: always take the fresh wheel.
"$bin/python" -m pip install -q --force-reinstall --no-deps "$wheel"

# Run from the build folder so the checkout's playground/ cannot shadow the installed one.
cd "$build"
"$bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$build/work" "$here/nn-playground.spec"

bundle="$dist/nn-playground"
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
