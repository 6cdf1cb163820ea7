import { SECRET_NAMES, isManagementApiAudience } from "../../contract/action-secrets";
import { facadeAudience, parseClientIdList } from "../shared/secrets";

/** The parts of Auth0's credentials-exchange `event` the guard reads. */
interface CredentialsExchangeEvent {
  client?: { client_id?: unknown };
  resource_server?: { identifier?: unknown };
  secrets?: Readonly<Record<string, unknown>>;
}

interface CredentialsExchangeApi {
  access: { deny(code: "invalid_scope" | "invalid_request" | "server_error", reason: string): void };
}

/**
 * Parsed once per warm container and secret value, so a decision costs one set lookup
 * whatever the length of the list.
 */
let parsed: { raw: unknown; clientIds: ReadonlySet<string> | undefined } | undefined;

function approvedClientIds(secrets: CredentialsExchangeEvent["secrets"]): ReadonlySet<string> | undefined {
  const raw = secrets?.[SECRET_NAMES.approvedClientIds];
  if (parsed === undefined || parsed.raw !== raw) parsed = { raw, clientIds: parseClientIdList(raw) };
  return parsed.clientIds;
}

/**
 * Lets only approved clients exchange credentials for a facade token. Requests for other
 * audiences pass untouched, unless the guard's own secrets are unusable: then it cannot
 * tell the facade apart and denies everything (fail closed) but the tenant's Management
 * API. Auth0 runs this trigger for every client-credentials exchange of the tenant, the
 * deployment application's included: a broken guard must leave Terraform able to log in
 * and repair it, and the facade's audience never has that shape.
 */
export async function onExecuteCredentialsExchange(event: CredentialsExchangeEvent, api: CredentialsExchangeApi): Promise<void> {
  const requested = event.resource_server?.identifier;
  const audience = facadeAudience(event.secrets);
  const approved = approvedClientIds(event.secrets);
  if (audience === undefined || approved === undefined) {
    if (!isManagementApiAudience(requested)) api.access.deny("server_error", "the facade access guard is misconfigured");
    return;
  }
  if (typeof requested !== "string") {
    api.access.deny("invalid_request", "the requested audience is unreadable");
    return;
  }
  if (requested !== audience) return;
  // A set of strings has no non-string member: an unreadable client ID is denied too.
  if (!approved.has(event.client?.client_id as string)) {
    api.access.deny("invalid_request", "this client is not approved for the facade API");
  }
}
