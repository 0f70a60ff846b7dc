/**
 * The baseline for `npm run bench`: a plain ws relay. Every message from any
 * client goes to every client with one `send` each, without parsing. Prints
 * its port on stdout.
 */
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => {
    for (const client of wss.clients) client.send(data, { binary: isBinary });
  });
});
wss.on("listening", () => {
  const address = wss.address();
  console.log(`listening on ${typeof address === "object" && address ? address.port : address}`);
});
process.on("SIGTERM", () => process.exit(0));
