/**
 * The protocol's fixed values: version, path and limits. No imports, so a
 * page or tool can read them without loading the schemas.
 */

/** Bumped on any change a version-1 worker could not understand. */
export const PROTOCOL_VERSION = 1;

/** The WebSocket path the sequencer listens on. */
export const WS_PATH = "/ws";

/** Longest `data` a worker may send, in characters (Unicode code points: an emoji counts 1). */
export const MAX_DATA_LENGTH = 1000;

/**
 * Longest text frame that is parsed at all, in UTF-16 code units; longer ones get TOO_LARGE.
 * Room for any valid send even with every character escaped as \uXXXX\uXXXX.
 */
export const MAX_FRAME_LENGTH = 16 * 1024;

/** Frames larger than this many bytes are cut off by the transport (close 1009). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Most seqs one `nack` may ask for. */
export const MAX_NACK_RANGE = 1000;

/** A worker's lane stays on the board this long after it went away (ms); then it is dropped. */
export const LANE_KEPT_OFFLINE_MS = 60_000;

/**
 * A `board` message carries lane rows for the first this many lanes, in the order of its `workers`
 * (a projected board draws about 14 to 25), and the followed message's rows for every lane; the
 * `workers` summaries cover everyone (docs/PROTOCOL.md section 4.13).
 */
export const MAX_DRAWN_LANES = 40;

/** Most rows one `board` message carries for one lane: those of its newest seqs (besides the followed one). */
export const MAX_LANE_ROWS = 300;

/** Most `follow` messages one connection may send a second. */
export const FOLLOWS_PER_SECOND = 4;

/** A room's name, from `?room=` on the page and the WebSocket: letters, digits, "-" and "_", 1 to 32; the server case-folds it. */
export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** A worker's chosen identity: letters, digits, "-" and "_", 1 to 64 of them. */
export const CID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** What a worker lists in `hello.accepts` to get its catch-up as `batch` frames instead of one `stamped` frame per record. */
export const BATCH_CAPABILITY = "batch";

/** Most records one `batch` frame holds. */
export const MAX_BATCH_RECORDS = 4096;

/**
 * Longest `batch` frame, in UTF-16 code units (and so at most 3 MiB of UTF-8);
 * the sequencer fills a batch up to this, at least one record each.
 */
export const MAX_BATCH_FRAME_LENGTH = 1 << 20;

/**
 * Longest `board` frame a board accepts, in UTF-16 code units. A board message describes a
 * whole room (300 workers' summaries and the rows of up to MAX_DRAWN_LANES lanes: about 0.3 MB
 * in a lecture, under 1 MB at its largest), far beyond what any worker's frame needs.
 */
export const MAX_BOARD_FRAME_LENGTH = 4 << 20;
