-- The network's posts, their enrolment, the chains they ship and the raw events (issue 16).

-- A consular post (FR-PAR): enrolled with a one-time code, then known by its credential's hash.
CREATE TABLE posts (
  post_id         text PRIMARY KEY CHECK (post_id ~ '^[A-Z]{2}-[A-Z]{3}$'),
  name            text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  enrolled_at     timestamptz,
  credential_hash bytea UNIQUE,
  revoked_at      timestamptz,
  revoked_reason  text,
  last_contact    timestamptz
);

CREATE TABLE enrolment_codes (
  secret_hash bytea PRIMARY KEY,
  post_id     text NOT NULL REFERENCES posts,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

-- One hash chain a post ships: 'post' (its own journal: a standalone daemon's or the hub's) or 'kiosk:K2' (a
-- kiosk's journal, relayed by its hub). The central service holds the chain through accepted_through, whose link
-- is accepted_hash; a batch that does not link to it is refused (gap or fork) and nothing of it is stored.
CREATE TABLE streams (
  post_id          text NOT NULL REFERENCES posts,
  origin           text NOT NULL CHECK (origin = 'post' OR origin ~ '^kiosk:[A-Za-z0-9_-]{1,32}$'),
  accepted_through bigint NOT NULL DEFAULT 0,
  accepted_hash    text NOT NULL DEFAULT '',
  keyed_from       bigint,
  reported_head    bigint,
  first_contact    timestamptz NOT NULL DEFAULT now(),
  last_contact     timestamptz NOT NULL DEFAULT now(),
  last_received_at timestamptz,
  PRIMARY KEY (post_id, origin)
);

-- Raw events exactly as the post stored them (payload is the JSON text its link covers), partitioned by the
-- month of the event (`at`): a month is detached or archived whole. Partitions are made before a batch is
-- stored (ensure_event_partition); the default one catches nothing in normal operation.
CREATE TABLE events (
  post_id     text NOT NULL,
  origin      text NOT NULL,
  id          bigint NOT NULL,
  at          timestamptz NOT NULL,
  kind        text NOT NULL,
  subject     text,
  payload     text NOT NULL,
  hash        bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, origin, id, at)
) PARTITION BY RANGE (at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_kind_at ON events (kind, at);

CREATE FUNCTION ensure_event_partition(month_start date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  name text := 'events_' || to_char(month_start, 'YYYY_MM');
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                   name, date_trunc('month', month_start)::date, (date_trunc('month', month_start) + interval '1 month')::date);
  END IF;
END $$;

-- The chain's anchors: the link of an event the central service accepted, kept for ever even if raw events are
-- archived. A post whose journal says otherwise at an anchored id was rewritten after shipping.
CREATE TABLE anchors (
  post_id     text NOT NULL,
  origin      text NOT NULL,
  id          bigint NOT NULL,
  hash        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, origin, id),
  FOREIGN KEY (post_id, origin) REFERENCES streams
);
