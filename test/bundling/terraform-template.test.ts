import { describe, expect, it } from "vitest";
import { escapeTerraformTemplate, unescapeTerraformTemplate } from "../../lib/bundling/terraform-template";

describe("Terraform template escaping of bundled code", () => {
  it("escapes interpolations and directives, and nothing else", () => {
    expect(escapeTerraformTemplate("`${a}` %{if b} $ % {c} $${d}")).toBe("`$${a}` %%{if b} $ % {c} $$${d}");
  });

  it("round-trips every text, as Terraform 1.11.4 printed it back from an output", () => {
    const texts = ["a${b} $${c} $$${d} %{if x} %%{e} 100% {f} $ {g} `${h}` $$ %% $", "", "${", "%{", "$${{}}", "x".repeat(1000)];
    for (const text of texts) expect(unescapeTerraformTemplate(escapeTerraformTemplate(text))).toBe(text);
  });
});
