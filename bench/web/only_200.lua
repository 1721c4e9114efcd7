-- wrk counts a 3xx as a success, so a lost session (303 to /dang-nhap) would be
-- measured as a fast page. Every response other than 200 is counted here, and
-- run.sh fails the benchmark when any was seen.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  bad = 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    b = b + t:get("bad")
  end
  io.write(string.format("trả lời 200: %d; khác 200 (chuyển hướng, lỗi): %d\n", o, b))
end
