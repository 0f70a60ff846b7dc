import { type FormEvent, useState } from "react";
import { nineDigits } from "../../../shared/random.ts";
import { useWorker, useWorkerState } from "../context.ts";

const RATES = [0.5, 1, 2, 5, 10];

export function Controls() {
  const { connection, random } = useWorker();
  const joined = useWorkerState((s) => s.status === "joined");
  const workerId = useWorkerState((s) => s.workerId);
  const auto = useWorkerState((s) => s.auto);
  const rate = useWorkerState((s) => s.autoRate);
  const lastError = useWorkerState((s) => s.lastError);
  const setAuto = useWorkerState((s) => s.setAuto);
  const setAutoRate = useWorkerState((s) => s.setAutoRate);
  const showError = useWorkerState((s) => s.showError);
  const clearError = useWorkerState((s) => s.clearError);
  const [text, setText] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Blank text sends a random 9-digit number, like the original run.
    const problem = connection.send(text.trim() === "" ? nineDigits(random) : text);
    if (problem) showError({ code: "NOT_SENT", message: problem });
    else {
      setText("");
      clearError();
    }
  };

  const download = (text: string, name: string) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    link.download = name;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const exportLog = () => download(connection.seedLog(), `ordercast-worker-${workerId ?? "unjoined"}.log`);
  const exportHistory = () => download(connection.history(), `ordercast-worker-${workerId ?? "unjoined"}.jsonl`);

  return (
    <section className="controls" aria-label="Controls">
      <form onSubmit={submit} className="send-form">
        <input
          aria-label="Message text"
          placeholder="your own text, or leave empty for a random 9-digit number"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={!joined}>
          Send
        </button>
      </form>
      <label className="auto">
        <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
        Auto
      </label>
      <label className="rate">
        <select value={rate} aria-label="Auto rate" onChange={(e) => setAutoRate(Number(e.target.value))}>
          {(RATES.includes(rate) ? RATES : [...RATES, rate].sort((a, b) => a - b)).map((r) => (
            <option key={r} value={r}>
              {r} / s
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={exportLog}>
        Export log
      </button>
      <button type="button" onClick={exportHistory} title="JSON lines for the checker: npm run -s check -- FILES">
        Export history
      </button>
      {lastError &&
        (lastError.code === "FRESH_START" ? (
          <p className="notice" role="status">
            {lastError.message}
          </p>
        ) : (
          <p className="error" role="alert">
            {lastError.message} <span className="code">({lastError.code})</span>
          </p>
        ))}
    </section>
  );
}
