-- Simulated respondents answering the Group 1 standard questionnaire the way a browser does,
-- as a wrk script (LuaJIT inside wrk, a C load generator). bench/journeys.py runs it and
-- explains why: the load generator must not take the CPU of the server it measures.
--
-- Run with as many threads as connections (wrk -t32 -c32): each wrk thread has its own Lua
-- state and one connection, so each state below is exactly one browser with its own cookie
-- jar and place in the questionnaire. A journey: GET the start page, POST start with the CSRF
-- token, then for every page GET it, read the fields it shows, POST answers with the CSRF
-- token and response id, follow the redirect; GET check, POST submit (it must redirect to the
-- confirmation), GET the confirmation (it must show the uuid's first 8 characters). The uuid is appended to this browser's
-- confirmed-<id>.txt and flushed the moment submit confirms it (what the person is told), so
-- it survives the server being killed. Anything unexpected is an error with a message; the
-- browser then starts a fresh journey as a new person (empty cookie jar).
--
-- How wrk drives this (wrk 4.1.0, src/wrk.c), and what the script does about it:
-- * The browser's state only moves on in response(). request() returns the request of the
--   current step, built once, so when wrk calls request() again without a response in between
--   (the connection failed or the server closed it before replying: wrk reconnects by itself
--   and counts an EOF as no error at all) the same request is sent again, as a browser would
--   retry it. Such resends are counted as `resent`. wrk never aborts a slow request (its
--   --timeout only counts late replies); gunicorn's worker timeout closes a stuck one. A
--   refused connection shows as a write error, then another request() call, in a tight loop.
--   After a reply cut off half-way wrk keeps the headers and body it had read (reconnect_socket
--   does not clear them), so the next reply may look garbled: an unexpected reply, reported.
-- * Latencies are the script's own (clock_gettime through LuaJIT's ffi), from the first send
--   of a request to its reply, resends included, like a person waiting.
-- * wrk calls request() once in thread 0 before the threads start, only to check that it
--   parses (script_verify_request); that call is not counted.
-- * gunicorn's sync workers close the connection after each response, and wrk reconnects at
--   once, even after the thread is stopped; an idle connection would hold a sync worker until
--   wrk exits. So a browser that has finished first points its thread at a parking listener
--   (WRK_PARK_PORT, held by bench/journeys.py) and then stops its thread.
-- * wrk passes headers as a table, so of several Set-Cookie headers only the last is seen. The
--   respondent journey sets exactly one cookie, `session`, per reply (tests/test_bench_tools.py
--   checks that against the app); any other cookie is an error here rather than ignored.
--
-- Environment: WRK_JOURNEY_DIR, the folder for this run's files; WRK_PARK_PORT. Browsers
-- finish the journey under way and stop once the file WRK_JOURNEY_DIR/stop exists; each then
-- writes thread-<id>.txt: its figures and the latency of every request, in milliseconds.

-- The interpreter only: with 32 Lua states each compiling its own traces, and most of the work
-- in string functions the JIT does not compile, LuaJIT's JIT cost ~25% more CPU a request
-- (0.18 against 0.14 ms of user time, measured back to back at 32 connections).
jit.off()

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } journey_timespec;
int clock_gettime(int clock, journey_timespec *now);
]]

