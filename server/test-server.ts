/**
 * Moved to server/testing/in-process.ts. Kept only for client/src/connection.test.ts,
 * which another branch owns; remove once it imports the new path.
 */
export { type InProcessServer, startInProcess } from "./testing/in-process.ts";
