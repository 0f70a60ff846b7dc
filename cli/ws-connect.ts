/** The WorkerDriver's connection in Node: the ws package's WebSocket. */
import { WebSocket } from "ws";
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
      // 4900 is the driver's "drop": cut the connection as a network failure would.
      close: (code, reason) => (code === 4900 ? ws.terminate() : ws.close(code, reason)),
    };
  };
}
