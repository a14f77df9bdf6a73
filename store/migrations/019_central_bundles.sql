-- Bundles from the central service (issue 16, item 4): every verified bundle a post received, kept as signed,
-- and the central service's public key, fetched once over the pinned link. The bundle in force at an instant is
-- the highest version whose effective_at has come (domain/bundles/in-force.ts); older ones stay as history.
CREATE TABLE central_bundles (
  version      INTEGER PRIMARY KEY CHECK (version > 0),
  effective_at TEXT NOT NULL,
  text         TEXT NOT NULL,
  signature    TEXT NOT NULL,
  received_at  TEXT NOT NULL
);

CREATE TABLE central_bundle_key (
  one            INTEGER PRIMARY KEY CHECK (one = 1),
  public_key_pem TEXT NOT NULL,
  fetched_at     TEXT NOT NULL
);
