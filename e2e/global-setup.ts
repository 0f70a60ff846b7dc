import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuilt } from "../server/build.ts";

/** Builds the page once, so the servers each spec starts come up at once. */
export default async function globalSetup(): Promise<void> {
  await ensureBuilt(join(dirname(fileURLToPath(import.meta.url)), ".."), (line) => console.log(line));
}
