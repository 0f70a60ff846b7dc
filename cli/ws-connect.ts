/** The WorkerDriver's connection in Node: the ws package's WebSocket. */
import { WebSocket } from "ws";
import { CloseCode } from "../shared/protocol.ts";
import type { DriverHandlers, DriverSocket } from "../shared/worker-driver.ts";

/**
 * A `connect` for WorkerDriver. `onError` hears the socket's error message
 * (such as ECONNREFUSED), which also becomes the close reason.
 */
export function wsConnector(url: string, onError: (message: string) => void = () => {}): (handlers: DriverHandlers) => DriverSocket {
  return (handlers) => {
    let lastError = "";
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on("open", () => handlers.open());
    ws.on("message", (data, isBinary) => {
      if (!isBinary) handlers.message(data.toString());
    });
    ws.on("error", (error) => {
      lastError = error.message;
      onError(error.message);
    });
    ws.on("close", (code, reason) => handlers.close(code, reason.toString() || lastError));
    return {
      send: (text) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
      },
      // The driver's "drop" is a network failure: no close frame, the server sees 1006.
      close: (code, reason) => (code === CloseCode.Dropped ? ws.terminate() : ws.close(code, reason)),
    };
  };
}
