#!/usr/bin/env bash
# The PostgreSQL the central service's tests use (issue 16): Debian's cluster started, and a role that may
# create databases. Each test creates its own database (test/support/postgres.ts) and drops it afterwards.
# Run as root on a Debian machine with the `postgresql` package (.ci/run does); idempotent.
set -euo pipefail
ROLE=${KIOSK_TEST_PG_ROLE:-kiosk_test}
PASSWORD=${KIOSK_TEST_PG_PASSWORD:-kiosk_test}
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start
fi
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
echo "PostgreSQL $VERSION on port $(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}'), role $ROLE"
