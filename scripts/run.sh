#!/usr/bin/env bash
# Serve Kinerja for a try-out: the web server and a job consumer side by side; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${1:-127.0.0.1}"
PORT="${2:-5000}"
BIN=.venv/bin
export FLASK_APP=wsgi

"$BIN/huey_consumer" app.jobs.worker.huey --workers 2 --worker-type thread --quiet &
CONSUMER=$!
trap 'kill $CONSUMER 2>/dev/null || true' EXIT INT TERM

echo
echo "Kinerja is running at http://$HOST:$PORT/  (job consumer pid $CONSUMER; Ctrl-C stops both)"
"$BIN/flask" demo logins || true
echo
"$BIN/flask" run --host "$HOST" --port "$PORT" --no-reload
