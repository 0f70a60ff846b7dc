/**
 * The teacher's network form: text as typed, in the units shown (ms, %), to
 * settings checked by the protocol's own schema, so that the board refuses
 * exactly what the sequencer would refuse, with the schema's words.
 */
import { checkNetworkSetting, type NetworkSettings } from "../../../shared/protocol.ts";

export type NetworkField = keyof NetworkSettings;

/** The form's fields as typed. */
export type NetworkDraft = Record<NetworkField, string>;

/** Each field's label, and what its typed number is multiplied by on the wire (% to a fraction). */
export const NETWORK_FIELDS: Record<NetworkField, { readonly label: string; readonly unit: string; readonly scale: number }> = {
  delay: { label: "Delay", unit: "ms", scale: 1 },
  jitter: { label: "Jitter", unit: "ms", scale: 1 },
  loss: { label: "Loss", unit: "%", scale: 1 / 100 },
  dup: { label: "Duplication", unit: "%", scale: 1 / 100 },
};

const NAMES = Object.keys(NETWORK_FIELDS) as NetworkField[];

/** The form showing `network`. */
export function draftOf(network: NetworkSettings): NetworkDraft {
  return { delay: String(network.delay), jitter: String(network.jitter), loss: String(network.loss * 100), dup: String(network.dup * 100) };
}

/** The settings the form asks for, or what is wrong with the first field the sequencer would refuse. */
export function networkOf(draft: NetworkDraft): { ok: true; network: NetworkSettings } | { ok: false; error: string } {
  const network = { delay: 0, jitter: 0, loss: 0, dup: 0 };
  for (const name of NAMES) {
    const { label, unit, scale } = NETWORK_FIELDS[name];
    const typed = Number(draft[name]);
    if (!Number.isFinite(typed)) return { ok: false, error: `${label}: "${draft[name]}" is not a number` };
    const value = typed * scale;
    const problem = checkNetworkSetting(name, value);
    if (problem !== null) {
      const wire = scale === 1 ? "" : ` (${label.toLowerCase()} is sent as a fraction: ${typed}${unit} is ${value})`;
      return { ok: false, error: `${label}: ${problem}${wire}` };
    }
    network[name] = value;
  }
  return { ok: true, network };
}
