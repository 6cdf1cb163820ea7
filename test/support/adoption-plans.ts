import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadStages } from "../../lib/config/load-stages";
import { configFolder } from "./stage-files";
import { synthesizeExamples } from "./synthesized-examples";
import { appliedState, planJson } from "./terraform-plans";

/**
 * The first plan of an adopted stage, as Terraform makes it against the tenant: the stack
 * from the stage file in `config`, and for each import block the object the provider reads
 * under its ID (what the stack would have made, under the tenant's IDs). `tenantEdits`
 * changes what the tenant holds, by address, to differ from what adoption assumed.
 */
export function adoptionPlan(
  config: string,
  tenantEdits: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
): { planFile: string; plan: { resource_changes: { type: string; address: string; change: { actions: string[] } }[] } } {
  const adopted = JSON.parse(readFileSync(join(config, "dev.json"), "utf8"));
  const examples = synthesizeExamples(loadStages(config));
  const stack = examples.stacks.dev;
  const { adopt: _ids, ...fresh } = adopted;
  const made = appliedState(synthesizeExamples(loadStages(configFolder({ "dev.json": fresh }))).stacks.dev);
  const imports = new Map(((stack.document as { import?: { to: string; id: string }[] }).import ?? []).map((block) => [block.to, block.id]));
  // The made-up IDs replaced by the tenant's, wherever one object names another.
  let text = JSON.stringify(Object.fromEntries([...made].map(([address, resource]) => [address, resource.values])));
  for (const [address, id] of imports) {
    const values = made.get(address)!.values as Record<string, unknown>;
    for (const key of address.startsWith("auth0_client.") ? ["id", "client_id"] : ["id"]) {
      if (typeof values[key] === "string" && !id.includes("::")) text = text.split(JSON.stringify(values[key])).join(JSON.stringify(id));
    }
  }
  const objects = JSON.parse(text) as Record<string, Record<string, unknown>>;
  const tenant = (address: string, id: string) => (imports.get(address) === id ? { ...objects[address], ...tenantEdits[address] } : undefined);
  const planFile = join(examples.outdir, "stacks", "dev", "plan.json");
  const plan = planJson(undefined, stack, { tenant }) as ReturnType<typeof adoptionPlan>["plan"];
  writeFileSync(planFile, JSON.stringify(plan));
  return { planFile, plan };
}
