#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, when POTFILES.in names a file that does not exist, or when
# it is not sorted. Usage: check-potfiles.sh SOURCE-ROOT
set -eu
cd "$1"

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
status=0

# Files that hold translatable strings: C with _( or N_( or C_( or ngettext,
# .ui with translatable="yes", and the data templates.
found=$( (grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext)\(' --include='*.c' src || true;
          grep -rl 'translatable="yes"' --include='*.ui' src || true;
          ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml) | sort -u)

for f in $found; do
  if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names a missing file: $f"
    status=1
  fi
done

if [ "$(printf '%s\n' "$listed" | LC_ALL=C sort)" != "$listed" ]; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)"
  status=1
fi

exit $status
