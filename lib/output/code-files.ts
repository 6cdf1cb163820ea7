import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { StageConfig } from "../config/stage-config";
import { codeUnits } from "../facts/code-units";
import { codeFileOf } from "../review/summary";
import { SynthesizedStack } from "../synthesized/synthesized-stack";

/**
 * Writes every stage's exact script and Action texts as plain files (Terraform escaping
 * undone), `<outdir>/code/<stage>/scripts/<name>.js` and `actions/<name>.js`, with a
 * `manifest.json` of their SHA-256: what a reviewer reads as code, and what Auth0 runs.
 */
export function writeCodeFiles(outdir: string, configs: readonly StageConfig[]): void {
  for (const config of configs) {
    const stack = SynthesizedStack.read(outdir, config.stage);
    const files = codeUnits(stack).flatMap((unit) => {
      if (unit.code === undefined) return [];
      const file = codeFileOf(config.stage, unit.kind, unit.name);
      mkdirSync(dirname(join(outdir, file)), { recursive: true });
      writeFileSync(join(outdir, file), unit.code);
      return [
        {
          file: file.slice(`code/${config.stage}/`.length),
          kind: unit.kind,
          name: unit.name,
          resource: unit.resource.address,
          path: unit.resource.path,
          bytes: Buffer.byteLength(unit.code, "utf8"),
          sha256: createHash("sha256").update(unit.code).digest("hex"),
        },
      ];
    });
    mkdirSync(join(outdir, "code", config.stage), { recursive: true });
    writeFileSync(join(outdir, "code", config.stage, "manifest.json"), `${JSON.stringify({ stage: config.stage, files }, null, 2)}\n`);
  }
}
