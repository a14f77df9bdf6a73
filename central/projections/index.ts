// The projections' entry point for the ingest (issue 16): after storing a post's batch, in its own transaction
// (not the batch's), call `await projectPending(db, { postId, max: 10_000 })`; what `max` leaves is projected by
// the next call. The SQL is central/db/projections.ts; what each event kind means is ./ops.ts.
export { projectPending, type ProjectOptions, type ProjectResult } from '../db/projections';
