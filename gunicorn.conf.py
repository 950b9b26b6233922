"""Production settings for gunicorn: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

The figures behind each choice come from `scripts/bench` on a 2-core machine
(docs/benchmarks.md, docs/decisions/0005-gunicorn-sync-workers.md); re-run it on the real
host before changing them.
"""

import multiprocessing
import os

bind = os.environ.get("ENGAGE_BIND", "127.0.0.1:8000")

# Sync workers, one request at a time each, cores + 1 of them. A request is CPU (Python,
# Jinja) plus, for a submit, one fsync; the extra worker keeps a core busy while another
# waits on an fsync or on a client closing its connection (gunicorn 27 lingers until the
# client's FIN: one more reason for a buffering proxy in front). Measured 23 November 2026
# with the wrk journey driver, 8-10 s each, back to back on 2 cores (a shared VM whose
# speed drifts by a third from minute to minute, so compare neighbours only):
# 3 / 4 / 5 / 6 sync workers: 39.3 / 33.2 / 36.7 / 36.3 journeys/s, the server at
# 1.6-1.75 cores each time: CPU is the limit, more workers only queue. gthread (2 x 8,
# 3 x 4 threads, keep-alive) against 3 sync workers in a slower minute: 19.1 / 28.4 / 28.4
# journeys/s: threads share one interpreter lock and saved no CPU per journey. Re-checked
# 3 December 2026 (with a writers' queue since removed, issue 17): 4 workers
# against 3, alternated, 74.6 / 74.7 / 47.8 / 49.0 / 58.7 against 66.0 / 78.2 / 55.7 /
# 53.4 / 55.3 journeys/s: no gain to show, so cores + 1 stays.
# sqlite3 connections are per thread anyway (docs/decisions/0003-one-connection-per-thread.md). gevent workers
# with keep-alive did more (38.5-38.9 against 30.7 journeys/s) but are not used: a long
# download (13 s of CPU for 100,000 responses) would stall every connection its worker holds.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))

# Load the app (and its questionnaire catalogue) once in the master, then fork: a bad
# definition stops the start-up with one clear error instead of a crash loop per worker.
preload_app = True

# No request should take more than a second or two (exports stream); a worker silent for
# 30 s is stuck and is restarted. A sync worker reads the request itself, so a slow phone
# connection holds it: in production put a buffering proxy (nginx, a load balancer) in
# front, which also holds the browsers' keep-alive connections (sync workers close theirs).
timeout = 30
graceful_timeout = 20

# The worker heartbeat file lives in memory, not on a disk that may stall under fsync load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# No access log: gunicorn's would record every respondent's IP address and user agent
# beside URLs holding response ids. Errors still go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ENGAGE_LOG_LEVEL", "info")
