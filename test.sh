#!/usr/bin/env bash
# Runs every test of the helpdesk, first installing what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
need_deb() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then
    [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
    echo "Installing $2 (needed by the tests)…"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$2" >/dev/null
  fi
}

need_deb chromium chromium   # the browser tests drive Debian's Chromium
need_deb npm npm             # the build copies the browser SignalR client from npm
need_deb /usr/share/zoneinfo/Europe/Riga tzdata   # business hours are tested in real IANA time zones
need_deb /usr/bin/redis-server redis-server   # two-node tests start a throwaway Redis (no service, no root)
# The tests start their own throwaway PostgreSQL server (Debian's binaries, no system service).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_deb /usr/lib/postgresql/15/bin/initdb postgresql

dotnet build Helpdesk.sln -c Release -nologo -v quiet
# The benchmarks are not tests, but they must keep compiling against the code they measure.
dotnet build tests/Helpdesk.Benchmarks -c Release -nologo -v quiet
dotnet test Helpdesk.sln -c Release --no-build -nologo
# The integration suite once more, every app on PostgreSQL instead of SQLite.
HELPDESK_TEST_DATABASE=Postgres dotnet test tests/Helpdesk.Tests -c Release --no-build -nologo
