// The life of an edit in the outbox. Node-free: the contract, the answer schemas and the renderer read it
// as well as the database schema (db/schema.ts), whose `edits.state` column holds exactly these words.
export const EDIT_STATES = ['pending', 'sending', 'synced', 'failed', 'cancelled'] as const;
export type EditState = (typeof EDIT_STATES)[number];
/** States that are still the engine's work (counted as "pending" for the clerk). */
export const QUEUED_STATES = ['pending', 'sending'] as const satisfies readonly EditState[];
