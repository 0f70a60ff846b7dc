/**
 * The protocol's machine-readable codes: the `code` of an `error` message and
 * the WebSocket close codes. No imports, so anything can name a code without
 * loading the schemas. docs/PROTOCOL.md lists every one (section 5), and
 * codes.test.ts keeps the two in step.
 */

/** Machine-readable reasons carried by `error` messages. */
export const ErrorCode = {
  BadJson: "BAD_JSON",
  UnknownType: "UNKNOWN_TYPE",
  BadMessage: "BAD_MESSAGE",
  TooLarge: "TOO_LARGE",
  BinaryFrame: "BINARY_FRAME",
  HelloRequired: "HELLO_REQUIRED",
  AlreadyJoined: "ALREADY_JOINED",
  VersionUnsupported: "VERSION_UNSUPPORTED",
  RateLimited: "RATE_LIMITED",
  BadRange: "BAD_RANGE",
  KeyRequired: "KEY_REQUIRED",
  NotInFlight: "NOT_IN_FLIGHT",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Every WebSocket close code a worker can meet, the standard ones included, so
 * that no code compares against a bare number.
 */
export const CloseCode = {
  /** A deliberate, orderly close: a worker that stops, the `net` tool when done. The server never sends it to a healthy connection. */
  Normal: 1000,
  /** The server process is stopping. */
  ServerStopping: 1001,
  /** The connection ended without a close frame (killed server, failed network, destroyed socket). Never sent on the wire. */
  Abnormal: 1006,
  /** A text frame was not valid UTF-8 (sent by the ws library). */
  InvalidUtf8: 1007,
  /** A frame over MAX_PAYLOAD_BYTES (sent by the ws library). */
  TooBig: 1009,
  /** The room's sequencer restarts on its log (the `restart` scenario): same epoch, reconnect and resume. */
  Restarting: 1012,
  /** The worker asked for a protocol version this server does not speak. */
  VersionUnsupported: 4000,
  /** No pong came back to a heartbeat ping. */
  Unresponsive: 4001,
  /** The worker read too slowly: too much was waiting to be sent to it. Reconnect and resume. */
  TooSlow: 4002,
  /** The room was reset: its log starts again at seq 1 in a new epoch. Reconnect. */
  RoomReset: 4003,
  /** Another connection said hello with this worker's cid; the newest one wins. */
  Replaced: 4004,
  /** The connection did not say hello in time. */
  HelloTimeout: 4005,
  /**
   * Worker side only: the driver's "drop", a connection cut as a network failure would cut it.
   * A socket that can, destroys itself without a close frame (the server sees 1006); a browser,
   * which cannot, sends a close frame with this code. Never sent by the server.
   */
  Dropped: 4900,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
