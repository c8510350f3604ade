#!/usr/bin/env bash
# Measures actionctl side by side with curl on this machine:
#   1. one `actionctl test` process vs one `curl` process sending the same
#      request to a loopback server (median wall time over many runs, ratio);
#   (sections 2 and 3 generate their files from bench/fixtures/lookup-order.yaml,
#   the v1 shape of the shipped example, so figures stay comparable across
#   versions and an older BASELINE_BIN can read them too)
#   2. `actionctl validate` over a generated folder of 5,000 action files
#      (median files per second over VALIDATE_RUNS runs, and peak memory);
#   3. `actionctl test --all --mock` over MOCK_FILES (2,000) generated
#      actions, with the default jobs and with --jobs 16: peak memory
#      (target: under 64 MiB), most threads seen and wall time; with
#      BASELINE_BIN=/path/to/older/actionctl, that binary's figures beside.
#   4. redaction of a 10 MiB response body: `actionctl test` on a JSON body
#      that echoes the secret in several encodings, on the same body with
#      no echo, and curl downloading it (median over BODY_RUNS runs).
#   5. cases: CASE_FILES (1,000) actions with three cases each (body and
#      status checks), `actionctl test --all` live against a threaded
#      loopback server and under --mock, beside `hurl --test` running the
#      same requests and asserts: wall time, cases per second, peak memory
#      (hurl when installed).
#   6. `actionctl import openapi` of a generated OPENAPI_OPERATIONS (1,000)
#      operation document (parameters, enums, $ref/allOf bodies, auth):
#      median wall time, operations per second, peak memory.
#   7. MCP: one `tools/call` of lookup-order through `actionctl mcp` with the
#      client already connected (bench/mcp_client.py, stdlib only), beside
#      the same request sent straight to the loopback API and beside curl
#      (median; target: under 1 ms of overhead), then MCP_SEQUENTIAL (1,000)
#      calls one after another with the server's memory before, after and peak.
# Quote the ratios it prints, measured in one run; absolute times depend
# on the machine. Needs python3 (the loopback server) and curl; uses
# hyperfine when installed (apt-get install hyperfine), else a plain loop.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-60}
VALIDATE_RUNS=${VALIDATE_RUNS:-20}
BODY_RUNS=${BODY_RUNS:-15}
files=${FILES:-5000}
mock_files=${MOCK_FILES:-2000}
case_files=${CASE_FILES:-1000}
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

