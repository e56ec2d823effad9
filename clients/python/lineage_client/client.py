"""A Lineage server over HTTP: trace records in (POST /api/trace), runs and trials out.

Only the standard library. Every record gets its id here, before it is sent, so a batch retried
after a lost answer is stored once (the server answers "unchanged" for what it already has).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List, Optional

SCHEMA = "lineage-trace/1"
FAILURE_LABELS = ("crash", "budget_overrun", "size_failure", "gate_miss", "illegal_edit", "patch_failure", "invalid_result", "infra_error")
# Answers worth another try: the server asked us to wait (429), was busy (503) or a proxy failed.
RETRY_STATUSES = (429, 502, 503, 504)


class LineageError(Exception):
    """The server refused a request (code and message as it said them), or could not be reached."""

    def __init__(self, code: str, message: str, status: Optional[int] = None, details: Optional[Dict[str, Any]] = None):
        super().__init__(f"{code}: {message}" if status is None else f"{status} {code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.details = details or {}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _drop_none(record: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


class Lineage:
    """A client of one Lineage server.

    url: the server, e.g. "http://127.0.0.1:3000"; token: LINEAGE_TOKEN or a user's API token
    (needed for writes when the server has one); retries: attempts after the first for
    connection errors and 429/502/503/504; batch_size: trial records per POST.
    """

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 30.0, retries: int = 5, backoff: float = 0.25, batch_size: int = 100):
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, not {url!r}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.batch_size = batch_size

    # -- transport ---------------------------------------------------------------------------

    def request(self, method: str, path: str, body: Optional[bytes] = None, content_type: Optional[str] = None) -> Any:
        """One API call with retries; answers the parsed JSON body."""
        headers = {"Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        attempt = 0
        while True:
            req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    text = res.read().decode("utf-8")
                    return json.loads(text) if text else None
            except urllib.error.HTTPError as e:
                refusal = self._refusal(e)
                if e.code not in RETRY_STATUSES or attempt >= self.retries:
                    raise refusal from None
                wait = self._retry_after(e) or self.backoff * (2**attempt)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                if attempt >= self.retries:
                    reason = getattr(e, "reason", e)
                    raise LineageError("unreachable", f"{method} {self.url}{path} failed after {attempt + 1} attempts: {reason}") from None
                wait = self.backoff * (2**attempt)
            attempt += 1
            time.sleep(min(wait, 30.0))

    @staticmethod
    def _refusal(e: urllib.error.HTTPError) -> LineageError:
        try:
            error = json.loads(e.read().decode("utf-8"))["error"]
            details = {k: v for k, v in error.items() if k not in ("code", "message")}
            return LineageError(str(error.get("code", "http_error")), str(error.get("message", e.reason)), e.code, details)
        except (ValueError, KeyError, TypeError):
            return LineageError("http_error", str(e.reason), e.code)

    @staticmethod
    def _retry_after(e: urllib.error.HTTPError) -> Optional[float]:
        value = e.headers.get("Retry-After") if e.headers else None
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None

    def get(self, path: str, **query: Any) -> Any:
        params = {k: str(v) for k, v in query.items() if v is not None}
        return self.request("GET", path + ("?" + urllib.parse.urlencode(params) if params else ""))

    def send(self, records: List[Dict[str, Any]]) -> Dict[str, Any]:
        """Posts trace records as one atomic batch (all stored, or none)."""
        lines = "".join(json.dumps({"schema": SCHEMA, **r}, ensure_ascii=False) + "\n" for r in records)
        return self.request("POST", "/api/trace", lines.encode("utf-8"), "application/x-ndjson")

    # -- writing -----------------------------------------------------------------------------

    def create_task(
        self,
        id: str,
        name: str,
        metric: str,
        direction: str = "minimize",
        unit: Optional[str] = None,
        description: Optional[str] = None,
        baseline_score: Optional[float] = None,
        noise_floor: Optional[float] = None,
        budgets: Optional[Dict[str, float]] = None,
        gates: Optional[List[Dict[str, Any]]] = None,
        protected_paths: Optional[List[str]] = None,
        surfaces: Optional[List[Dict[str, Any]]] = None,
    ) -> str:
        """Creates a task (or finds it, when sent again the same); answers its id."""
        if direction not in ("minimize", "maximize"):
            raise ValueError(f"direction must be 'minimize' or 'maximize', not {direction!r}")
        record = _drop_none(
            {
                "type": "task",
                "id": id,
                "name": name,
                "description": description,
                "metric": _drop_none({"name": metric, "direction": direction, "unit": unit}),
                "baselineScore": baseline_score,
                "noiseFloor": noise_floor,
                "budgets": budgets,
                "gates": gates,
                "protectedPaths": protected_paths,
                "surfaces": surfaces,
            }
        )
        self.send([record])
        return id

    def create_run(self, task_id: str, name: str, id: Optional[str] = None, kind: str = "headline", feedback: str = "lineage", config: Optional[Dict[str, Any]] = None) -> "Run":
        """Starts a run of the task, live (status running) until `Run.finish`."""
        record = _drop_none(
            {
                "type": "run",
                "id": id or f"run-{uuid.uuid4().hex[:20]}",
                "taskId": task_id,
                "name": name,
                "kind": kind,
                "feedback": feedback,
                "status": "running",
                "startedAt": now_iso(),
                "config": config,
            }
        )
        self.send([record])
        return Run(self, record)

    def run(self, task_id: str, name: str, **options: Any) -> "Run":
        """`with lineage.run(task, name) as run:` — flushed and finished on exit (failed on an exception)."""
        return self.create_run(task_id, name, **options)

    # -- reading -----------------------------------------------------------------------------

    def runs(self, task: Optional[str] = None) -> List[Dict[str, Any]]:
        return self.get("/api/runs", task=task)["items"]

    def get_run(self, run_id: str) -> Dict[str, Any]:
        return self.get(f"/api/runs/{urllib.parse.quote(run_id, safe='')}")

    def trials(self, run_id: str, page_size: int = 200, **filters: Any) -> Iterator[Dict[str, Any]]:
        """Every trial of the run, page by page (filters: agent, failure, status, q, sort)."""
        cursor = None
        path = f"/api/runs/{urllib.parse.quote(run_id, safe='')}/trials"
        while True:
            page = self.get(path, limit=page_size, cursor=cursor, **filters)
            yield from page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return

    def get_trial(self, trial_id: str) -> Dict[str, Any]:
        return self.get(f"/api/trials/{urllib.parse.quote(trial_id, safe='')}")


class Run:
    """A run being logged: trials are batched and sent in order (parents before children)."""

    def __init__(self, client: Lineage, record: Dict[str, Any]):
        self.client = client
        self.record = record
        self.id: str = record["id"]
        self._pending: List[Dict[str, Any]] = []
        self._agents: Dict[str, str] = {}
        self.finished = False

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.finish("failed" if exc_type else "finished")

    def agent(self, name: str, surface: Optional[str] = None, proposer: Optional[str] = None) -> str:
        """The id of the run's agent of that name, recorded on first use."""
        if name not in self._agents:
            agent_id = f"{self.id}/agent:{name}"[:200]
            self._agents[name] = agent_id
            self._pending.append(_drop_none({"type": "agent", "id": agent_id, "runId": self.id, "name": name, "surface": surface, "proposer": proposer}))
        return self._agents[name]

    def log_trial(
        self,
        hypothesis: str = "",
        diff: Optional[str] = None,
        score: Optional[float] = None,
        failure: Optional[str] = None,
        failure_detail: Optional[str] = None,
        metrics: Optional[Dict[str, float]] = None,
        parents: Optional[List[str]] = None,
        context_refs: Optional[List[str]] = None,
        feedback: Optional[str] = None,
        agent: Optional[str] = None,
        expected_delta: Optional[float] = None,
        kept: Optional[bool] = None,
        log: Optional[str] = None,
        extra: Optional[Dict[str, Any]] = None,
        wallclock_seconds: Optional[float] = None,
        started_at: Optional[str] = None,
        finished_at: Optional[str] = None,
        id: Optional[str] = None,
    ) -> str:
        """Queues one evaluated trial; answers its id (give `id` to make a re-run of your loop idempotent)."""
        if self.finished:
            raise LineageError("finished", f"run {self.id!r} is finished; start another run to log more trials")
        if failure is not None and failure not in FAILURE_LABELS:
            raise ValueError(f"failure must be one of {', '.join(FAILURE_LABELS)}, not {failure!r}")
        if failure is not None and score is not None:
            raise ValueError("a failed trial has no score: give score or failure, not both")
        trial_id = f"{self.id}/{id}" if id else f"{self.id}/t-{uuid.uuid4().hex[:16]}"
        self._pending.append(
            _drop_none(
                {
                    "type": "trial",
                    "id": trial_id[:200],
                    "runId": self.id,
                    "agentId": self.agent(agent) if agent else None,
                    "parentIds": parents if parents is not None else None,
                    "contextRefs": context_refs,
                    "hypothesis": hypothesis,
                    "expectedDelta": expected_delta,
                    "diff": diff,
                    "status": "evaluated",
                    "score": score,
                    "metrics": metrics,
                    "failure": failure,
                    "failureDetail": failure_detail,
                    "wallclockSeconds": wallclock_seconds,
                    "log": log,
                    "feedback": feedback,
                    "kept": kept,
                    "extra": extra,
                    "startedAt": started_at,
                    "finishedAt": finished_at or now_iso(),
                }
            )
        )
        if sum(1 for r in self._pending if r["type"] == "trial") >= self.client.batch_size:
            self.flush()
        return trial_id[:200]

    def flush(self) -> Optional[Dict[str, Any]]:
        """Sends what is queued (one atomic batch); answers the server's counts."""
        if not self._pending:
            return None
        result = self.client.send(self._pending)
        self._pending = []
        return result

    def finish(self, status: str = "finished") -> None:
        """Flushes and marks the run finished (or failed); the run page stops showing it live."""
        if self.finished:
            return
        self.flush()
        self.client.send([{**self.record, "status": status, "finishedAt": now_iso()}])
        self.finished = True
