#!/usr/bin/env bash
# Writes the work tree of one commit of a bare git directory (e.g. a mirror snapshot) into a folder,
# skipping blobs the snapshot lacks (snapshots may leave out their largest files), so the real-code
# corpus can be recreated from the commit named in a labels file.
#   scripts/corpusReal/materialize.sh <git-dir> <out-dir> [commit]
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 <git-dir> <out-dir> [commit]" >&2
  exit 2
fi
gitdir=$1
out=$2
rev=${3:-HEAD}
if ! commit=$(git --git-dir="$gitdir" rev-parse --verify --quiet "$rev^{commit}"); then
  echo "$0: $gitdir has no commit $rev" >&2
  exit 1
fi
mkdir -p "$out"
written=0
skipped=0
# -z: paths with spaces, tabs or newlines come through unquoted.
while IFS= read -r -d '' entry; do
  meta=${entry%%$'\t'*}
  path=${entry#*$'\t'}
  read -r mode type sha <<<"$meta"
  [ "$type" = blob ] || continue          # submodules (type commit) have no blob here
  if ! git --git-dir="$gitdir" cat-file -e "$sha" 2>/dev/null; then
    skipped=$((skipped + 1))
    continue
  fi
  mkdir -p "$out/$(dirname -- "$path")"
  if [ "$mode" = 120000 ]; then
    # a symlink's blob is its target; written as a link so the tree reads as in a checkout
    ln -sfn -- "$(git --git-dir="$gitdir" cat-file blob "$sha")" "$out/$path"
  else
    git --git-dir="$gitdir" cat-file blob "$sha" >"$out/$path"
    [ "$mode" = 100755 ] && chmod +x "$out/$path"
  fi
  written=$((written + 1))
done < <(git --git-dir="$gitdir" ls-tree -r -z "$commit")
# A clone has a .git folder: with one, CostLens takes the repository as the workspace root (a scan
# of examples/ then sees its paths as examples/…, as it would in a clone).
[ -e "$out/.git" ] || git init -q "$out"
echo "$out: commit $commit, $written file(s) written, $skipped missing blob(s) skipped"
