// After `vite build`: writes a gzip copy beside each text asset (the gateway sends it to browsers that accept gzip)
// and prints the initial load: index.html plus every script and style it references, compressed.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const sizes = {};
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(js|css|html|svg|json)$/.test(name)) {
      const gz = gzipSync(readFileSync(path), { level: 9 });
      writeFileSync(path + ".gz", gz);
      sizes["/" + path.slice(dist.length + 1).replaceAll("\\", "/")] = gz.length;
    }
  }
};
walk(dist);

const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = ["/index.html", ...[...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])];
const total = initial.reduce((sum, f) => sum + (sizes[f] ?? 0), 0);
writeFileSync(join(dist, "size.json"), JSON.stringify({ initialLoadGzipBytes: total, files: initial.map((f) => ({ file: f, gzipBytes: sizes[f] })) }, null, 2));
console.log(`Initial load (gzip): ${(total / 1024).toFixed(1)} KB in ${initial.length} files (limit 300 KB)`);
if (total > 300 * 1024) {
  console.error("The initial load is over 300 KB compressed.");
  process.exit(1);
}
