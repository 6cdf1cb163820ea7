import type { FindingCounts } from "./review-stage";
import { plural } from "./plural";
import type { StageSummary } from "./summary";

function tlsFact({ tls }: StageSummary): string {
  if (tls.pins === undefined) return `${tls.certificate}, pins unreadable`;
  return `${tls.certificate}, ${tls.pins.length === 0 ? "CA verification" : `${tls.pins.length} pin${tls.pins.length === 1 ? "" : "s"}`}`;
}

/** A summary line in words that do not depend on the stage, so stages compare. */
interface Fact {
  readonly label: string;
  readonly value: string;
}

export function comparableFacts(summary: StageSummary, counts: FindingCounts): Fact[] {
  const clients = summary.clients.map((access) => `${access.role}: ${access.scopes.join(", ")} (${access.guard})`).sort();
  return [
    { label: "clients with a facade grant", value: clients.join("; ") || "none" },
    { label: "client policy", value: summary.clientPolicy },
    { label: "user tokens", value: summary.users },
    { label: "applications on the connection", value: String(summary.applications.length) },
    { label: "facade TLS", value: tlsFact(summary) },
    { label: "token lifetime", value: summary.tokenLifetime },
    { label: "Action secrets", value: summary.actionSecrets },
    { label: "scripts", value: summary.scripts },
    { label: "review result", value: `${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}, ${counts.suppressed} suppressed` },
  ];
}

export interface StageDifference {
  readonly label: string;
  /** This stage's value, then each other stage's. */
  readonly values: readonly { readonly stage: string; readonly value: string }[];
}

/** Where `stage` differs from the other stages, fact by fact. */
export function differences(stage: string, facts: ReadonlyMap<string, readonly Fact[]>): StageDifference[] {
  const own = facts.get(stage) ?? [];
  return own.flatMap((fact) => {
    const others = [...facts.entries()]
      .filter(([name]) => name !== stage)
      .map(([name, list]) => ({ stage: name, value: list.find((other) => other.label === fact.label)?.value ?? "not reviewed" }));
    return others.every((other) => other.value === fact.value) ? [] : [{ label: fact.label, values: [{ stage, value: fact.value }, ...others] }];
  });
}
