-- Worktree-only gap filler (s17-bundle): the coordinator drops this file at merge, where another helper's
-- migration takes number 002. It does nothing.
SELECT 1;
