#!/usr/bin/env python3
"""Times `status` on one large log with two builds of okrd, alternately (A/B, same data).

usage: status-ab.py LOG_DIR BEFORE_BIN_DIR AFTER_BIN_DIR [ROUNDS]

LOG_DIR is a directory `okr-bench --only large --keep` left (okrd.toml and data/); each run
copies it, starts that build's okrd on the copy, sends 600 `status --cycle 2026-Q1` on one
connection, and prints the client's median and p99 and okrd's own `stats` for `status`.
"""
import json, os, shutil, socket, statistics, subprocess, sys, time

def run(source, bindir, n=600):
    work = "/tmp/status-ab-" + str(os.getpid())
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work)
    sock = work + "/s.sock"
    daemon = subprocess.Popen([bindir + "/okrd", "--config", work + "/okrd.toml", "--data", work + "/data",
                               "--socket", sock, "--log-level", "error"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    time.sleep(0.3)
    client = socket.socket(socket.AF_UNIX)
    client.connect(sock)
    lines = client.makefile("rb")

    def call(ident, method, params):
        client.sendall((json.dumps({"jsonrpc": "2.0", "method": method, "params": params, "id": ident}) + "\n").encode())
        return lines.readline()

    latencies = []
    for ident in range(n):
        start = time.perf_counter()
        call(ident, "status", {"cycle": "2026-Q1"})
        latencies.append((time.perf_counter() - start) * 1000)
    stats = json.loads(call(n + 1, "stats", {}))["result"]
    status = [m for m in stats["methods"] if m["method"] == "status"][0]
    daemon.terminate()
    daemon.wait()
    shutil.rmtree(work, ignore_errors=True)
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99)], status["p50Ms"], status["p99Ms"]

def main():
    source, before, after = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    print("build   client p50  client p99  okrd p50  okrd p99  (ms)")
    for _ in range(rounds):
        for name, bindir in (("before", before), ("after", after)):
            print("%-7s %10.2f  %10.2f  %8.2f  %8.2f" % ((name,) + run(source, bindir)), flush=True)

main()
