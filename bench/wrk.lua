-- wrk script for scripts/bench: prints a JSON summary, and when WRK_REQUESTS names a file
-- of "METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY" lines, sends them in turn (split over the
-- threads, starting again from the first if they run out: the caller checks the count);
-- without it, wrk sends its usual request.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local file = os.getenv("WRK_REQUESTS")
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  prepared, next_index = nil, 1
  wrk.method = os.getenv("WRK_METHOD") or "GET"
  if file then
    prepared = {}
    local i = 0
    for line in io.lines(file) do
      if i % threads == id then
        local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
        local headers = {["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}
        table.insert(prepared, wrk.format(method, path, headers, body ~= "" and body or nil))
      end
      i = i + 1
    end
  end
end

function request()
  if prepared == nil then
    return wrk.request()
  end
  local req = prepared[(next_index - 1) % #prepared + 1]
  next_index = next_index + 1
  return req
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, "max_ms": %f,'
    .. ' "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