median_ms() { # command [runs] -> median wall time in ms over $runs runs
  python3 - "$1" "${2:-$runs}" <<'PY'
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
  sed "s/^name: .*/name: Lookup Order $i/" bench/fixtures/lookup-order.yaml > "$work/many/action-$i.yaml"
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
  sed "s/^name: .*/name: Lookup Order $i/" bench/fixtures/lookup-order.yaml > "$work/mock/actions/action-$i.yaml"
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

echo "== redaction: a 10 MiB JSON body ($BODY_RUNS runs each)"
# ORD-ECHO holds the secret in every 200th item: raw, with some characters
# \u-escaped, with every character \u-escaped, percent-encoded in lowercase,
# and inside base64 at offset 1. ORD-PLAIN is the same body without them.
# Both are just under 10 MiB (the default --max-response-size).
python3 - "$ACTIONCTL_SECRET_COMPANY_API" "$work/www/v1/orders" <<'PY'
import base64, json, random, sys, urllib.parse
secret, folder = sys.argv[1], sys.argv[2]
forms = [secret, secret.replace("-", "\\u002d"), "".join("\\u%04X" % ord(c) for c in secret),
         "".join("%%%02x" % b for b in secret.encode()), base64.b64encode(b"x" + secret.encode()).decode().rstrip("=")]
for name, echoes in (("ORD-ECHO", True), ("ORD-PLAIN", False)):
    random.seed(7)
    items, size, i, echoed = [], 0, 0, 0
    while size < 10 * 1024 * 1024 - 4096:
        item = json.dumps({"id": i, "sku": "PROD-%06d" % random.randrange(10**6),
                           "note": "shipped to 12 Main St & \"Dock 4\" 100% on time",
                           "blob": base64.b64encode(random.randbytes(48)).decode(),
                           "url": "https://example.com/a%2Fb?q=x+y"})
        if echoes and i % 200 == 0:
            item = item[:-1] + ', "echo": "%s"}' % forms[(i // 200) % len(forms)]
            echoed += 1
        items.append(item); size += len(item) + 1; i += 1
    with open(f"{folder}/{name}", "w") as f:
        f.write("[" + ",".join(items) + "]")
    if echoes:
        with open(f"{folder}/../../echoes", "w") as f:
            f.write(str(echoed))
PY
body_cmd() { echo "$bin -q test lookup-order --var order_number=$1 --base-url $url --format $2"; }
"$bin" -q test lookup-order --var order_number=ORD-ECHO --base-url "$url" > "$work/echo.out"
masks=$(grep -o '<secret:company-api>' "$work/echo.out" | wc -l)
if grep -q "$ACTIONCTL_SECRET_COMPANY_API" "$work/echo.out"; then echo "  LEAK: the secret is in the output"; exit 1; fi
te=$(median_ms "$(body_cmd ORD-ECHO text)" "$BODY_RUNS")
je=$(median_ms "$(body_cmd ORD-ECHO json)" "$BODY_RUNS")
tp=$(median_ms "$(body_cmd ORD-PLAIN text)" "$BODY_RUNS")
jp=$(median_ms "$(body_cmd ORD-PLAIN json)" "$BODY_RUNS")
cb=$(median_ms "curl -s -o /dev/null $url/v1/orders/ORD-ECHO" "$BODY_RUNS")
python3 -c 'import sys; n,m,te,je,tp,jp,cb=sys.argv[1:]; print(f"  body echoing the secret {n} times ({m} masks in the output):\n    actionctl test   text {float(te):7.1f} ms   --format json {float(je):7.1f} ms\n  same body, no echo:\n    actionctl test   text {float(tp):7.1f} ms   --format json {float(jp):7.1f} ms\n  curl download      {float(cb):7.1f} ms")' "$(cat "$work/www/echoes")" "$masks" "$te" "$je" "$tp" "$jp" "$cb"

echo "== cases: $case_files actions x 3 cases, actionctl test --all vs hurl --test"
# The same three requests and asserts per file (bench/fixtures/lookup-order-cases.*),
# live against one threaded loopback server, and actionctl's --mock beside.
mkdir -p "$work/cases/actions" "$work/cases/hurl"
for i in $(seq 1 "$case_files"); do
  sed "s/^name: .*/name: Lookup Order $i/" bench/fixtures/lookup-order-cases.yaml > "$work/cases/actions/action-$i.yaml"
  cp bench/fixtures/lookup-order-cases.hurl "$work/cases/hurl/action-$i.hurl"
done
cases_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$cases_port" <<'PY' &
import http.server, json, sys
answers = {"/v1/orders/ORD-1": (200, {"order_number": "ORD-1", "status": "shipped", "carrier": "UPS"}),
           "/v1/orders/ORD-00000": (404, {"error": "order ORD-00000 not found"}),
           "/v1/orders/ORD-500": (500, {"error": "internal error"})}
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, a client that
    # keeps the connection alive (hurl) waits out a delayed ACK per request.
    disable_nagle_algorithm = True
    def do_GET(self):
        status, body = answers.get(self.path, (404, {"error": "no such path"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
cases_pid=$!
trap 'kill "${server_pid:-}" "${cases_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$cases_port/v1/orders/ORD-1" >/dev/null && break; sleep 0.1; done
cases_url="http://127.0.0.1:$cases_port"
timed() { # label command... -> wall time, cases per second, peak memory of one run
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/cases.peak" "$@" >/dev/null 2>"$work/cases.err" || { echo "  $label failed:"; tail -3 "$work/cases.err"; return; }
  end=$(date +%s.%N)
  python3 -c 'import sys; label,s,e,kb,n=sys.argv[1:]; w=float(e)-float(s); print(f"  {label:<26} {w:6.2f} s  {int(n)/w:8,.0f} cases/s  peak memory {int(kb)/1024:6.1f} MiB")' \
    "$label" "$start" "$end" "$(tail -1 "$work/cases.peak")" "$((case_files * 3))"
}
timed "actionctl live" "$bin" -q --dir "$work/cases/actions" test --all --base-url "$cases_url"
timed "actionctl --mock" "$bin" -q --dir "$work/cases/actions" test --all --mock
if command -v hurl >/dev/null; then
  timed "hurl --test" hurl --test --variable "url=$cases_url" --variable "token=$ACTIONCTL_SECRET_COMPANY_API" "$work"/cases/hurl/*.hurl
else
  echo "  hurl not installed: apt-get install libcurl4-openssl-dev libxml2-dev libclang-dev pkg-config; cargo install --locked hurl --version 8.0.1 (8.1 needs a newer rustc)"
fi

# 6. import openapi: a generated document of OPENAPI_OPERATIONS (1,000)
# operations (path, query and header parameters, enums, a JSON body by
# $ref and allOf on every other one, bearer auth), imported into an empty
# folder each run (--force keeps the runs alike).
openapi_ops=${OPENAPI_OPERATIONS:-1000}
echo "== import openapi: a generated document of $openapi_ops operations"
mkdir -p "$work/openapi"
python3 - "$openapi_ops" > "$work/openapi/api.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print('openapi: 3.0.3\ninfo: {title: Bench, version: "1"}\nservers: [{url: "https://api.bench.example/v1"}]')
print('security: [{bearer: []}]\npaths:')
for i in range(0, n, 2):
    print(f'''  /resources{i}/{{id}}:
    parameters:
      - {{name: id, in: path, required: true, description: The resource id, schema: {{type: string, pattern: "R-[0-9]+"}}, example: R-1}}
    get:
      operationId: getResource{i}
      summary: Get resource {i}
      description: Returns one resource of kind {i}. Use it when the caller asks about it.
      parameters:
        - {{name: expand, in: query, schema: {{type: array, items: {{type: string, enum: [owner, history]}}}}}}
        - {{name: X-Request-Id, in: header, schema: {{type: string, format: uuid}}}}
        - {{name: limit, in: query, schema: {{type: integer, minimum: 1, maximum: 100, default: 10}}}}
      responses: {{"200": {{description: ok}}}}
    put:
      operationId: updateResource{i}
      summary: Update resource {i}
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/Update"}}
      responses: {{"200": {{description: ok}}}}''')
print('''components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Base: {type: object, required: [name], properties: {name: {type: string, description: The name}}}
    Update:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            status: {type: string, enum: [active, archived]}
            owner: {type: object, properties: {email: {type: string, format: email}, phone: {type: string}}}''')
PY
import_cmd="$bin -q --dir $work/openapi/actions import openapi $work/openapi/api.yaml --force"
$import_cmd >/dev/null
printf '  document: %s KiB, %s action files written\n' "$(( $(stat -c %s "$work/openapi/api.yaml") / 1024 ))" "$(ls "$work/openapi/actions" | wc -l)"
if command -v hyperfine >/dev/null; then
  hyperfine --shell=none --warmup 1 --runs 10 --export-json "$work/oa.json" -n import "$import_cmd" >/dev/null
  o=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"]*1000)' "$work/oa.json")
else
  o=$(median_ms "$import_cmd" 10)
fi
/usr/bin/time -f '%M' -o "$work/oa.peak" $import_cmd >/dev/null
python3 -c 'import sys; o,kb,n=float(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]); print(f"  import openapi  median {o:8.0f} ms for {n} operations ({n/o*1000:,.0f} operations/s; target: a few seconds), peak memory {kb/1024:.1f} MiB")' \
  "$o" "$(tail -1 "$work/oa.peak")" "$openapi_ops"

echo "== mcp: tools/call through actionctl mcp, client connected (${MCP_CALLS:-300} calls each)"
python3 bench/mcp_client.py "$bin" actions "$url" lookup-order '{"order_number":"ORD-1"}' \
  '/v1/orders/ORD-1?include=items' "$ACTIONCTL_SECRET_COMPANY_API" "${MCP_CALLS:-300}" "${MCP_SEQUENTIAL:-1000}"
echo "  curl (a process per request, for scale) median $(median_ms "$curl_cmd") ms"
