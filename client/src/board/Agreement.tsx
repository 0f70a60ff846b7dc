import { useBoardState } from "./context.ts";
import { workerName } from "./diagram/data.ts";

/** The badge: do all workers agree, and up to where; or where do two first differ. */
export function Agreement() {
  const agreement = useBoardState((s) => s.agreement);
  const workers = useBoardState((s) => s.workers);
  const count = workers.length;
  const name = (id: number) => {
    const worker = workers.find((w) => w.id === id);
    return worker ? workerName(worker) : `Process ${id}`;
  };
  if (agreement.agree) {
    return (
      <output className="badge agree" data-testid="agreement" data-agree="true">
        {count === 0 ? "no workers yet" : `all ${count} worker${count === 1 ? "" : "s"} agree up to #${agreement.through}`}
      </output>
    );
  }
  const [a, b] = agreement.workers;
  return (
    <output className="badge differ" data-testid="agreement" data-agree="false" data-position={agreement.position}>
      {name(a)} and {name(b)} differ at delivery #{agreement.position}
    </output>
  );
}
