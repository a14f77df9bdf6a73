#!/bin/sh
# Waits for the core daemon, then opens the kiosk window: the packaged Electron shell when installed,
# otherwise Chromium in --kiosk --app mode (the supported alternative shell; Debian's package, or on Ubuntu the
# chromium snap, whose /snap/bin is on a user session's PATH).
# --enable-speech-dispatcher: Chromium on Linux speaks (speechSynthesis, the lobby board's announcements) only
# through speech-dispatcher, and only with this switch; the package depends on speech-dispatcher and espeak-ng.
set -eu
URL="${KIOSK_URL:-http://127.0.0.1:8080/}"
HEALTH="${URL%/}/api/health"

i=0
until curl -fsS -o /dev/null "$HEALTH"; do
  i=$((i + 1))
  [ "$i" -ge 120 ] && echo "kiosk daemon not answering at $HEALTH after 120 s: check 'systemctl status kiosk-daemon'" >&2 && exit 1
  sleep 1
done

if command -v consulate-kiosk-shell >/dev/null 2>&1; then
  exec consulate-kiosk-shell
fi
PROFILE="${XDG_RUNTIME_DIR:-/tmp}/kiosk-chromium"
exec chromium --kiosk --app="$URL" --user-data-dir="$PROFILE" --enable-speech-dispatcher \
  --no-first-run --disable-translate --disable-infobars --disable-session-crashed-bubble \
  --disable-background-networking --disable-component-update --disable-sync \
  --noerrdialogs --overscroll-history-navigation=0 --disable-pinch --check-for-update-interval=31536000
