-- Reserved (issue 16): migration 002 belongs to another item of this session. This empty step only keeps the
-- numbering without a gap on the ingest branch; drop this file at merge in favour of the real 002.
SELECT 1;
