-- wrk script for http-load.sh: each request carries the next bearer token from the file named
-- after "--" (one token a line), cycling; done() prints one RESULT line that http-load.sh reads.
local tokens = {}
local count = 0
local index = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then
      count = count + 1
      tokens[count] = "Bearer " .. line
    end
  end
  file:close()
  -- Threads start at different offsets so they do not send the same token in step.
  index = ((id or 0) * 7919) % count
end

function request()
  index = index % count + 1
  return wrk.format("GET", nil, { ["Authorization"] = tokens[index] })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
