"""Production settings for gunicorn: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

The figures behind each choice come from `scripts/bench` on a 2-core machine (README,
"Benchmarks"); re-run it on the real host before changing them.
"""

import multiprocessing
import os

bind = os.environ.get("ENGAGE_BIND", "127.0.0.1:8000")

# Sync workers, one request at a time each. A request is mostly CPU (Python, Jinja) plus
# one short SQLite write that waits on fsync; threads would only add GIL contention and,
# measured with gthread (2 workers x 4 threads), inserts were slower and p99 worse
# (docs/decisions/performance.md). One worker more than cores keeps the CPUs busy while
# another worker waits on fsync; more than that only queued requests inside workers
# and raised p99.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))

# Load the app (and its questionnaire catalogue) once in the master, then fork: a bad
# definition stops the start-up with one clear error instead of a crash loop per worker.
preload_app = True

# No request here legitimately takes more than a second or two (the slowest are staff
# exports, which stream). 30 s kills a stuck worker without cutting off a slow upload
# from a poor mobile connection, which gunicorn reads before the app sees it.
timeout = 30
graceful_timeout = 20

# Sync workers close the connection after each response; a proxy in front (nginx,
# a load balancer) holds the keep-alive connections to browsers.
keepalive = 2

# The worker heartbeat file lives in memory, not on a disk that may stall under fsync load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# One line per request would cost more than some requests; errors still go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ENGAGE_LOG_LEVEL", "info")
