// Compiles contracts/src/*.sol with the pinned npm `solc` (solc-js standard JSON; no compiler download) and writes
// one artifact per deployable contract: artifacts/<Name>.json = { contractName, abi, bytecode, deployedBytecode,
// compiler }. The artifacts are committed and consumed by the C# code, so the build must be byte-for-byte
// reproducible: fixed compiler, fixed settings, sources keyed by repository-relative paths (never absolute ones,
// which would leak into the metadata hash), sorted output, stable JSON formatting.
//
// Usage: node scripts/compile.mjs [--out <dir>]   (default: contracts/artifacts)
import { createRequire } from "node:module";
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const solc = require("solc");

export const CONTRACTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_OUT = join(CONTRACTS_DIR, "artifacts");

/** The compiler this project is pinned to; a different solc in node_modules means `npm ci` was not run. */
export const SOLC_VERSION = "0.8.28";
/** Cancun runs on Hardhat 2.29.1's default hardfork (prague) and on every current public EVM chain. */
export const EVM_VERSION = "cancun";
export const OPTIMIZER_RUNS = 200;
/** The contracts the C# side deploys; everything else (OpenZeppelin) is a dependency. */
export const DEPLOYABLE = ["EnergyToken", "PaymentToken", "EnergyTrading"];

function findImports(path) {
  // OpenZeppelin (and any other package) import paths resolve inside node_modules.
  const file = join(CONTRACTS_DIR, "node_modules", path);
  if (!existsSync(file)) return { error: `import not found: ${path} (run npm ci in contracts/)` };
  return { contents: readFileSync(file, "utf8") };
}

export function compile() {
  const actual = solc.version();
  if (!actual.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`solc ${SOLC_VERSION} expected but node_modules has ${actual}; run npm ci in contracts/`);
  }

  const sources = {};
  for (const file of readdirSync(join(CONTRACTS_DIR, "src")).filter((f) => f.endsWith(".sol")).sort()) {
    sources[`src/${file}`] = { content: readFileSync(join(CONTRACTS_DIR, "src", file), "utf8") };
  }

  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      evmVersion: EVM_VERSION,
      metadata: { bytecodeHash: "ipfs" },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const problems = output.errors ?? [];
  for (const p of problems) process.stderr.write(`${p.formattedMessage ?? p.message}\n`);
  // Warnings fail the build too: a warning in contracts that hold money is a bug until shown otherwise.
  if (problems.length > 0) throw new Error(`solc reported ${problems.length} error(s)/warning(s)`);

  const artifacts = {};
  for (const name of DEPLOYABLE) {
    const contract = output.contracts[`src/${name}.sol`]?.[name];
    if (!contract) throw new Error(`contract ${name} not found in src/${name}.sol`);
    artifacts[name] = {
      contractName: name,
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
      compiler: { solc: actual, evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: OPTIMIZER_RUNS } },
    };
  }
  return artifacts;
}

/** Serialises one artifact exactly as it is committed. */
export function render(artifact) {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}

export function writeArtifacts(outDir) {
  const artifacts = compile();
  mkdirSync(outDir, { recursive: true });
  for (const [name, artifact] of Object.entries(artifacts)) {
    writeFileSync(join(outDir, `${name}.json`), render(artifact));
  }
  return Object.keys(artifacts);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outFlag = process.argv.indexOf("--out");
  const outDir = outFlag >= 0 ? resolve(process.argv[outFlag + 1]) : DEFAULT_OUT;
  try {
    const names = writeArtifacts(outDir);
    process.stderr.write(`compiled ${names.join(", ")} with solc ${SOLC_VERSION} (${EVM_VERSION}) -> ${outDir}\n`);
  } catch (e) {
    process.stderr.write(`compile failed: ${e.message}\n`);
    process.exit(1);
  }
}
