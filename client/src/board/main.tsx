import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { seededRandom } from "../../../shared/random.ts";
import { roomOf, socketUrl } from "../room.ts";
import { tabStorage } from "../storage.ts";
import { after, atNextFrame } from "../timers.ts";
import "../styles.css";
import "./board.css";
import { BoardApp } from "./BoardApp.tsx";
import { connectBoard } from "./connection.ts";
import { BoardContext } from "./context.ts";
import { createBoardStore } from "./store.ts";
import { KEY_ITEM, takeBoardKey } from "./url-key.ts";

const root = document.getElementById("root");
if (!root) throw new Error("board.html lacks #root");
const chosen = roomOf(location.search);
if ("error" in chosen) {
  createRoot(root).render(<p className="app error">{chosen.error}</p>);
} else {
  // The key may come in the URL the server printed (/board?key=…); it is kept for this tab only, and leaves the address bar.
  const storage = tabStorage();
  const key = takeBoardKey(location.href, history, storage);
  const store = createBoardStore(chosen.room, key, new URLSearchParams(location.search).get("view") === "present");
  // Written when it changes (the teacher types one in), not at each of the room's five updates a second.
  store.subscribe((state, previous) => {
    if (state.key !== previous.key) storage.setItem(KEY_ITEM, state.key);
  });
  const random = seededRandom(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);
  const connection = connectBoard({
    url: socketUrl(location, chosen.room),
    store,
    WebSocket,
    random,
    now: Date.now,
    after,
    frame: atNextFrame,
  });
  createRoot(root).render(
    <StrictMode>
      <BoardContext.Provider value={{ store, connection }}>
        <BoardApp />
      </BoardContext.Provider>
    </StrictMode>,
  );
}
