/**
 * The wire protocol between workers and the sequencer, from one import. Its
 * parts live in protocol/: codes.ts and constants.ts (no imports), types.ts
 * (types only), schemas.ts and parse.ts (zod, validation at the edge),
 * frames.ts (typed builders), batch.ts (the catch-up's batch frame, built
 * and checked by hand) and board-check.ts (the board message, checked by hand
 * for parse.ts). docs/PROTOCOL.md describes it for people writing
 * their own workers; these files are its single source of truth.
 */
export * from "./protocol/batch.ts";
export * from "./protocol/codes.ts";
export * from "./protocol/constants.ts";
export * from "./protocol/frames.ts";
export * from "./protocol/parse.ts";
export type * from "./protocol/types.ts";
