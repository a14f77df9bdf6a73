-- Issue 15: the kiosks a post hub trusts. Only hashes (SHA-256) of the secrets are kept: a copy of the
-- journal (a backup, a support bundle) does not let anyone join the post or speak for a kiosk.
-- One row per kiosk id; joining again (after a re-init or a revocation) replaces its credential.
CREATE TABLE post_kiosks (
  kiosk_id TEXT PRIMARY KEY,
  credential_hash TEXT NOT NULL UNIQUE,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT
);
-- One-time enrolment codes (`kiosk hub enrol`): the hash of the code's secret, its kiosk, its expiry, and
-- when it was used (a code joins once).
CREATE TABLE post_enrolment_codes (
  secret_hash TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX post_enrolment_codes_kiosk ON post_enrolment_codes(kiosk_id) WHERE used_at IS NULL;
