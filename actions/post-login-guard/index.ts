import { facadeAudience } from "../shared/secrets";

/** The parts of Auth0's post-login `event` the guard reads. */
interface PostLoginEvent {
  resource_server?: { identifier?: unknown };
  request?: { query?: Record<string, unknown>; body?: Record<string, unknown> };
  secrets?: Readonly<Record<string, unknown>>;
}

interface PostLoginApi {
  access: { deny(reason: string): void };
}

/**
 * The user-flow half of the facade restriction: a login that asks for the facade's
 * audience (an intercepted /authorize redirect with `audience` added) is denied, so no
 * user token for the facade is ever issued. Misconfigured, it denies every login.
 */
export async function onExecutePostLogin(event: PostLoginEvent, api: PostLoginApi): Promise<void> {
  const audience = facadeAudience(event.secrets);
  if (audience === undefined) {
    api.access.deny("the facade login guard is misconfigured");
    return;
  }
  const requested = [event.resource_server?.identifier, event.request?.query?.audience, event.request?.body?.audience];
  if (requested.some((value) => typeof value === "string" && value.trim() === audience)) {
    api.access.deny("the facade API does not accept user tokens");
  }
}
