#!/bin/sh
# Checks the vendored CVA6 files against MANIFEST: every file listed is there with its checksum,
# and no other file is in the folder (besides this script, MANIFEST, UPDATING and cva6.vlt, which
# are the project's). Prints one line per difference, naming MANIFEST's line, and exits 1 on any.
#
#   third_party/cva6/check_manifest.sh [DIR]    DIR: a copy of the folder (default: this one)
dir=${1:-$(dirname "$0")}
manifest="$dir/MANIFEST"
if [ ! -r "$manifest" ]; then
  echo "$manifest: cannot read the manifest" >&2
  exit 1
fi
cd "$dir" || exit 1
status=0
listed=$(mktemp)
trap 'rm -f "$listed"' EXIT
lineno=0
while IFS= read -r line; do
  lineno=$((lineno + 1))
  case "$line" in '#'* | '') continue ;; esac
  want=${line%%  *}
  path=${line#*  }
  if [ ${#want} -ne 64 ] || [ "$path" = "$line" ]; then
    echo "MANIFEST:$lineno: not a 'sha256  path' line" >&2
    status=1
    continue
  fi
  echo "$path" >> "$listed"
  if [ ! -f "$path" ]; then
    echo "MANIFEST:$lineno: $path: missing" >&2
    status=1
    continue
  fi
  got=$(sha256sum < "$path" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    echo "MANIFEST:$lineno: $path: sha256 $got, the manifest says $want (a vendored file was edited)" >&2
    status=1
  fi
done < MANIFEST
for f in $(find . -type f | sed 's|^\./||' | sort); do
  case "$f" in MANIFEST | UPDATING | cva6.vlt | check_manifest.sh) continue ;; esac
  if ! grep -qxF "$f" "$listed"; then
    echo "MANIFEST: $f: in the folder but not in the manifest" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "third_party/cva6: $(wc -l < "$listed") files match MANIFEST"
exit $status
