import { describe, expect, it } from "vitest";
import { instancesOf, liveResources, providerOf, tenantResources } from "../../lib/facts/resources";
import { SynthesizedStack, type SynthesizedResource } from "../../lib/synthesized/synthesized-stack";

const client = (meta: SynthesizedResource["meta"]): SynthesizedResource => ({
  type: "auth0_client",
  address: "auth0_client.A",
  path: "dev/A",
  values: {},
  meta,
});

describe("resource facts", () => {
  it.each([
    ["no count or for_each", {}, 1],
    ["count", { count: 2 }, 2],
    ["count written as text", { count: "0" }, 0],
    ["a computed count", { count: "${var.n}" }, undefined],
    ["for_each over a map", { for_each: { a: 1, b: 2 } }, 2],
    ["for_each over a list with a repeated key", { for_each: ["a", "b", "a"] }, 2],
    ["for_each over an empty list", { for_each: [] }, 0],
    ["a computed for_each", { for_each: "${var.clients}" }, undefined],
  ])("count the instances Terraform makes: %s", (_, meta, instances) => {
    expect(instancesOf(client(meta))).toBe(instances);
  });

  it("keep every resource that may exist, and only those in the stage's tenant", () => {
    const stack = new SynthesizedStack("dev", {
      resource: {
        auth0_client: {
          Plain: { name: "plain" },
          None: { name: "none", count: 0 },
          Computed: { name: "computed", for_each: "${var.clients}" },
          Other: { name: "other", provider: "auth0.other" },
          Default: { name: "default", provider: "${auth0}" },
        },
      },
    });
    expect(liveResources(stack, "auth0_client").map((resource) => resource.values.name)).toEqual(["plain", "computed", "other", "default"]);
    expect(tenantResources(stack, "auth0_client").map((resource) => resource.values.name)).toEqual(["plain", "computed", "default"]);
    expect(stack.resources.map(providerOf)).toEqual(["auth0", "auth0", "auth0", "auth0.other", "auth0"]);
  });
});
