import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import { STAGE_SCHEMA_FILE, loadStages } from "../../lib/config/load-stages";
import { stageJsonSchema } from "../../lib/config/stage-json-schema";
import { PROJECT_ROOT } from "../../lib/paths";
import { configFolder, exampleStage } from "../support/stage-files";

describe("config/stage.schema.json", () => {
  it("is what `npm run schema` emits from the zod schema (run it after changing lib/config)", () => {
    expect(readFileSync(join(PROJECT_ROOT, "config", STAGE_SCHEMA_FILE), "utf8")).toBe(stageJsonSchema());
  });
});

describe("the editor schema and the stage-file validation", () => {
  const PIN = "5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f";
  const COLONS = PIN.toUpperCase().match(/../g)!.join(":");
  const PINS = [
    PIN,
    COLONS,
    ` ${PIN} `,
    PIN.toUpperCase(),
    "AB:CD",
    PIN.slice(2),
    `${PIN}00`,
    `${PIN.slice(0, 63)}g`,
    COLONS.replace(":", ""),
    COLONS.replace(/:/g, "-"),
    "",
  ];
  const URLS = [
    "https://legacy-facade.dev.acme.example",
    "https://legacy-facade.dev.acme.example:8443/v1",
    "http://legacy-facade.dev.acme.example",
    "https://user:secret@legacy-facade.dev.acme.example",
    "https://token@legacy-facade.dev.acme.example",
    "https://legacy-facade.dev.acme.example/?debug=1",
    "https://legacy-facade.dev.acme.example/#top",
    "legacy-facade.dev.acme.example",
    "https://",
  ];

  function accepts(edit: (stage: Record<string, any>) => void): { editor: boolean; validation: boolean } {
    const stage = exampleStage();
    edit(stage);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const editor = ajv.validate(JSON.parse(stageJsonSchema()), stage) as boolean;
    let validation = true;
    try {
      loadStages(configFolder({ "dev.json": stage }));
    } catch {
      validation = false;
    }
    return { editor, validation };
  }

  it.each(PINS)("agree on the pin %j", (pin) => {
    const { editor, validation } = accepts((stage) => (stage.facade.certificate.sha256Pins = [pin]));
    expect(editor).toBe(validation);
  });

  it.each(URLS)("agree on the facade URL %j", (url) => {
    const { editor, validation } = accepts((stage) => (stage.facade.url = url));
    expect(editor).toBe(validation);
  });
});
