-- Event ingest (issue 16): what the central service found wrong with a chain, and a log of the batches it took.

-- What the post last said its chain's newest link is, and the anchored id the central service asked it to show.
ALTER TABLE streams ADD COLUMN reported_head_hash text;
ALTER TABLE streams ADD COLUMN anchor_check bigint;

-- A chain the central service no longer trusts as it is: 'forked' (a batch parted from the chain held; nothing
-- more is taken from it), 'tampered' (the post's journal shows another link than an anchor: rewritten after
-- shipping), 'truncated' (its head is below what was accepted: cut short or restored from an older backup).
-- Recorded once per kind and event id; shown in GET /api/central/streams.
CREATE TABLE stream_flags (
  post_id   text NOT NULL,
  origin    text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('forked', 'tampered', 'truncated')),
  at_id     bigint NOT NULL,
  detail    text NOT NULL,
  found_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, origin, kind, at_id),
  FOREIGN KEY (post_id, origin) REFERENCES streams
);

-- One row per batch that stored events (heartbeats and refusals are not logged here: streams has the contact).
CREATE TABLE ingest_batches (
  post_id     text NOT NULL,
  origin      text NOT NULL,
  first_id    bigint NOT NULL,
  last_id     bigint NOT NULL,
  inserted    int NOT NULL,
  duplicates  int NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, origin, first_id),
  FOREIGN KEY (post_id, origin) REFERENCES streams
);
