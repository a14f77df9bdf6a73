-- Signed bundles published to every post (issue 16, item 4), and the version each post reports it applies.

-- The exact text that was signed is kept with its signature: a post verifies those bytes, nothing re-serialised.
-- public_key_pem is the Ed25519 key that signed it (GET /api/central/bundle-key answers the newest bundle's).
CREATE TABLE bundles (
  version        integer PRIMARY KEY CHECK (version > 0),
  published_at   timestamptz NOT NULL,
  effective_at   timestamptz NOT NULL,
  text           text NOT NULL,
  signature      text NOT NULL,
  public_key_pem text NOT NULL
);
CREATE INDEX bundles_effective ON bundles (effective_at);

CREATE TABLE post_bundles (
  post_id     text PRIMARY KEY REFERENCES posts,
  version     integer NOT NULL CHECK (version >= 0),
  applied_at  timestamptz NOT NULL,
  reported_at timestamptz NOT NULL
);
