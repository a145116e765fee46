#!/usr/bin/env python3
"""The real-component check of /metrics (docs/fleet.md), run by .ci/run:

  1. start `orderbook --no-console --metrics 127.0.0.1:0` and read the port it serves on;
  2. attach `trace-console`, define a count of matches by side and a latency histogram of the risk check,
     export both (`export … labels side`, `export … unit seconds`), and detach --keep so they stay;
  3. `promtool check metrics` on the exposition;
  4. start Debian's `prometheus` on a temporary directory with a one-target scrape config at a 1 s interval;
  5. stop the programs (so the totals stop moving), wait for two more scrapes, and query /api/v1/query:
     the counter must equal the console's `show --json` value exactly, and
     histogram_quantile(0.99, …) must fall in the same power-of-two bucket as the console's p99.

Exit status 0 when every check holds; it prints what it compared.
"""
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"


def fail(message):
    print("prometheus check FAILED: " + message)
    sys.exit(1)


def wait_for(what, condition, timeout=120.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def console(pid, script):
    """Runs a console script attached to pid; its standard output and error."""
    with tempfile.NamedTemporaryFile("w", suffix=".trace", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        r = subprocess.run([BIN + "/trace-console", "attach", str(pid), "--script", path],
                           capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        fail("trace-console failed (exit %d):\n%s%s" % (r.returncode, r.stdout, r.stderr))
    return r.stdout, r.stderr


def query(port, expression):
    url = "http://127.0.0.1:%d/api/v1/query?%s" % (port, urllib.parse.urlencode({"query": expression}))
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        fail("query %s: %s" % (expression, body))
    return body["data"]["result"]


def main():
    work = tempfile.mkdtemp(prefix="prometheus-check-")
    children = []
    try:
        book = subprocess.Popen([BIN + "/orderbook", "--no-console", "--metrics", "127.0.0.1:0", "--duration", "10m"],
                                stdout=subprocess.DEVNULL, stderr=open(work + "/orderbook.log", "w"))
        children.append(book)
        match = wait_for("orderbook's metrics address", lambda: re.search(
            r"serving metrics at http://127\.0\.0\.1:(\d+)/metrics", open(work + "/orderbook.log").read()))
        metrics_port = int(match.group(1))
        wait_for("orderbook's agent", lambda: "attach with" in open(work + "/orderbook.log").read())

        _, notices = console(book.pid, """
program fleet {
    orders:book:match:entry { @matches[side == 0 ? "buy" : "sell"] = count(); }
    orders:risk:check:return { @latency = quantize(elapsed); }
}
export fleet.@matches as orders_matches labels side
export fleet.@latency as orders_risk_check unit seconds
exports
detach --keep
""")
        print(notices, end="")

        exposition = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % metrics_port, timeout=10).read()
        lint = subprocess.run(["promtool", "check", "metrics"], input=exposition, capture_output=True)
        if lint.returncode != 0:
            fail("promtool check metrics:\n" + (lint.stdout + lint.stderr).decode())
        print("promtool check metrics: clean (%d bytes of exposition)" % len(exposition))

        prometheus_port = free_port()
        with open(work + "/prometheus.yml", "w") as f:
            f.write("""global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: orderbook
    static_configs:
      - targets: ["127.0.0.1:%d"]
""" % metrics_port)
        prometheus = subprocess.Popen(["prometheus", "--config.file=" + work + "/prometheus.yml",
                                       "--storage.tsdb.path=" + work + "/data",
                                       "--web.listen-address=127.0.0.1:%d" % prometheus_port],
                                      stdout=subprocess.DEVNULL, stderr=open(work + "/prometheus.log", "w"))
        children.append(prometheus)

        def scraped():
            try:
                return query(prometheus_port, 'up{job="orderbook"} == 1') and query(prometheus_port, "orders_matches_total")
            except OSError:
                return None
        wait_for("prometheus to scrape the orderbook", scraped)

        # Freeze the totals, let two more scrapes pass, then compare.
        console(book.pid, "disable fleet\ndetach --keep\n")
        time.sleep(3)
        shown, _ = console(book.pid, "show fleet --json\ndetach --keep\n")
        rows = {}
        for line in shown.splitlines():
            rows[json.loads(line)["aggregation"]] = json.loads(line)
        matches = {e["key"][0]: e["value"] for e in rows["matches"]["entries"]}
        scraped_matches = {r["metric"]["side"]: int(float(r["value"][1])) for r in query(prometheus_port, "orders_matches_total")}
        print("console @matches %s, prometheus orders_matches_total %s" % (matches, scraped_matches))
        if matches != scraped_matches:
            fail("the counter differs from the console's totals")

        p99 = rows["latency"]["entries"][0]["value"]["p99"]
        result = query(prometheus_port, "histogram_quantile(0.99, orders_risk_check_seconds_bucket)")
        if not result:
            fail("histogram_quantile returned nothing")
        quantile_ns = float(result[0]["value"][1]) * 1e9
        k = int(math.floor(math.log2(p99))) if p99 > 0 else -1
        low, high = (2 ** k - 1, 2 ** (k + 1) - 1) if k >= 0 else (-1, 0)
        print("console p99 %d ns (bucket [%d, %d]); prometheus histogram_quantile(0.99) %.0f ns" % (p99, low + 1, high, quantile_ns))
        if not (low - 1e-3 <= quantile_ns <= high + 1e-3):
            fail("histogram_quantile(0.99) is outside the console's p99 bucket")
        count = query(prometheus_port, "orders_risk_check_seconds_count")
        if int(float(count[0]["value"][1])) != rows["latency"]["entries"][0]["value"]["count"]:
            fail("orders_risk_check_seconds_count differs from the console's count")
        print("prometheus check passed")
    finally:
        for child in reversed(children):
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
