import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { orderDigest } from "../../shared/digest.ts";
import { seededRandom } from "../../shared/random.ts";
import { App } from "./App.tsx";
import { runAutoSend } from "./autosend.ts";
import { connectWorker } from "./connection.ts";
import { WorkerContext } from "./context.ts";
import { roomOf, socketUrl } from "./room.ts";
import { tabStorage } from "./storage.ts";
import { createWorkerStore } from "./store.ts";
import { after, atNextFrame } from "./timers.ts";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");
const chosen = roomOf(location.search);
if ("error" in chosen) {
  createRoot(root).render(<p className="app error">{chosen.error}</p>);
} else {
  const random = seededRandom(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);
  const store = createWorkerStore(orderDigest([]), chosen.room);
  const url = socketUrl(location, chosen.room);
  const connection = connectWorker({ url, store, WebSocket, now: Date.now, random, identity: tabStorage(), frame: atNextFrame });
  const stopAutoSend = runAutoSend({ store, send: (data) => connection.send(data), random, after });
  addEventListener("pagehide", (event) => {
    if (event.persisted) return;
    stopAutoSend();
    connection.stop();
  });
  createRoot(root).render(
    <StrictMode>
      <WorkerContext.Provider value={{ store, connection, random }}>
        <App />
      </WorkerContext.Provider>
    </StrictMode>,
  );
}
