#!/bin/sh
# Rewrites po/POTFILES.in from the sources. Run it after adding a file with
# translatable strings; po/check-potfiles.sh (a meson test) checks the result.
set -eu
cd "$(dirname "$0")/.."
{
  echo "# Files with translatable strings. Keep sorted; po/update-potfiles.sh writes it."
  (grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext)\(' --include='*.c' src || true;
   grep -rl 'translatable="yes"' --include='*.ui' src || true;
   ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml) | LC_ALL=C sort -u
} > po/POTFILES.in
