/** A room on virtual time and an in-memory log, for tests. */
import type { NetworkSettings } from "../../shared/protocol.ts";
import { seededRandom } from "../../shared/random.ts";
import { MemoryLog } from "../log.ts";
import { DIRECT } from "../netsim.ts";
import { Room } from "../room.ts";
import { VirtualClock } from "./virtual-clock.ts";

export const TEST_KEY = "teacher-key-for-tests";

export function testRoom(settings: NetworkSettings = DIRECT) {
  const clock = new VirtualClock();
  const random = seededRandom(1);
  const log = new MemoryLog(random);
  const room = new Room({ clock, random, settings, log, teacherKey: TEST_KEY });
  return { clock, random, log, room };
}
