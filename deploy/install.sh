#!/bin/sh
# Installs or upgrades the kiosk daemon on a kiosk PC from its Debian package, offline (run as root):
#   deploy/install.sh /media/usb/consulate-kiosk_<version>_amd64.deb [/media/usb/debs/*.deb]
# The package is built with `npm run dist` (dist/packages/); the other .deb files are its dependencies when the
# PC does not have them yet (README, "Install on a kiosk PC"). On an offline PC apt takes the files given and what
# is installed, and says what is missing. Before an upgrade the journal is backed up (the rollback path).
set -eu

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 1; }
[ "$#" -ge 1 ] || { echo "usage: install.sh consulate-kiosk_<version>_amd64.deb [dependency.deb ...]" >&2; exit 64; }

DATA=/var/lib/consulate-kiosk
files=""
for f in "$@"; do
  [ -f "$f" ] || { echo "install.sh: no such file: $f" >&2; exit 66; }
  # apt takes a local file only by its path, and installs it only by an absolute one.
  files="$files $(readlink -f "$f")"
done

# A checked online backup of the journal, by the installed version, as the daemon's user, beside the journal
# (0700): restoring it is how a rollback across a journal migration goes back (README).
if [ -s "$DATA/journal.sqlite" ] && [ -x /usr/bin/kiosk ]; then
  old=$(dpkg-query -W -f '${Version}' consulate-kiosk 2>/dev/null || echo unknown)
  runuser -u kiosk -- install -d -m 0700 "$DATA/backups"
  backup="$DATA/backups/journal-before-upgrade-from-$old-$(date -u +%Y%m%dT%H%M%SZ).sqlite"
  # KIOSK_CODE_CACHE=0: the user's home is the data folder, no place for a code cache.
  runuser -u kiosk -- env KIOSK_CODE_CACHE=0 /usr/bin/kiosk backup --journal "$DATA/journal.sqlite" --out "$backup"
  echo "install.sh: journal backed up to $backup"
fi

# Offline, apt resolves Depends from the files given and the installed packages only, and names what is missing.
# (Not --no-download: apt 2.6 then refuses the local .deb itself, "Pathname to install is not absolute".)
# --allow-downgrades: a rollback is an older package (its preinst refuses one older than the journal).
# shellcheck disable=SC2086 # one word per file
apt-get install -y --allow-downgrades $files

if [ -f /etc/consulate-kiosk/kiosk.yaml ]; then
  kiosk config check /etc/consulate-kiosk/kiosk.yaml
  systemctl status --no-pager kiosk-daemon || true
else
  echo "install.sh: now write /etc/consulate-kiosk/kiosk.yaml (README, \"Install on a kiosk PC\"), then: systemctl start kiosk-daemon"
fi
