/**
 * Cost of one credentials-exchange decision with 1 and 1,000 approved clients: the
 * bundled Action (taken from the synthesized JSON) versus the obvious alternative, which
 * splits the secret and scans the list on every call.
 */
import { ActionContainer } from "../test/support/auth0-sandbox";
import { boundAction, synthesizeExamples } from "../test/support/synthesized-examples";

const AUDIENCE = "https://legacy-facade.example/";
const DECISIONS = 200_000;

type Handler = (event: object, api: object) => Promise<void>;

/** The obvious alternative: parse the list on every call, then scan it. */
const scanningHandler: Handler = async (event: any, api: any) => {
  const approved = String(event.secrets.APPROVED_CLIENT_IDS)
    .split(",")
    .map((id) => id.trim());
  if (event.resource_server.identifier === event.secrets.FACADE_AUDIENCE && !approved.includes(event.client.client_id)) {
    api.access.deny("invalid_request", "not approved");
  }
};

async function nanosecondsPerDecision(handler: Handler, clients: number): Promise<number> {
  const ids = Array.from({ length: clients }, (_, i) => `Client${String(i).padStart(26, "0")}`);
  // The approved client asking is the last one listed: the worst case for a scan.
  const event = {
    client: { client_id: ids[ids.length - 1] },
    resource_server: { identifier: AUDIENCE },
    secrets: { FACADE_AUDIENCE: AUDIENCE, APPROVED_CLIENT_IDS: ids.join(",") },
  };
  let denied = 0;
  const api = { access: { deny: () => void denied++ } };
  for (let i = 0; i < 2_000; i++) await handler(event, api);
  const started = process.hrtime.bigint();
  for (let i = 0; i < DECISIONS; i++) await handler(event, api);
  const elapsed = Number(process.hrtime.bigint() - started);
  if (denied > 0) throw new Error("the approved client was denied");
  return elapsed / DECISIONS;
}

export async function measureActionDecisions(): Promise<{ ours: Record<number, number>; scanning: Record<number, number> }> {
  const action = new ActionContainer(boundAction(synthesizeExamples().stacks.dev, "credentials-exchange").code);
  const ours = action.handler("onExecuteCredentialsExchange");
  const result = { ours: {} as Record<number, number>, scanning: {} as Record<number, number> };
  for (const clients of [1, 1000]) {
    result.ours[clients] = await nanosecondsPerDecision(ours, clients);
    result.scanning[clients] = await nanosecondsPerDecision(scanningHandler, clients);
  }
  return result;
}