local CLOCK_MONOTONIC = 1 -- the clock of Python's time.monotonic() on Linux
local BASE = "/q/group1-standard"
local WORDS = {}
for word in ("more buses in the evening and a quiet room to sit in when it gets busy"):gmatch("%S+") do
  WORDS[#WORDS + 1] = word
end
local HIDDEN = { csrf_token = true, response = true, change = true }
local KEPT_MESSAGES = 5

local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local timespec = ffi.new("journey_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

-- This browser: where it is and what it remembers.
local folder, confirmed_file, stop_file, host
local cookies, step, location, response_uuid
local outgoing, outgoing_name, sent_at, checked_by_wrk
local figures = { completed = 0, errors = 0, resent = 0, messages = {}, latencies = {} }

-- Requests ------------------------------------------------------------------------------------

local function escape(text)
  return (text:gsub("[^%w%-%._~ ]", function(c) return string.format("%%%02X", c:byte()) end):gsub(" ", "+"))
end

local function encode(form)
  local parts = {}
  for _, field in ipairs(form) do
    parts[#parts + 1] = escape(field[1]) .. "=" .. escape(field[2])
  end
  return table.concat(parts, "&")
end

-- The next request of the journey: built once, sent (again, if need be) by request(). Built
-- here rather than with wrk.format(), which now and then returned a request without any
-- headers (so without the session cookie) under load with Debian's LuaJIT 2.1.
local function send(name, method, path, form)
  local lines = { method .. " " .. path .. " HTTP/1.1", "Host: " .. host, "Accept-Encoding: identity" }
  if cookies.session then
    lines[#lines + 1] = "Cookie: session=" .. cookies.session
  end
  local body = form and encode(form) or ""
  if form then
    lines[#lines + 1] = "Content-Type: application/x-www-form-urlencoded"
    lines[#lines + 1] = "Content-Length: " .. #body
  end
  outgoing, outgoing_name, sent_at = table.concat(lines, "\r\n") .. "\r\n\r\n" .. body, name, nil
end

-- A new person: empty cookie jar, at the start page.
local function new_journey()
  cookies, step, location, response_uuid = {}, "start page", nil, nil
  send("GET start page", "GET", BASE .. "/")
end

function init(args)
  folder = assert(os.getenv("WRK_JOURNEY_DIR"), "WRK_JOURNEY_DIR is not set")
  stop_file = folder .. "/stop"
  host = wrk.host .. ":" .. wrk.port
  confirmed_file = assert(io.open(string.format("%s/confirmed-%d.txt", folder, id), "a"))
  math.randomseed(id + 1)
  checked_by_wrk = id ~= 0
  new_journey()
end

function request()
  if not checked_by_wrk then
    checked_by_wrk = true -- wrk's parse check in thread 0, before the thread runs: not sent
    return outgoing
  end
  if sent_at then
    figures.resent = figures.resent + 1
  else
    sent_at = now()
  end
  return outgoing
end

-- Reading replies -----------------------------------------------------------------------------

local function fail(message)
  error({ message = message }, 0)
end

local function lowered(list)
  local found = {}
  for name, value in pairs(list) do
    found[name:lower()] = value
  end
  return found
end

local function expect(status, list, wanted, what)
  if status ~= wanted then
    local target = list.location and (", to " .. list.location) or ""
    fail(string.format("%s: HTTP %d%s, expected %d", what, status, target, wanted))
  end
end

local function keep_cookie(header)
  if not header then
    return
  end
  local name, value = header:match("^%s*([^=;]+)=([^;]*)")
  if name ~= "session" then
    fail("unexpected Set-Cookie: " .. header:sub(1, 60))
  end
  if value == "" or header:lower():find("max%-age=0") then
    cookies.session = nil
  else
    cookies.session = value
  end
end

-- The value of the hidden field `name` (plain find: the page is searched for every request).
local function hidden(body, name)
  local marker = 'name="' .. name .. '" value="'
  local _, last = body:find(marker, 1, true)
  local close = last and body:find('"', last + 1, true)
  if not close or close == last + 1 then
    fail("no " .. name .. " on the page " .. (location or step))
  end
  return body:sub(last + 1, close - 1)
end

-- Calls each(text) with the attributes text of every <tag ...> in body.
local function each_tag(body, tag, each)
  local opening, position = "<" .. tag, 1
  while true do
    local start = body:find(opening, position, true)
    if not start then
      return
    end
    local close = body:find(">", start, true)
    if not close then
      fail("an unclosed " .. opening)
    end
    local text = body:sub(start + #opening, close - 1)
    if text:find("^%s") then
      each(text)
    end
    position = close + 1
  end
end

-- {name = value} for name="value" attributes, and true for bare ones (data-exclusive).
local function attributes(text)
  local found = {}
  for name, value in text:gmatch('([%w_-]+)="([^"]*)"') do
    found[name] = value
  end
  for name in text:gsub('[%w_-]+="[^"]*"', ""):gmatch("[%w_-]+") do
    found[name] = found[name] or true
  end
  return found
end

-- The answer fields a page shows: {name, kind, options = {{value, exclusive}}}.
local function fields(body)
  local found, by_name = {}, {}
  local function add(kind, attrs)
    local name = attrs.name
    if not name or HIDDEN[name] then
      return
    end
    if kind ~= "radio" and kind ~= "checkbox" and kind ~= "text" and kind ~= "textarea" then
      fail(string.format("a field this script does not know: %s %s", kind, name))
    end
    local value = attrs.value or ""
    if value:find("&", 1, true) then
      fail("an HTML entity in the value of " .. name)
    end
    if not by_name[name] then
      by_name[name] = { name = name, kind = kind, options = {} }
      found[#found + 1] = by_name[name]
    end
    local exclusive = attrs["data-behaviour"] == "exclusive" or attrs["data-exclusive"] ~= nil
    table.insert(by_name[name].options, { value = value, exclusive = exclusive })
  end
  each_tag(body, "input", function(text)
    local attrs = attributes(text)
    add(attrs.type or "text", attrs)
  end)
  each_tag(body, "textarea", function(text)
    add("textarea", attributes(text))
  end)
  return found
end

local function pick(list, count)
  local pool, chosen = { unpack(list) }, {}
  for _ = 1, math.min(count, #pool) do
    chosen[#chosen + 1] = table.remove(pool, math.random(#pool))
  end
  return chosen
end

-- Answers a person might give: one radio, one or two ticks (never an exclusive option with
-- others), a few words; appended to `form` as {name, value} pairs.
local function choose(page_fields, form)
  for _, field in ipairs(page_fields) do
    if field.kind == "radio" then
      local option = field.options[math.random(#field.options)]
      form[#form + 1] = { field.name, option.value }
    elseif field.kind == "checkbox" then
      local plain = {}
      for _, option in ipairs(field.options) do
        if not option.exclusive then
          plain[#plain + 1] = option.value
        end
      end
      for _, value in ipairs(pick(plain, math.random(1, 2))) do
        form[#form + 1] = { field.name, value }
      end
    else
      form[#form + 1] = { field.name, table.concat(pick(WORDS, math.random(3, 8)), " ") }
    end
  end
  return form
end

local function redirect(status, list, what)
  expect(status, list, 302, what)
  local target = list.location or ""
  if target:sub(1, 1) ~= "/" then
    fail(string.format("%s redirected to %q, not a path on this server", what, target))
  end
  return target
end

local function record_confirmed(uuid)
  confirmed_file:write(uuid, "\n")
  confirmed_file:flush()
end

-- The journey: given the reply to the current step, send the next request.
local function advance(status, list, body)
  if step == "start page" then
    expect(status, list, 200, "start page")
    step = "start"
    send("POST start", "POST", BASE .. "/start", { { "csrf_token", hidden(body, "csrf_token") } })
  elseif step == "start" or step == "answers" then
    location = redirect(status, list, step == "start" and "start" or location)
    step = location:match("/check$") and "check" or "page"
    send(step == "check" and "GET check" or "GET question page", "GET", location)
  elseif step == "page" then
    expect(status, list, 200, location)
    local form = { { "csrf_token", hidden(body, "csrf_token") }, { "response", hidden(body, "response") } }
    step = "answers"
    send("POST question page", "POST", location, choose(fields(body), form))
  elseif step == "check" then
    expect(status, list, 200, "check")
    response_uuid = hidden(body, "response")
    step = "submit"
    send("POST submit", "POST", BASE .. "/submit", { { "csrf_token", hidden(body, "csrf_token") }, { "response", response_uuid } })
  elseif step == "submit" then
    local done = redirect(status, list, "submit")
    if not done:find("/done", 1, true) then
      fail("submit redirected to " .. done)
    end
    record_confirmed(response_uuid)
    step = "confirmation"
    send("GET confirmation", "GET", done)
  elseif step == "confirmation" then
    expect(status, list, 200, "confirmation")
    if not body:find(string.upper(response_uuid:sub(1, 8)), 1, true) then
      fail("the confirmation does not show the reference")
    end
    figures.completed = figures.completed + 1
    new_journey()
  end
end

-- Finishing -----------------------------------------------------------------------------------

local function told_to_stop()
  local file = io.open(stop_file)
  if file then
    file:close()
  end
  return file ~= nil
end

local function write_figures()
  local out = assert(io.open(string.format("%s/thread-%d.txt", folder, id), "w"))
  out:write(string.format("finished\t%.6f\ncompleted\t%d\nerrors\t%d\nresent\t%d\n",
    now(), figures.completed, figures.errors, figures.resent))
  for _, message in ipairs(figures.messages) do
    out:write("message\t", (message:gsub("%s", " ")), "\n")
  end
  for name, values in pairs(figures.latencies) do
    out:write("latency\t", name, "\t")
    for _, value in ipairs(values) do
      out:write(string.format(" %.3f", value))
    end
    out:write("\n")
  end
  out:close()
end

local function finish()
  confirmed_file:close()
  write_figures()
  wrk.thread.addr = wrk.lookup("127.0.0.1", os.getenv("WRK_PARK_PORT"))[1]
  wrk.thread:stop()
end

function response(status, list, body)
  local name = outgoing_name
  local latencies = figures.latencies[name] or {}
  figures.latencies[name] = latencies
  latencies[#latencies + 1] = (now() - sent_at) * 1000
  local ok, problem = pcall(function()
    list = lowered(list)
    keep_cookie(list["set-cookie"])
    advance(status, list, body)
  end)
  if not ok then
    figures.errors = figures.errors + 1
    if #figures.messages < KEPT_MESSAGES then
      figures.messages[#figures.messages + 1] = type(problem) == "table" and problem.message or ("script: " .. tostring(problem))
    end
    new_journey()
  end
  if step == "start page" and told_to_stop() then
    finish()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    e.connect, e.read, e.write, e.timeout))
end
