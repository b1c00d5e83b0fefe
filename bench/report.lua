-- Shared by the wrk scripts: one line of results that the bench scripts grep for.
function report(summary, latency, unit, per_request)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local extra = ""
  if per_request then
    extra = string.format(" %s/s=%.0f", unit, per_request * summary.requests / seconds)
  end
  io.write(string.format("RESULT req/s=%.1f%s p50=%.2fms p99=%.2fms errors=%d non2xx=%d\n", summary.requests / seconds, extra,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.errors.status))
end
