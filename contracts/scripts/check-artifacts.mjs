// Deterministic build check: recompiles into a temporary directory and fails (exit 1) unless every committed
// artifact in contracts/artifacts is byte-for-byte what a fresh compile produces, with no artifact missing or extra.
// Run after editing any .sol file: a mismatch means `node scripts/compile.mjs` was not run (or not committed).
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_OUT, writeArtifacts } from "./compile.mjs";

const fresh = mkdtempSync(join(tmpdir(), "enerlectra-artifacts-"));
let failures = 0;
try {
  writeArtifacts(fresh);
  const expected = readdirSync(fresh).sort();
  const committed = existsSync(DEFAULT_OUT) ? readdirSync(DEFAULT_OUT).filter((f) => f.endsWith(".json")).sort() : [];
  for (const file of expected) {
    if (!committed.includes(file)) {
      process.stderr.write(`MISSING artifacts/${file}\n`);
      failures++;
    } else if (readFileSync(join(fresh, file), "utf8") !== readFileSync(join(DEFAULT_OUT, file), "utf8")) {
      process.stderr.write(`DIFFERS artifacts/${file} (committed artifact is not what the sources compile to)\n`);
      failures++;
    }
  }
  for (const file of committed.filter((f) => !expected.includes(f))) {
    process.stderr.write(`EXTRA artifacts/${file} (no such deployable contract)\n`);
    failures++;
  }
} catch (e) {
  process.stderr.write(`check failed: ${e.message}\n`);
  failures++;
} finally {
  rmSync(fresh, { recursive: true, force: true });
}

if (failures > 0) {
  process.stderr.write("artifacts are stale: run `node scripts/compile.mjs` in contracts/ and commit artifacts/\n");
  process.exit(1);
}
process.stdout.write(`artifacts match a fresh compile (${DEFAULT_OUT})\n`);
