#!/usr/bin/env node
// Runs a Node script on Node 22, the runtime of Auth0's tenants, through
// `npx -p node@22` (the npm package ships the binary). Not a dependency of the project:
// a package named `node` would put its binary first on the PATH of every npm script.
// Usage: node bin/run-on-node22.mjs <script> [args...]
import { spawnSync } from "node:child_process";

const NODE_22 = "node@22.23.3";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const result = spawnSync(npx, ["--yes", "-p", NODE_22, "node", ...process.argv.slice(2)], { stdio: "inherit" });
process.exitCode = result.status ?? 1;
