import { after, before, type HazardEntry, isDelete, type PlanHazard } from "../hazard";
import { asValues, blockOf, type ResourceChange } from "../terraform-plan";

/** Keys of a map in `after`, counting the ones whose value is unknown; `undefined` when the map itself is unknown. */
function keysAfterApply(change: ResourceChange): Set<string> | undefined {
  const known = asValues(blockOf(after(change), "options")?.configuration);
  const unknownOptions = Array.isArray(asValues(change.change.after_unknown)?.options)
    ? (asValues(change.change.after_unknown)!.options as unknown[])[0]
    : undefined;
  const unknown = asValues(unknownOptions)?.configuration;
  if (unknown === true) return undefined;
  const pending = Object.entries(asValues(unknown) ?? {})
    .filter(([, isUnknown]) => isUnknown === true)
    .map(([key]) => key);
  if (known === undefined && pending.length === 0) return blockOf(after(change), "options") === undefined ? undefined : new Set();
  return new Set([...Object.keys(known ?? {}), ...pending]);
}

/**
 * Auth0 keeps every configuration key it was ever given, and the provider fails an update
 * whose configuration lacks one ("Unmanaged Configuration Secret", connection/expand.go):
 * this apply, and every later one, until the key is back.
 */
function configurationKeyRemoved(change: ResourceChange): PlanHazard[] {
  if (change.type !== "auth0_connection" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const had = Object.keys(asValues(blockOf(before(change), "options")?.configuration) ?? {});
  if (had.length === 0) return [];
  const keeps = keysAfterApply(change);
  if (keeps === undefined) {
    return [
      {
        address: change.address,
        kind: "unreadable",
        change: "update: options.configuration is unknown until apply",
        loses: "the plan gate cannot tell which configuration keys remain; a removed key fails this apply and every later one (Unmanaged Configuration Secret)",
        instead: ["Plan again once the values the configuration references are known, or check the keys by hand and waive this address."],
      },
    ];
  }
  const removed = had.filter((key) => !keeps.has(key)).sort();
  if (removed.length === 0) return [];
  return [
    {
      address: change.address,
      kind: "apply fails",
      change: `update: options.configuration loses ${removed.join(", ")}`,
      loses: `Auth0 still holds ${removed.join(", ")}: the provider fails this apply with "Unmanaged Configuration Secret", and every later one (secret rotation included) until the key is back`,
      instead: [
        `Keep ${removed.join(", ")} in the configuration: the scripts ignore keys they do not read.`,
        `To retire a key, follow "Retiring a configuration key" in docs/provider-hazards.md.`,
      ],
    },
  ];
}

export const configurationKeyRemovedHazard: HazardEntry = {
  id: "configuration-key-removed",
  protects: "later applies: a configuration key dropped from the connection fails every later apply (Unmanaged Configuration Secret)",
  waiver: "address",
  scope: "change",
  find: (change) => configurationKeyRemoved(change),
};
