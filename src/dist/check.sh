#!/usr/bin/env bash
# Tries the packaged app (mvn -B -Pdist verify) the way a lecturer would on a machine without Java:
# only the image's own launchers, from another folder, with no JAVA_HOME and no java on the PATH.
set -euo pipefail
image="$(cd "$1" && pwd)"
# Where we may (root, mount namespaces), hide every installed JDK: the image must bring its own Java.
if [ -z "${RINGSCOPE_DIST_ISOLATED:-}" ] && [ "$(id -u)" = 0 ] && [ -d /usr/lib/jvm ] \
   && unshare -m true 2>/dev/null; then
  export RINGSCOPE_DIST_ISOLATED=1
  exec unshare -m bash -c 'mount -t tmpfs none /usr/lib/jvm && exec bash "$0" "$@"' "$0" "$image"
fi
cli="$image/bin/ringscope"
samples="$image/lib/app/samples"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export PATH=/usr/bin:/bin
unset JAVA_HOME

fail() { echo "dist check: $*" >&2; exit 1; }

[ -x "$image/bin/RingScope" ] || fail "the window's launcher bin/RingScope is missing"
[ -x "$cli" ] || fail "the command-line launcher bin/ringscope is missing"
[ -f "$samples/lessons/01-rings-and-a-system-call.json" ] || fail "the lessons are missing from the image"

"$cli" --version >/dev/null || fail "'ringscope --version' failed"
out=$("$cli" run "$samples/user/hello.asm" 2>/dev/null) || fail "'ringscope run hello.asm' failed"
grep -q "hello from ring 3" <<<"$out" || fail "'ringscope run hello.asm' did not print the greeting: $out"
out=$("$cli" run "$samples/c/syscall.elf" 2>/dev/null) || fail "'ringscope run syscall.elf' failed"
[ -n "$out" ] || fail "'ringscope run syscall.elf' printed nothing"
"$cli" run "$samples/user/hello.asm" --technique hardware-assisted >/dev/null 2>&1 || fail "a run under VT-x failed"
"$cli" lesson check "$samples"/lessons/*.json >/dev/null || fail "'ringscope lesson check' failed on the shipped lessons"
"$cli" render "$samples/user/hello.asm" --at 3941 -o view.png >/dev/null 2>&1 || fail "'ringscope render' failed"
[ "$(head -c 8 view.png | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "render did not write a PNG"
# The window: under a virtual display where there is one, the launcher opens it and says when it is up.
if command -v Xvfb >/dev/null 2>&1; then
  display=":$(( 60 + RANDOM % 30 ))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  DISPLAY="$display" "$image/bin/RingScope" --startup-time=1 >window.log 2>&1 &
  app=$!
  for _ in $(seq 1 120); do
    grep -q "window ready" window.log && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
  done
  # Let it paint for a while, then judge the log as it stood before we stopped the app: a SIGTERM
  # lands in JavaFX's own shutdown, which may reject a last paint job (a race inside JavaFX's
  # renderer on the way out, not something a user who closes the window meets).
  sleep 2
  cp window.log window-running.log
  kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait 2>/dev/null || true
  ! grep -q "Unable to load glass GTK library" window.log \
    || fail "bin/RingScope needs GTK 3 for its window, as every JavaFX app on Linux (apt-get install libgtk-3-0)"
  grep -q "window ready" window.log || fail "bin/RingScope did not open its window: $(tail -5 window.log)"
  ! grep -q "Exception" window-running.log \
    || fail "bin/RingScope logged an exception: $(grep -m3 Exception window-running.log)"
  echo "dist check: $(grep -o 'window ready.*' window.log)"
else
  echo "dist check: no Xvfb here, so the window's launcher was not started (apt-get install xvfb)"
fi
if [ -n "${RINGSCOPE_DIST_ISOLATED:-}" ]; then
  echo "dist check: no JDK was visible (/usr/lib/jvm hidden)"
fi
echo "dist check: the packaged app ($(du -sh "$image" | cut -f1)) runs, checks lessons and renders without a JDK"
