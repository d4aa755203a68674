// Generates the TypeScript messages and service descriptors from the project's protos (protos/enerlectra/v1) into
// src/gen with buf + protoc-gen-es (both from npm, so no protoc is needed). The protos and the two vendored
// google/api files are copied into one folder first, because buf reads a single module root.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(app, "build", "proto");
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
cpSync(join(app, "..", "..", "protos"), root, { recursive: true });
cpSync(join(app, "proto-deps"), root, { recursive: true });
rmSync(join(app, "src", "gen"), { recursive: true, force: true });

const template = JSON.stringify({
  version: "v2",
  plugins: [{ local: join(app, "node_modules", ".bin", "protoc-gen-es"), out: join(app, "src", "gen"), opt: ["target=ts"] }],
});
execFileSync(process.execPath, [join(app, "node_modules", "@bufbuild", "buf", "bin", "buf"), "generate", root, "--template", template], {
  cwd: app,
  stdio: "inherit",
});
