-- Who changed the ministry's users (issue 16): every user added, role changed, password set or user disabled, by whom
-- (the admin's name on the pages, the OS user on the command line) and when. Never the password nor its hash. Rows are
-- only ever added: an UPDATE or DELETE is refused, so a change cannot be hidden by editing the log through the service.
CREATE TABLE central_user_changes (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,
  via       text NOT NULL CHECK (via IN ('pages', 'cli')),
  action    text NOT NULL CHECK (action IN ('added', 'role', 'password', 'disabled')),
  target    text NOT NULL,
  from_role text CHECK (from_role IN ('viewer', 'admin')),
  to_role   text CHECK (to_role IN ('viewer', 'admin'))
);

CREATE FUNCTION central_user_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'central_user_changes is append-only: a change of a user is never edited nor removed';
END $$;

CREATE TRIGGER central_user_changes_append_only BEFORE UPDATE OR DELETE ON central_user_changes
  FOR EACH ROW EXECUTE FUNCTION central_user_changes_append_only();
