#!/bin/sh
# The rows of docs/PERFORMANCE.md's table that are whole processes: roadlog's commands on
# documents from `roadlog demo --stories N`, beside the parse floor, the fsync floor and
# taskwarrior. Needs hyperfine, GNU time and (for the peer row) taskwarrior:
#   apt-get install hyperfine time taskwarrior
#   cargo build --release --bin roadlog --example parse_floor
#   sh benches/table.sh [100000] [10000]      # sizes for the big rows and the list row
# Medians are what the table quotes; on a shared machine, run it more than once.
set -eu
big=${1:-100000}
small=${2:-10000}
bin=$(pwd)/target/release/roadlog
floor=$(pwd)/target/release/examples/parse_floor
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() { hyperfine --style basic --warmup 1 --runs "${RUNS:-10}" --export-json "$dir/last.json" "$@" >&2
        python3 -c 'import json,sys; [print("%-60s median %8.1f ms  (min %.1f, max %.1f)" % (r["command"][:60], r["median"]*1e3, r["min"]*1e3, r["max"]*1e3)) for r in json.load(open(sys.argv[1]))["results"]]' "$dir/last.json"; }
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }

"$bin" demo --out "$dir/big.json" --stories "$big" >/dev/null
"$bin" demo --out "$dir/small.json" --stories "$small" >/dev/null
size=$(stat -c %s "$dir/big.json")
last=$("$bin" --file "$dir/big.json" story list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
echo "== $big stories: $size bytes"
run -n floor "$floor $dir/big.json" -n check "$bin --file $dir/big.json check"
run -n "list --json" "$bin --file $dir/big.json story list --json >/dev/null"
run -n "story edit" "$bin --file $dir/big.json story edit $last --title \"edited \$\$\"" \
    -n "dd conv=fsync (same bytes)" "dd if=$dir/big.json of=$dir/copy.json bs=1M conv=fsync status=none"
echo "peak RSS, KiB (file: $((size / 1024)) KiB):"
echo "  check: $(peak "$bin" --file "$dir/big.json" check)"
echo "  edit:  $(peak "$bin" --file "$dir/big.json" story edit "$last" --title "edited again")"
echo "== $small stories"
run -n "story list" "$bin --file $dir/small.json story list >/dev/null"
if command -v task >/dev/null; then
    export TASKDATA="$dir/task" TASKRC="$dir/taskrc"
    mkdir -p "$TASKDATA"; : >"$TASKRC"
    python3 -c 'import json,sys; n=int(sys.argv[1]); print("\n".join(json.dumps({"description":"Story %d: shoppers can filter by size" % i,"status":"pending","entry":"20261123T090000Z","project":"shop","priority":"M","tags":["web"]}) for i in range(n)))' "$small" >"$dir/tasks.json"
    task rc.confirmation=off rc.verbose=nothing import "$dir/tasks.json" >/dev/null 2>&1
    run -n "task list" "task rc.verbose=nothing list >/dev/null" \
        -n "task modify" "task rc.confirmation=off rc.verbose=nothing 1 modify \"edited \$\$\" >/dev/null"
fi
