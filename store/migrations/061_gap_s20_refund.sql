-- Worktree-only gap filler (s20-refund): the coordinator drops every *_gap_s20_refund.sql at merge, where the
-- refunds migration (placeholder 092) takes its real number. It does nothing.
SELECT 1;
