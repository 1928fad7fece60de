#!/bin/sh
# Checks the Flatpak manifest offline: it must parse with flatpak-builder
# without a single warning, and keep the sandbox promises the README makes.
# Usage: check-manifest.sh MANIFEST
set -eu
manifest=$1

# Inside a Flatpak build neither tool exists: skip (77) rather than pass.
for tool in flatpak-builder jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed: skipped" >&2
    exit 77
  fi
done

out=$(flatpak-builder --show-manifest "$manifest" 2>&1 >/dev/null) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "flatpak-builder printed:"
  echo "$out"
  exit 1
fi

status=0
check () {
  if ! jq -e "$1" "$manifest" >/dev/null; then
    echo "manifest check failed: $2"
    status=1
  fi
}
check '.runtime == "org.gnome.Platform" and .sdk == "org.gnome.Sdk"' "GNOME runtime and SDK"
check '.["runtime-version"] == "48"' "runtime version 48"
check '.["finish-args"] | sort == (["--device=dri","--share=ipc","--share=network","--socket=fallback-x11","--socket=wayland"] | sort)' \
  "finish-args are exactly network, ipc, wayland, fallback-x11 and dri"
check '[.["finish-args"][] | select(test("filesystem|talk-name|own-name|system-talk-name"))] | length == 0' \
  "no filesystem access and no D-Bus names (libsecret uses the secret portal)"
check '.modules[-1].buildsystem == "meson" and .modules[-1]["run-tests"] == true' "the app is built with meson and its tests run"
check '.modules[-1].sources[0].type == "dir"' "the app is built from the source folder"
exit $status
