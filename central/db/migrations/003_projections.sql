-- The raw events projected into tables the ministry's pages read (issue 16), the ministry's users, and the
-- indexes that keep the network page fast. A stream's cursor moves in the transaction that writes its rows, so
-- each event is projected exactly once, and a crash mid-way is resumed from the cursor.

-- The post's IANA zone, for "today" on the network page (business days themselves come from the events).
ALTER TABLE posts ADD COLUMN IF NOT EXISTS time_zone text;

CREATE TABLE projection_cursors (
  post_id           text NOT NULL,
  origin            text NOT NULL,
  projected_through bigint NOT NULL DEFAULT 0,
  projected_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, origin)
);

-- Queue tickets (queue.ticket.*): one row per ticket, its day from its id (CONSULATE/DAY/PREFIX/SEQ).
CREATE TABLE proj_tickets (
  post_id         text NOT NULL,
  ticket_id       text NOT NULL,
  origin          text NOT NULL,
  business_day    date NOT NULL,
  service         text NOT NULL,
  persons         int NOT NULL DEFAULT 1,
  issued_at       timestamptz NOT NULL,
  first_called_at timestamptz,
  state           text NOT NULL,
  state_at        timestamptz NOT NULL,
  served          int NOT NULL DEFAULT 0,
  no_shows        int NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, ticket_id)
);
CREATE INDEX proj_tickets_day ON proj_tickets (business_day, post_id) INCLUDE (state, served, no_shows, persons, issued_at, first_called_at);

-- Each call and recall of a ticket at a counter.
CREATE TABLE proj_calls (
  post_id   text NOT NULL,
  origin    text NOT NULL,
  event_id  bigint NOT NULL,
  ticket_id text NOT NULL,
  at        timestamptz NOT NULL,
  kind      text NOT NULL,
  counter   text,
  service   text NOT NULL,
  PRIMARY KEY (post_id, origin, event_id)
);
CREATE INDEX proj_calls_ticket ON proj_calls (post_id, ticket_id);

-- Visits that took a fee: the eTimbre reference issued, then the visit completed.
CREATE TABLE proj_visits (
  post_id      text NOT NULL,
  reference    text NOT NULL,
  origin       text NOT NULL,
  issued_at    timestamptz NOT NULL,
  services     text NOT NULL,
  persons      int NOT NULL,
  amount_minor bigint NOT NULL,
  currency     text NOT NULL,
  completed_at timestamptz,
  ticket       text,
  PRIMARY KEY (post_id, reference)
);

-- Payments as their events tell them: the request from payment.intent, the state from the latest state event.
CREATE TABLE proj_payments (
  post_id      text NOT NULL,
  origin       text NOT NULL,
  payment_id   text NOT NULL,
  kiosk_id     text NOT NULL,
  terminal_id  text NOT NULL,
  business_day date NOT NULL,
  created_at   timestamptz NOT NULL,
  amount_minor bigint NOT NULL,
  currency     text NOT NULL,
  reference    text,
  is_test      boolean NOT NULL,
  state        text NOT NULL,
  state_at     timestamptz NOT NULL,
  PRIMARY KEY (post_id, origin, payment_id)
);
CREATE INDEX proj_payments_day ON proj_payments (business_day, post_id) INCLUDE (currency, state, is_test, amount_minor);

-- The fee in dirhams of a payment, from the quote its visit journaled (checkin.paying): Σ unitFeeMad × persons.
CREATE TABLE proj_payment_quotes (
  post_id    text NOT NULL,
  origin     text NOT NULL,
  payment_id text NOT NULL,
  fee_mad    numeric NOT NULL,
  PRIMARY KEY (post_id, origin, payment_id)
);

-- Day closes (day.closed, one per stream, day and terminal) and the corrections added to them.
CREATE TABLE proj_day_closes (
  post_id              text NOT NULL,
  origin               text NOT NULL,
  business_day         date NOT NULL,
  terminal_id          text NOT NULL,
  currency             text NOT NULL,
  source               text NOT NULL,
  balanced             boolean NOT NULL,
  terminal_total_minor bigint NOT NULL,
  terminal_count       int NOT NULL,
  journal_total_minor  bigint NOT NULL,
  journal_count        int NOT NULL,
  closed_by            text NOT NULL,
  closed_at            timestamptz NOT NULL,
  PRIMARY KEY (post_id, origin, business_day, terminal_id)
);
CREATE INDEX proj_day_closes_day ON proj_day_closes (business_day, post_id);

CREATE TABLE proj_day_corrections (
  post_id      text NOT NULL,
  origin       text NOT NULL,
  event_id     bigint NOT NULL,
  business_day date NOT NULL,
  terminal_id  text NOT NULL,
  payment_id   text,
  amount_minor bigint,
  note         text NOT NULL,
  by           text NOT NULL,
  at           timestamptz NOT NULL,
  PRIMARY KEY (post_id, origin, event_id)
);

-- Each device's last known state, per kiosk of the post ('post' for the daemon's own devices).
CREATE TABLE proj_devices (
  post_id   text NOT NULL,
  kiosk_id  text NOT NULL,
  device_id text NOT NULL,
  kind      text,
  status    text NOT NULL,
  detail    text,
  paper     text,
  since     timestamptz NOT NULL,
  PRIMARY KEY (post_id, kiosk_id, device_id)
);

-- The ministry's users of the central pages: a viewer sees, an admin also manages users.
CREATE TABLE central_users (
  name          text PRIMARY KEY CHECK (name ~ '^[a-z0-9._-]{2,64}$'),
  role          text NOT NULL CHECK (role IN ('viewer', 'admin')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

CREATE TABLE central_sessions (
  token_hash bytea PRIMARY KEY,
  name       text NOT NULL REFERENCES central_users ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
