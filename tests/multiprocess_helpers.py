"""What tests/test_multiprocess.py drives: real gunicorn servers and Huey consumers, and browsers made of
``http.client`` with their own cookies.

``Cluster`` starts each process in a session of its own (``start_new_session``), so that stopping it also stops
what it started (gunicorn's workers, a print job's render processes): the signal goes to that process group,
by its id. Every process writes its output to its own log file, which the test reads afterwards.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_CLAIM = "kinerja-multiprocess-claim"  # the key that marks a Redis database as this run's
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def answers(host: str, port: int) -> bool:
    """Does something listen on host:port?"""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- PostgreSQL and Redis: a database of our own, dropped at the end ------------------------------------------

def postgres(sql: str, database: str = "postgres") -> None:
    """Run a statement outside a transaction (CREATE / DROP DATABASE)."""
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=database, autocommit=True) as conn:
        conn.execute(sql)


def claim_redis_database() -> int:
    """An empty Redis database (15 down to 1: 0 is everyone's default), marked as ours until the run ends."""
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        try:
            if client.dbsize() == 0 and client.set(REDIS_CLAIM, os.getpid(), nx=True, ex=3600):
                return number
        finally:
            client.close()
    raise RuntimeError("no empty Redis database between 1 and 15")


def release_redis_database(number: int) -> None:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
    try:
        if client.get(REDIS_CLAIM) == str(os.getpid()).encode():
            client.flushdb()
    finally:
        client.close()


# -- the processes ----------------------------------------------------------------------------------------

@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Cluster:
    """Processes sharing one environment (database, queue, rate-limit storage, files, secret key)."""

    env: dict
    logs: Path
    processes: list[Process] = field(default_factory=list)

    def run(self, *args: str, timeout: float = 120) -> str:
        """A one-off command (migrations, the seed) with the cluster's environment; its stdout."""
        done = subprocess.run([str(BIN / "python"), *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _start(self, name: str, command: list[str], port: int | None = None) -> Process:
        log = self.logs / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        process = Process(name, popen, log, port)
        self.processes.append(process)
        return process

    def start_server(self, name: str, workers: int = 2) -> Process:
        port = free_port()
        # No control socket: its default path (~/.gunicorn/gunicorn.ctl) would be shared by both servers.
        return self._start(name, [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                                  "--timeout", "120", "--no-control-socket", "wsgi:app"], port)

    def start_consumer(self, name: str, workers: int = 2) -> Process:
        return self._start(name, [str(BIN / "huey_consumer"), "app.jobs.worker.huey", "--workers", str(workers),
                                  "--worker-type", "thread"])

    def wait_ready(self, timeout: float = 60) -> None:
        """Every server answers /health with 200 and every consumer has said it started."""
        deadline = time.monotonic() + timeout
        for process in self.processes:
            while not self._ready(process):
                if process.popen.poll() is not None:
                    raise RuntimeError(f"{process.name} exited ({process.popen.returncode}):\n{process.output()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{process.name} is not ready after {timeout} s:\n{process.output()}")
                time.sleep(0.2)

    @staticmethod
    def _ready(process: Process) -> bool:
        if process.port is None:
            return "consumer started" in process.output()
        connection = http.client.HTTPConnection("127.0.0.1", process.port, timeout=5)
        try:
            connection.request("GET", "/health")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        """SIGTERM to each process group, SIGKILL to what still runs after 15 s."""
        for process in self.processes:
            self._signal(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._signal(process, signal.SIGKILL)
                process.popen.wait(5)

    @staticmethod
    def _signal(process: Process, sig: int) -> None:
        try:
            os.killpg(process.popen.pid, sig)  # the group this process leads (start_new_session)
        except ProcessLookupError:
            pass


# -- a browser --------------------------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One person's browser behind the reverse proxy: its own address (X-Forwarded-For, believed with
    KINERJA_PROXY_COUNT=1), HTTPS as the proxy says (X-Forwarded-Proto), and one cookie jar whichever server
    answers, as behind a load balancer. Redirects are not followed: the tests look at them."""

    def __init__(self, address: str):
        self.address = address
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def request(self, server: Process, method: str, path: str, data: dict | None = None,
                htmx: bool = False) -> Response:
        host = f"127.0.0.1:{server.port}"
        headers = {"Host": host, "X-Forwarded-For": self.address, "X-Forwarded-Proto": "https",
                   "User-Agent": "kinerja-multiprocess-test"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({"csrf_token": self.csrf_token, **(data or {})}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{host}/"  # Flask-WTF checks it on HTTPS
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
            for header, value in answer.getheaders():
                if header.lower() == "set-cookie":
                    self._keep(value)
        finally:
            connection.close()
        found = CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        if found:
            self.csrf_token = found.group(1)
        return response

    def _keep(self, header: str) -> None:
        # The Secure attribute is the proxy's business: this browser speaks plain HTTP to the servers.
        for name, morsel in SimpleCookie(header).items():
            if (morsel["expires"] and "1970" in morsel["expires"]) or morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, server: Process, path: str, htmx: bool = False) -> Response:
        return self.request(server, "GET", path, htmx=htmx)

    def post(self, server: Process, path: str, data: dict | None = None, htmx: bool = False) -> Response:
        return self.request(server, "POST", path, data, htmx)

    def login(self, server: Process, username: str, password: str) -> Response:
        """Log in; on success open the home page, whose form token belongs to the new session."""
        self.get(server, "/login")
        answer = self.post(server, "/login", {"identifier": username, "password": password, "next": ""})
        if answer.status == 303:
            self.get(server, "/")
        return answer


def job_id(response: Response) -> str:
    """The job a launching POST answered with (a redirect to /jobs/<id>)."""
    location = response.headers.get("location") or response.headers.get("hx-redirect") or ""
    found = re.search(r"/jobs/([0-9a-f]{32})", location)
    if response.status not in (200, 302, 303) or not found:
        raise AssertionError(f"no job in the answer {response.status} {location!r}: {response.text[:500]}")
    return found.group(1)

