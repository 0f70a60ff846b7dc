import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The page lives in client/; it imports the isomorphic code from ../shared.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
  },
});
