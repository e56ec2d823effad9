"""The client against a real Lineage server: LINEAGE_TEST_URL (and LINEAGE_TEST_TOKEN, the server's
LINEAGE_TOKEN). `npm test` starts a server and runs these (tests/python-client.test.ts)."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import unittest
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from lineage_client import Lineage, LineageError  # noqa: E402

URL = os.environ.get("LINEAGE_TEST_URL")
TOKEN = os.environ.get("LINEAGE_TEST_TOKEN")


class LosingProxy:
    """Forwards to the server; drops the answer of the first `lose` POSTs after the server stored them."""

    def __init__(self, target: str, lose: int = 0):
        self.posts = 0
        self.lose = lose
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._forward(None)

            def do_POST(self):
                self._forward(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

            def _forward(self, body):
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization", "accept")}
                req = urllib.request.Request(target + self.path, data=body, method=self.command, headers=headers)
                try:
                    res = urllib.request.urlopen(req)
                    status, payload, ctype = res.status, res.read(), res.headers.get("Content-Type", "")
                except urllib.error.HTTPError as e:
                    status, payload, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
                if self.command == "POST":
                    proxy.posts += 1
                    if proxy.lose > 0:
                        proxy.lose -= 1
                        self.close_connection = True
                        self.connection.close()  # the server stored it; the client never hears so
                        return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@unittest.skipUnless(URL, "set LINEAGE_TEST_URL (npm test does) to run the client against a server")
class ClientTest(unittest.TestCase):
    def setUp(self):
        self.lx = Lineage(URL, token=TOKEN, backoff=0.05)
        self.task = self.lx.create_task(f"py-{uuid.uuid4().hex[:8]}", name="Python client", metric="val_loss", direction="minimize")

    def test_logs_a_run_and_reads_it_back(self):
        with self.lx.run(self.task, "first") as run:
            base = run.log_trial(hypothesis="baseline", score=2.0, parents=[], kept=True, agent="opt")
            better = run.log_trial(hypothesis="lr up", diff="--- a/t.py\n+++ b/t.py\n@@ -1 +1 @@\n-lr=1\n+lr=2\n", score=1.5, parents=[base], kept=True, agent="opt", metrics={"steps": 10})
            run.log_trial(hypothesis="wider", failure="budget_overrun", failure_detail="wall-clock 310 s over 300 s", parents=[better], feedback="too wide", agent="arch")
        summary = self.lx.get_run(run.id)
        self.assertEqual(summary["status"] if "status" in summary else summary["run"]["status"], "finished")
        trials = list(self.lx.trials(run.id))
        self.assertEqual([t["hypothesis"] for t in trials], ["baseline", "lr up", "wider"])
        self.assertEqual(trials[2]["failure"], "budget_overrun")
        full = self.lx.get_trial(better)
        self.assertIn("+lr=2", json.dumps(full))
        listed = [r for r in self.lx.runs(task=self.task) if r["id"] == run.id][0]
        self.assertEqual(listed["summary"]["trialCount"], 3)
        self.assertEqual(listed["summary"]["bestScore"], 1.5)

    def test_a_lost_answer_is_retried_and_stored_once(self):
        proxy = LosingProxy(URL, lose=2)
        try:
            lx = Lineage(proxy.url, token=TOKEN, backoff=0.05, batch_size=2)
            run = lx.create_run(self.task, "retried")  # its first answer is lost, then the re-send is "unchanged"
            for i in range(5):
                run.log_trial(hypothesis=f"step {i}", score=1.0 - i / 10, parents=[])
            run.finish()
        finally:
            proxy.close()
        # 1 run + 3 trial batches (2, 2, 1) + 1 finish = 5 POSTs, 2 of them sent twice
        self.assertEqual(proxy.posts, 7)
        self.assertEqual(len(list(self.lx.trials(run.id))), 5)

    def test_a_refusal_raises_at_once_with_the_servers_words(self):
        with self.assertRaises(LineageError) as caught:
            self.lx.create_run("no-such-task", "orphan")
        self.assertEqual(caught.exception.status, 404 if caught.exception.code == "not_found" else caught.exception.status)
        self.assertIn("no-such-task", caught.exception.message)
        self.assertLess(caught.exception.status, 500)

    def test_bad_arguments_are_refused_before_sending(self):
        run = self.lx.create_run(self.task, "checked")
        with self.assertRaises(ValueError):
            run.log_trial(hypothesis="x", failure="exploded")
        with self.assertRaises(ValueError):
            run.log_trial(hypothesis="x", score=1.0, failure="crash")
        run.finish()
        with self.assertRaises(LineageError):
            run.log_trial(hypothesis="after the end", score=1.0)

    def test_the_command_line(self):
        env = {**os.environ, "PYTHONPATH": ROOT, "LINEAGE_URL": URL}
        help_ = subprocess.run([sys.executable, "-m", "lineage_client", "--help"], env=env, capture_output=True, text=True)
        self.assertEqual(help_.returncode, 0)
        self.assertIn("runs", help_.stdout)
        run = self.lx.create_run(self.task, "listed")
        out = subprocess.run([sys.executable, "-m", "lineage_client", "runs", "--task", self.task], env=env, capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(run.id, [r["id"] for r in json.loads(out.stdout)])
        missing = subprocess.run([sys.executable, "-m", "lineage_client", "trial", "nope"], env=env, capture_output=True, text=True)
        self.assertEqual(missing.returncode, 1)
        self.assertEqual(json.loads(missing.stderr)["error"]["code"], "not_found")

    def test_the_example_loop(self):
        env = {**os.environ, "LINEAGE_URL": URL, "LINEAGE_TOKEN": TOKEN or ""}
        name = f"example {uuid.uuid4().hex[:6]}"
        out = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "autoresearch_loop.py"), "--trials", "12", "--run-name", name], env=env, capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        run = [r for r in self.lx.runs(task="toy-autoresearch") if r["name"] == name][0]
        self.assertEqual(run["summary"]["trialCount"], 13)
        self.assertLess(run["summary"]["bestScore"], run["summary"]["baselineScore"])
        trials = list(self.lx.trials(run["id"]))
        self.assertTrue(all(t["hypothesis"] for t in trials))


if __name__ == "__main__":
    unittest.main()
