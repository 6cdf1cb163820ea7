import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HAZARDS } from "../../lib/plan/plan-hazards";
import { PROJECT_ROOT } from "../../lib/paths";

describe("the plan gate's list of hazards", () => {
  it("lists every hazard of lib/plan/hazards once, under its file's name, and the scripts' lockout", () => {
    const files = readdirSync(join(PROJECT_ROOT, "lib/plan/hazards")).map((file) => file.replace(/\.ts$/, ""));
    const ids = HAZARDS.map((hazard) => hazard.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...files, "scripts-locked-out"].sort());
  });

  it("says what each protects, and that an address waives it", () => {
    for (const hazard of HAZARDS) {
      expect(hazard.protects.length, hazard.id).toBeGreaterThan(30);
      expect(hazard.waiver, hazard.id).toBe("address");
    }
  });

  it("asks the hazards of one change before those of the whole plan", () => {
    const scopes = HAZARDS.map((hazard) => hazard.scope);
    expect(scopes.indexOf("plan")).toBeGreaterThan(scopes.lastIndexOf("change"));
  });
});
