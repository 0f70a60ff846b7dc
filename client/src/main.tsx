import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { orderDigest } from "../../shared/digest.ts";
import { WS_PATH } from "../../shared/protocol.ts";
import { seededRandom } from "../../shared/random.ts";
import { App } from "./App.tsx";
import { connectWorker } from "./connection.ts";
import { WorkerContext } from "./context.ts";
import { createWorkerStore } from "./store.ts";
import "./styles.css";

const random = seededRandom(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);
const store = createWorkerStore(orderDigest([]));
const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${WS_PATH}`;
const connection = connectWorker({ url, store, WebSocket, now: Date.now, random, identity: sessionStorage });
addEventListener("pagehide", (event) => {
  if (!event.persisted) connection.stop();
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");
createRoot(root).render(
  <StrictMode>
    <WorkerContext.Provider value={{ store, connection, random }}>
      <App />
    </WorkerContext.Provider>
  </StrictMode>,
);
