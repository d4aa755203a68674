import { defineConfig } from "vite";

// The app is served by the gateway (http://127.0.0.1:5080); `npm run dev` proxies the API to a running gateway.
const gateway = "http://127.0.0.1:5080";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: { proxy: { "/api": gateway, "/health": gateway, "/enerlectra.v1.": gateway } },
});
