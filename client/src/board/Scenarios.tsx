import { useState } from "react";
import { SCENARIOS, type ScenarioId, scenarioInfo } from "../../../shared/scenarios.ts";
import { useBoard, useBoardState } from "./context.ts";

/** Prepared, seeded scenarios, each with a paragraph for students. */
export function Scenarios() {
  const { connection } = useBoard();
  const running = useBoardState((s) => s.scenario);
  const [chosen, setChosen] = useState<ScenarioId>("reordering");
  const [seed, setSeed] = useState("1");
  const shown = scenarioInfo(running?.id ?? chosen);
  return (
    <section className="scenarios" aria-label="Scenarios">
      <h2>Scenarios</h2>
      <div className="hand-buttons">
        <label>
          Scenario{" "}
          <select value={chosen} aria-label="Scenario" onChange={(e) => setChosen(e.target.value as ScenarioId)}>
            {SCENARIOS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} aria-label="Seed" className="seed" />
        </label>
        <button
          type="button"
          onClick={() => connection.control({ action: "scenario", scenario: chosen, seed: Math.max(0, Math.floor(Number(seed) || 0)) })}
        >
          Run scenario
        </button>
      </div>
      <p className="muted small">
        Running a scenario starts the room afresh; bots join as workers, and every tab in the room sees what they send.
      </p>
      <article className="scenario-text">
        <h3>{shown.title}</h3>
        <p>{shown.explanation}</p>
        {running && (
          <p className={`scenario-status ${running.state}`} data-testid="scenario-status" data-state={running.state}>
            {running.state === "running" ? `Running (seed ${running.seed})…` : running.result}
          </p>
        )}
      </article>
    </section>
  );
}
