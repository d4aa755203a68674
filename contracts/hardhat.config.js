// Minimal Hardhat 2 config: only the local dev node is used (`npx hardhat node`).
// Contracts are compiled by scripts/compile.mjs with the npm `solc` package, never by Hardhat,
// because `hardhat compile` downloads a compiler binary and this project builds offline.
// `paths.sources` points at a folder that holds no Solidity so that no Hardhat task ever tries
// to compile (and so download) anything.
module.exports = {
  solidity: "0.8.28",
  paths: {
    sources: "./hardhat-no-sources",
    cache: "./.hardhat-cache",
    artifacts: "./.hardhat-artifacts",
  },
  networks: {
    hardhat: {
      // 31337 is the local dev chain id the server config and tests expect.
      chainId: 31337,
    },
  },
};
