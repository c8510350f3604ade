#!/usr/bin/env bash
# Measures actionctl side by side with curl on this machine:
#   1. one `actionctl test` process vs one `curl` process sending the same
#      request to a loopback server (median wall time over many runs, ratio);
#   2. `actionctl validate` over a generated folder of 5,000 action files
#      (median files per second over VALIDATE_RUNS runs, and peak memory);
#   3. `actionctl test --all --mock` over MOCK_FILES (2,000) generated
#      actions, with the default jobs and with --jobs 16: peak memory
#      (target: under 64 MiB), most threads seen and wall time; with
#      BASELINE_BIN=/path/to/older/actionctl, that binary's figures beside.
# Quote the ratios it prints, measured in one run; absolute times depend
# on the machine. Needs python3 (the loopback server) and curl; uses
# hyperfine when installed (apt-get install hyperfine), else a plain loop.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-60}
VALIDATE_RUNS=${VALIDATE_RUNS:-20}
files=${FILES:-5000}
mock_files=${MOCK_FILES:-2000}
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== building release"
cargo build --release --quiet
bin=$PWD/target/release/actionctl

# A static loopback server: GET /v1/orders/ORD-1 answers a small JSON body.
mkdir -p "$work/www/v1/orders"
printf '{"order_number":"ORD-1","status":"shipped","carrier":"UPS"}' > "$work/www/v1/orders/ORD-1"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/v1/orders/ORD-1" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"

export ACTIONCTL_SECRET_COMPANY_API=bench-token-123 ACTIONCTL_KEYCHAIN=none NO_COLOR=1
actionctl_cmd="$bin -q test lookup-order --var order_number=ORD-1 --base-url $url"
curl_cmd="curl -s -o /dev/null -H 'Accept: application/json' -H 'Authorization: Bearer bench-token-123' '$url/v1/orders/ORD-1?include=items'"

median_ms() { # command -> median wall time in ms over $runs runs
  python3 - "$1" "$runs" <<'PY'
import subprocess, sys, time, statistics
cmd, runs = sys.argv[1], int(sys.argv[2])
for _ in range(5):
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.2f}")
PY
}

echo "== one request: actionctl test vs curl ($runs runs each, same request, loopback)"
if command -v hyperfine >/dev/null; then
  hyperfine --shell=none --warmup 5 --runs "$runs" --export-json "$work/h.json" \
    -n actionctl "$actionctl_cmd" -n curl "curl -s -o /dev/null -H Accept:application/json -H Authorization:Bearer_bench $url/v1/orders/ORD-1?include=items" >/dev/null
  read -r a c < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"]*1000, r[1]["median"]*1000)' "$work/h.json")
else
  a=$(median_ms "$actionctl_cmd")
  c=$(median_ms "$curl_cmd")
fi
python3 -c 'import sys; a,c=float(sys.argv[1]),float(sys.argv[2]); print(f"  actionctl test  median {a:8.2f} ms\n  curl            median {c:8.2f} ms\n  ratio           {a/c:8.2f}x  (target: within 1.5x)")' "$a" "$c"

echo "== validate: $files generated action files"
mkdir -p "$work/many"
for i in $(seq 1 "$files"); do
  sed "s/^name: .*/name: Lookup Order $i/" actions/lookup-order.yaml > "$work/many/action-$i.yaml"
done
/usr/bin/time -f '%M' -o "$work/peak" "$bin" -q validate "$work/many"
python3 - "$bin" "$work/many" "$files" "$VALIDATE_RUNS" "$(cat "$work/peak")" <<'PY'
import subprocess, sys, time, statistics
bin, folder, n, runs, peak_kb = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([bin, "-q", "validate", folder], check=True)
    times.append(time.perf_counter() - t)
m = statistics.median(times)
print(f"  {n} files: median {m*1000:.0f} ms over {runs} runs (fastest {min(times)*1000:.0f}, slowest {max(times)*1000:.0f})")
print(f"  {n/m:,.0f} files/s (target: 20,000), peak memory {peak_kb/1024:.1f} MiB")
PY

echo "== test --all --mock: $mock_files generated actions"
mkdir -p "$work/mock/actions"
for i in $(seq 1 "$mock_files"); do
  sed "s/^name: .*/name: Lookup Order $i/" actions/lookup-order.yaml > "$work/mock/actions/action-$i.yaml"
done
mock_all() { # label binary [extra args] -> one line: peak RSS (rusage), most threads seen, wall time
  python3 - "$work/mock/actions" "$@" <<'PY'
import os, subprocess, sys, time
folder, label, bin, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
started = time.perf_counter()
child = subprocess.Popen([bin, "-q", "--dir", folder, "test", "--all", "--mock", *extra],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
threads = 0
# Sample the thread count until the child exits (waitid with WNOWAIT
# leaves it unreaped), then reap it with wait4 for its exact peak RSS.
while os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
    try:
        with open(f"/proc/{child.pid}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    threads = max(threads, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.01)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
print(f"  {label:<20} peak memory {usage.ru_maxrss/1024:7.1f} MiB (target: under 64), "
      f"most threads seen {threads:5d}, {wall:6.1f} s, exit {code}")
PY
}
mock_all "actionctl" "$bin"
mock_all "actionctl --jobs 16" "$bin" --jobs 16
if [ -n "${BASELINE_BIN:-}" ]; then
  mock_all "baseline" "$BASELINE_BIN"
fi
