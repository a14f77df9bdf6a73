#!/bin/sh
# Installs the daemon on a Debian kiosk PC from a checkout of this repository (run as root).
set -eu
SRC="$(cd "$(dirname "$0")/.." && pwd)"
apt-get update
apt-get install -y nodejs npm chromium curl libusb-1.0-0
id kiosk >/dev/null 2>&1 || useradd --system --create-home --groups dialout,lp,plugdev kiosk
mkdir -p /opt/consulate-kiosk /etc/consulate-kiosk
cp -a "$SRC/." /opt/consulate-kiosk/
cd /opt/consulate-kiosk && npm ci && npm run build:ui && npm run build:server
[ -f /etc/consulate-kiosk/kiosk.yaml ] || cp fixtures/config/paris.json /etc/consulate-kiosk/kiosk.yaml
node bin/kiosk.js config check /etc/consulate-kiosk/kiosk.yaml
install -m 0644 deploy/kiosk-daemon.service /etc/systemd/system/kiosk-daemon.service
systemctl daemon-reload
systemctl enable --now kiosk-daemon
echo "Daemon running. For the window: copy deploy/kiosk-shell.service to the kiosk user's ~/.config/systemd/user/ and enable it."
