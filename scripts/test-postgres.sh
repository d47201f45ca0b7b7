#!/usr/bin/env bash
# The test suite runs every storage/API test on SQLite AND on a real PostgreSQL server
# (never skipped). This makes sure one is listening before pytest starts:
#   1. JIXIAO_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test) answers -> done;
#   2. else an installed Debian cluster is started (pg_ctlcluster);
#   3. else, as root on Debian/Ubuntu, PostgreSQL is installed from Debian's packages, started,
#      given trust auth on 127.0.0.1 (a throw-away local test server) and a database `test`.
# Fails with a clear message when none of this works.
set -euo pipefail
URL="${JIXIAO_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
PY="${PYTHON:-.venv/bin/python}"

reachable() {
  "$PY" - "$URL" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
from sqlalchemy.engine import make_url
u = make_url(sys.argv[1])
psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username, password=u.password,
                dbname=u.database or "postgres", connect_timeout=3).close()
PYEOF
}

reachable && exit 0
if [ -n "${JIXIAO_TEST_POSTGRES_URL:-}" ]; then
  echo "✗ 测试需要 PostgreSQL，但 JIXIAO_TEST_POSTGRES_URL=$URL 无法连接 / PostgreSQL not reachable" >&2
  exit 1
fi
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装测试用 PostgreSQL / installing PostgreSQL for the tests (Debian package postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    done
  else
    echo "✗ 测试需要 PostgreSQL（127.0.0.1:5432，trust 认证，数据库 test），或设置 JIXIAO_TEST_POSTGRES_URL" >&2
    echo "  the tests need PostgreSQL: sudo apt-get install postgresql, or set JIXIAO_TEST_POSTGRES_URL" >&2
    exit 1
  fi
fi
for v in $(ls /etc/postgresql); do
  pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
done
for _ in $(seq 1 30); do
  reachable && break
  sleep 1
done
if ! reachable; then
  # a freshly installed cluster has no database `test` yet
  su postgres -c "psql -q -c 'CREATE DATABASE test'" >/dev/null 2>&1 || true
fi
if reachable; then
  exit 0
fi
echo "✗ PostgreSQL 无法连接 / not reachable at $URL" >&2
exit 1
