#!/usr/bin/env python3
"""A minimal MCP client over stdio (stdlib only) for bench/compare.sh.

Starts `actionctl mcp`, initializes once, then times `tools/call` of one
action against a loopback API with the client already connected, beside
the same request sent straight to the API from this process (a fresh
connection each time, as actionctl opens one). Then runs SEQUENTIAL
calls one after another and reports the server's resident memory before
and after, and its peak.

usage: mcp_client.py BIN ACTIONS_DIR API_URL TOOL ARGS_JSON PATH_AND_QUERY TOKEN CALLS SEQUENTIAL
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class Client:
    def __init__(self, argv, env):
        self.child = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env, bufsize=0)
        self.next_id = 0

    def send(self, message):
        self.child.stdin.write((json.dumps(message) + "\n").encode())

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            line = self.child.stdout.readline()
            if not line:
                raise SystemExit(f"the server closed stdout during {method}")
            message = json.loads(line)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise SystemExit(f"{method}: {message['error']}")
                return message["result"]

    def close(self):
        self.child.stdin.close()
        self.child.wait(timeout=10)


def main():
    (binary, actions, api, tool, args_json, target, token,
     calls, sequential) = sys.argv[1:10]
    calls, sequential = int(calls), int(sequential)
    arguments = json.loads(args_json)
    env = dict(os.environ, ACTIONCTL_KEYCHAIN="none")
    client = Client([binary, "-q", "--dir", actions, "mcp", "--base-url", api], env)
    client.request("initialize", {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "bench", "version": "1"}})
    client.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def call():
        result = client.request("tools/call", {"name": tool, "arguments": arguments})
        if result.get("isError"):
            raise SystemExit(f"tools/call failed: {result['content'][0]['text']}")

    parsed = urllib.parse.urlparse(api)

    def direct():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
        conn.request("GET", target, headers={
            "Accept": "application/json", "Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        response.read()
        conn.close()

    for _ in range(20):
        call()
        direct()
    mcp_times, direct_times = [], []
    for _ in range(calls):  # interleaved, so both see the same machine
        t = time.perf_counter()
        call()
        mcp_times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        direct()
        direct_times.append((time.perf_counter() - t) * 1000)
    m, d = statistics.median(mcp_times), statistics.median(direct_times)
    print(f"  tools/call via actionctl mcp  median {m:7.2f} ms  (p90 {statistics.quantiles(mcp_times, n=10)[-1]:.2f})")
    print(f"  same request, direct          median {d:7.2f} ms")
    print(f"  overhead of the MCP hop       median {m - d:7.2f} ms  (target: under 1 ms)")

    pid = client.child.pid
    rss_before = status_kb(pid, "VmRSS")
    started = time.perf_counter()
    for _ in range(sequential):
        call()
    wall = time.perf_counter() - started
    rss_after, peak = status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM")
    print(f"  {sequential} sequential calls: {wall:.2f} s ({sequential / wall:,.0f} calls/s); "
          f"RSS {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after, "
          f"peak {peak / 1024:.1f} MiB")
    client.close()


if __name__ == "__main__":
    main()
