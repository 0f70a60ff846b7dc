import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The page lives in client/; it imports the isomorphic code from ../shared.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // Two pages: a worker tab (index.html) and the teacher's board (board.html, served at /board).
    rollupOptions: {
      input: { worker: "client/index.html", board: "client/board.html" },
    },
  },
});
