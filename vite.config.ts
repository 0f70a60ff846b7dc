import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The page lives in client/; it imports the isomorphic code from ../shared.
export default defineConfig({
  root: "client",
  plugins: [react()],
  server: {
    fs: {
      // The dev server serves the page's sources and its packages, nothing else: not the durable
      // log in data/ (its cids are credentials), not the repository's other files.
      allow: [here("client"), here("shared"), realpathSync(here("node_modules"))],
      deny: [".env", ".env.*", "*.{crt,pem}", "**/.git/**", "**/*.log", "**/sequencer.log*"],
    },
  },
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // Two pages: a worker tab (index.html) and the teacher's board (board.html, served at /board).
    rollupOptions: {
      input: { worker: "client/index.html", board: "client/board.html" },
    },
  },
});
