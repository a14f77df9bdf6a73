#!/bin/sh
# /usr/bin/kiosk of the consulate-kiosk package: the kiosk command on the package's own Node runtime, with the
# installed config unless --config or $KIOSK_CONFIG says otherwise.
KIOSK_CONFIG="${KIOSK_CONFIG:-/etc/consulate-kiosk/kiosk.yaml}"
# V8 code caches go to the caller's cache folder, never beside the build in /opt (which dpkg owns).
KIOSK_CODE_CACHE_DIR="${KIOSK_CODE_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/consulate-kiosk/code-cache}"
export KIOSK_CONFIG KIOSK_CODE_CACHE_DIR
exec /opt/consulate-kiosk/node/bin/node /opt/consulate-kiosk/bin/kiosk.js "$@"
