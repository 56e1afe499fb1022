#!/bin/sh
# Builds Gatehouse and starts an example API with a mock issuer, in one Maven invocation.
#
#   ./examples/run.sh            Jetty 12 on port 8080
#   ./examples/run.sh tomcat     Tomcat 11
#   ./examples/run.sh jersey     Jersey 3.1 on the JDK's HTTP server
#   ./examples/run.sh mcp        an MCP server (MCP Java SDK) on Jetty 12
#   PORT=9090 ./examples/run.sh  another port
#
# Needs JDK 17+ and Maven 3.8.1+; the first run downloads dependencies. Stop it with Ctrl+C.
set -eu
example="${1:-jetty}"
case "$example" in
  jetty|tomcat|jersey|mcp) ;;
  *) echo "usage: $0 [jetty|tomcat|jersey|mcp]" >&2; exit 64 ;;
esac
cd "$(dirname "$0")/.."
echo "Building Gatehouse and starting the $example example (the first run downloads dependencies)..."
exec mvn -B -ntp -q -pl examples -am package -DskipTests -Drun="$example" -Dport="${PORT:-8080}"
