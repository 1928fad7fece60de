#!/usr/bin/env bash
# Shared by build-aux/run and build-aux/test: installs the Debian packages the
# project needs, only when one of them is missing. Sourced, not run.

CS_DEBIAN_PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  glib-networking ca-certificates openssl
  librsvg2-common adwaita-icon-theme fonts-cantarell hicolor-icon-theme
  desktop-file-utils appstream
  xvfb xauth dbus gnome-keyring libsecret-tools
  at-spi2-core python3-pyatspi
  flatpak-builder jq curl python3
  imagemagick x11-utils xdotool
  locales
)

# The translation test runs the app in these (po/LINGUAS).
CS_TEST_LOCALES=(de_DE fr_FR)

cs_missing_packages ()
{
  local missing=()
  local p
  for p in "${CS_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]}"
}

# Generates the UTF-8 locales the translation test needs, when missing.
cs_ensure_locales ()
{
  local l
  for l in "${CS_TEST_LOCALES[@]}"; do
    if ! locale -a 2>/dev/null | grep -qi "^${l}\.utf-\?8$"; then
      if [ "$(id -u)" -ne 0 ]; then
        echo "The translation test needs the $l.UTF-8 locale: sudo localedef -i $l -f UTF-8 $l.UTF-8" >&2
        continue
      fi
      localedef -i "$l" -f UTF-8 "$l.UTF-8" >&2 || return 1
    fi
  done
}

cs_install_deps ()
{
  local missing
  missing=$(cs_missing_packages)
  if [ -z "$missing" ]; then
    cs_ensure_locales
    return
  fi

  if [ "$(id -u)" -ne 0 ]; then
    echo "Connector Studio needs these Debian packages:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    return 1
  fi

  echo "Installing: $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 || return 1
  # flatpak-builder recommends flatpak, which pulls in desktop portals that
  # would be D-Bus-activated by every GTK start; they are not needed here.
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >&2 || return 1
  cs_ensure_locales
}
