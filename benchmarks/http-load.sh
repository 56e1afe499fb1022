#!/usr/bin/env bash
# End-to-end HTTP load on loopback: the same Jetty endpoint without the filter, with the filter and
# one repeated token, and with the filter and distinct tokens (cached, and with no token cache on
# the JDK provider, on Conscrypt and on BouncyCastle, the default path). Prints requests/s and
# p50/p99 latency, each also as a ratio to the unprotected endpoint measured just before and just
# after it. Bounded: about
# 2 × (WARMUP + DURATION) seconds per scenario (about 3.5 minutes in all), and the server stops by
# itself.
#
# Usage (after mvn -B -ntp -pl benchmarks -am -Pbench package -DskipTests):
#   benchmarks/http-load.sh                      # JDK on the PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/http-load.sh
# Settings (environment): DURATION=10 WARMUP=3 CONNECTIONS=16 THREADS=1 TOKENS=10000
#   LOAD=wrk|java (default: wrk if installed, else the Java LoadClient)  JAR=benchmarks/target/benchmarks.jar
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/target/benchmarks.jar}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
tokens=${TOKENS:-10000}
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ ! -f $jar ]]; then
  echo "no $jar: build it with mvn -B -ntp -pl benchmarks -am -Pbench package -DskipTests" >&2
  exit 1
fi

load=${LOAD:-}
if [[ -z $load ]]; then
  if ! command -v wrk >/dev/null && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "wrk is not installed; trying apt-get install -y wrk" >&2
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } || true
  fi
  if command -v wrk >/dev/null; then load=wrk; else load=java; fi
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

max_seconds=$(( (2 * warmup + 2 * duration + 5) * 8 + 180 ))
"$java" -Xms512m -Xmx512m -cp "$jar" dev.gatehouse.bench.http.HttpBenchServer \
  --dir "$work" --tokens "$tokens" --max-seconds "$max_seconds" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  [[ -s $work/port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
[[ -s $work/port ]] || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$work/port")"

# drive SECONDS PATH TOKEN-FILE: prints the RESULT line
drive() {
  if [[ $load == wrk ]]; then
    wrk -t"$threads" -c"$connections" -d"$1"s --timeout 5s -s "$here/http-load.lua" "$base$2" -- "$3" | grep '^RESULT'
  else
    "$java" -cp "$jar" dev.gatehouse.bench.http.LoadClient "$base$2" "$3" "$1" "$connections" | grep '^RESULT'
  fi
}

field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }

echo "Run: $("$java" -version 2>&1 | head -1); load: $load, $connections connections, $threads thread(s); ${warmup}s warm-up + ${duration}s per scenario; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# The JIT first: the server's request path, with and without the filter, before any figure counts.
drive "$warmup" /open/hello "$work/token.txt" >/dev/null
drive "$warmup" /filter/hello "$work/token.txt" >/dev/null

# The unprotected endpoint is measured before and after every protected scenario, and each
# scenario's ratios are to the mean of its two neighbours: on a shared machine the load changes
# within minutes, and only a baseline measured at the same time is comparable.
open_run() { drive "$warmup" /open/hello "$work/token.txt" >/dev/null; drive "$duration" /open/hello "$work/token.txt"; }
mean() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + b) / 2 }'; }
echo "| scenario | requests/s | vs open | p50 µs | vs open | p99 µs | vs open | non-2xx | socket errors | open requests/s (before, after) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
before=$(open_run)
row() { # NAME RESULT OPEN-BEFORE OPEN-AFTER
  local o o50 o99
  o=$(mean "$(field rps "$3")" "$(field rps "$4")")
  o50=$(mean "$(field p50_us "$3")" "$(field p50_us "$4")")
  o99=$(mean "$(field p99_us "$3")" "$(field p99_us "$4")")
  awk -v n="$1" -v rps="$(field rps "$2")" -v p50="$(field p50_us "$2")" -v p99="$(field p99_us "$2")" \
      -v o="$o" -v o50="$o50" -v o99="$o99" -v s="$(field non2xx "$2")" -v e="$(field socket_errors "$2")" \
      -v b="$(field rps "$3")" -v a="$(field rps "$4")" \
    'BEGIN { printf "| %s | %.0f | %.2f× | %d | %.2f× | %d | %.2f× | %d | %d | %.0f, %.0f |\n", n, rps, rps/o, p50, p50/o50, p99, p99/o99, s, e, b, a }'
}
scenario() { # NAME PATH TOKEN-FILE
  drive "$warmup" "$2" "$3" >/dev/null
  local r after
  r=$(drive "$duration" "$2" "$3")
  after=$(open_run)
  row "$1" "$r" "$before" "$after"
  before=$after
}
row "open: no filter" "$before" "$before" "$before"
scenario "filter, one repeated token" /filter/hello "$work/token.txt"
scenario "filter, $tokens distinct tokens, default token cache (10,000)" /filter/hello "$work/tokens.txt"
scenario "filter, $tokens distinct tokens, no token cache, JDK provider" /nocache-jdk/hello "$work/tokens.txt"
scenario "filter, $tokens distinct tokens, no token cache, Conscrypt" /nocache-conscrypt/hello "$work/tokens.txt"
scenario "filter, $tokens distinct tokens, no token cache, default path (BouncyCastle)" /nocache-bouncycastle/hello "$work/tokens.txt"
scenario "filter, one repeated opaque token (introspection cached)" /opaque/hello "$work/opaque.txt"
scenario "filter, $(wc -l <"$work/opaques.txt") distinct opaque tokens (introspected once each, then cached)" /opaque/hello "$work/opaques.txt"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
