#!/usr/bin/env bash
# Runs every ```sh block of the given Markdown files, file after file and
# block after block, in a fresh copy of the source tree, with a built simrun:
# what a reader who follows the docs from a fresh clone types. Fails at the
# first block that fails, naming it.
#
#   run_doc_examples.sh SOURCE_DIR SIMRUN FILE.md [FILE.md ...]
#
# FILEs are relative to SOURCE_DIR. A block is skipped when the last
# non-blank line before its fence is `<!-- not run -->`, and replaced by CMD
# when it is `<!-- run instead: CMD -->` (for the build-and-run line of the
# README: the tree is built already).
#
# DOC_EXAMPLE_RUNS (default 8) replaces the run count of every run, compare
# and sweep (--runs, or the scenario's or sweep's own), so that the whole
# set takes a minute or two; DOC_EXAMPLE_RUNS= (empty) runs the examples as
# written, which takes much longer (tens of minutes on two cores).
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 SOURCE_DIR SIMRUN FILE.md [FILE.md ...]" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
real_simrun=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
shift 2
export DOC_EXAMPLE_RUNS="${DOC_EXAMPLE_RUNS-8}"

work=$(mktemp -d "${TMPDIR:-/tmp}/simrun_docs_XXXXXX")
trap 'rm -rf "$work"' EXIT

# The tracked files only, as a clone has them (no build/, no results/).
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z | tar --null -cf - -T - 2>/dev/null) | (cd "$work" && tar -xf -)
else
  (cd "$src" && tar --exclude=./build --exclude=./results -cf - .) | (cd "$work" && tar -xf -)
fi

# `simrun` and `./build/simrun` run the built program through a wrapper that
# applies DOC_EXAMPLE_RUNS.
mkdir -p "$work/.doc-bin" "$work/build"
cat >"$work/.doc-bin/simrun" <<WRAPPER
#!/usr/bin/env bash
n="\$DOC_EXAMPLE_RUNS"
command=""
skip=0
for a in "\$@"; do
  if [ \$skip = 1 ]; then skip=0; continue; fi
  case "\$a" in
    --runs|-n|--seed|-s|--threads|-t|--out|-o|--set|--vary) skip=1 ;;
    --dry-run) n="" ;;
    -*) ;;
    *) [ -z "\$command" ] && command="\$a" ;;
  esac
done
case "\$command" in validate|summary|schema|scenario|export|help) n="" ;; esac
args=()
skip=0
for a in "\$@"; do
  if [ \$skip = 1 ]; then skip=0; continue; fi
  if [ -n "\$n" ]; then
    case "\$a" in
      --runs|-n) skip=1; continue ;;
      --runs=*) continue ;;
    esac
  fi
  args+=("\$a")
done
if [ -n "\$n" ]; then args+=(--runs "\$n"); fi
exec "$real_simrun" "\${args[@]}"
WRAPPER
chmod +x "$work/.doc-bin/simrun"
ln -s "$work/.doc-bin/simrun" "$work/build/simrun"
export PATH="$work/.doc-bin:$PATH"

# Prints each runnable block as: a line "@@ FILE:LINE", then its commands.
extract() {
  awk -v file="$1" '
    /^```sh[ \t]*$/ && !inblock { inblock = 1; start = NR; body = ""; next }
    /^```[ \t]*$/ && inblock {
      inblock = 0
      if (last ~ /^<!-- not run -->$/) next
      if (last ~ /^<!-- run instead: .* -->$/) {
        body = last; sub(/^<!-- run instead: /, "", body); sub(/ -->$/, "", body); body = body "\n"
      }
      printf "@@ %s:%d\n%s", file, start, body
      next
    }
    inblock { body = body $0 "\n"; next }
    /[^ \t]/ { last = $0 }
  ' "$src/$1"
}

count=0
run_block() {
  [ -n "$1" ] || return 0
  count=$((count + 1))
  echo "=== $1" >&2
  if ! (cd "$work" && bash -euo pipefail -c "$2"); then
    printf 'FAILED: the block at %s:\n%s' "$1" "$2" >&2
    exit 1
  fi
}

for doc in "$@"; do
  block=""
  where=""
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line == "@@ "* ]]; then
      run_block "$where" "$block"
      where=${line#@@ }
      block=""
    else
      block+="$line"$'\n'
    fi
  done < <(extract "$doc")
  run_block "$where" "$block"
done
echo "all $count blocks ran (DOC_EXAMPLE_RUNS=${DOC_EXAMPLE_RUNS:-as written})"
