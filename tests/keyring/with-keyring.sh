#!/bin/sh
# Runs a test with a real gnome-keyring-daemon on the current session bus:
# a throwaway keyring directory, unlocked at start so that no prompt is needed.
# Usage: with-keyring.sh TEST-BINARY [ARGS…]
set -eu

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "1..0 # SKIP no session bus (build-aux/test provides one)"
  exit 0
fi
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "1..0 # SKIP gnome-keyring-daemon is not installed"
  exit 0
fi

XDG_DATA_HOME=$(mktemp -d)
XDG_RUNTIME_DIR=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME XDG_RUNTIME_DIR

printf '%s' test-only-keyring-password |
  gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null 2>"$XDG_RUNTIME_DIR/gkd.log" &
GKD=$!

cleanup () {
  kill "$GKD" 2>/dev/null || true
  wait "$GKD" 2>/dev/null || true
  rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
}
trap cleanup EXIT

i=0
until gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
        -m org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
  i=$((i + 1))
  if [ "$i" -gt 200 ]; then
    echo "Bail out! gnome-keyring-daemon did not start:"
    sed 's/^/# /' "$XDG_RUNTIME_DIR/gkd.log"
    exit 1
  fi
  sleep 0.05
done

"$@"
