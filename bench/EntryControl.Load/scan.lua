-- wrk script of the checkpoint scan load benchmark (bench/EntryControl.Load starts it; see docs/benchmarks.md).
--
-- Every request is a POST of a scan of a random seeded declaration, with the officer's bearer token:
--   SCAN_CODES       file with one declaration code a line
--   SCAN_TOKEN       the officer's access token
--   SCAN_CHECKPOINT  the officer's checkpoint
--   SCAN_RATE        requests per second for each wrk thread; unset or 0 = as fast as the connections go
--
-- Every scan carries a fresh Idempotency-Key, as the checkpoint console's queue sends one (a retried scan must be
-- recorded once, api.md); the baseline endpoint is marked idempotent too, so both pay the same middleware.
--
-- With SCAN_RATE the thread hands out send times on a fixed schedule (one slot every 1/rate s, from a monotonic
-- clock): a connection that becomes free takes the next slot and waits for it in delay(). The rate is therefore held
-- whatever the latency, as long as some connection is free at each slot; a slot that is already past when it is
-- taken is counted as "late" (the server fell behind by more than the free connections could absorb, and wrk's
-- latency of that request misses the wait: check that late is 0).
-- done() prints one line "LOADRESULT {json}" that the driver reads.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } load_timespec;
  int clock_gettime(int clock_id, load_timespec *tp);
]]
local timespec = ffi.new("load_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local codes = {}
local checkpoint = os.getenv("SCAN_CHECKPOINT")
local rate = tonumber(os.getenv("SCAN_RATE") or "0") or 0
local threads = {}
local sent = 0
local key_prefix = ""
local headers = {}

late = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  for line in io.lines(os.getenv("SCAN_CODES")) do
    if #line > 0 then
      codes[#codes + 1] = line
    end
  end
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  key_prefix = string.format("load-%d-%d-%d-", os.time(), thread_id or 0, math.random(1, 1000000000))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("SCAN_TOKEN")
  -- wrk.format takes a table of headers instead of wrk.headers, not besides: copy them once, set the key per request.
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
end

function request()
  local code = codes[math.random(#codes)]
  -- 35.8 .. 37.4 °C: now and then a fever, which the real endpoint answers with a referral (still a 200).
  local tenths = math.random(358, 374)
  local body = string.format('{"code":"%s","checkpoint":"%s","temperatureCelsius":%d.%d}',
    code, checkpoint, math.floor(tenths / 10), tenths % 10)
  sent = sent + 1
  headers["Idempotency-Key"] = key_prefix .. sent
  return wrk.format(nil, nil, headers, body)
end

if rate > 0 then
  local interval = 1000 / rate
  local next_slot = nil

  function delay()
    local now = now_ms()
    if next_slot == nil then
      next_slot = now
    end
    local slot = next_slot
    next_slot = next_slot + interval
    local wait = slot - now
    if wait < -1 then
      late = late + 1
    end
    if wait <= 0 then
      return 0
    end
    return math.floor(wait + 0.5)
  end
end

function done(summary, latency, requests)
  local total_late = 0
  for _, thread in ipairs(threads) do
    total_late = total_late + (thread:get("late") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'LOADRESULT {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"statusErrors":%d,"timeouts":%d,"meanUs":%.1f,"p50Us":%d,"p90Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d,"late":%d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, total_late))
end
