import { FACADE_OPERATIONS, type FacadeOperationName, type FacadeRequests } from "../../facade/contract";
import { accessToken, dropAccessToken } from "./access-token";
import { connectionConfiguration } from "./auth0-runtime";
import { containerState, facadeUrl } from "./container-state";
import { MALFORMED_BODY, postJson, type JsonResponse } from "./post-json";

/**
 * Calls one facade operation with a client-credentials token and returns the answer when
 * its status is one the operation's contract defines. Anything else is an outage, thrown
 * as a plain Error: Auth0 then shows a generic error, never "wrong password".
 *
 * A 401 means the facade refused the token (expired early, keys rotated): the token is
 * dropped and the call retried once with a fresh one, never more.
 */
export async function callFacade<N extends FacadeOperationName>(
  operationName: N,
  body: FacadeRequests[N],
): Promise<JsonResponse> {
  const state = containerState(connectionConfiguration());
  const { settings } = state;
  const deadline = Date.now() + settings.timeoutMs;
  const operation = FACADE_OPERATIONS[operationName];
  const url = facadeUrl(state, operation.path);

  for (let attempt = 1; ; attempt++) {
    const token = await accessToken(state, deadline);
    const response = await postJson(url, state.facadeAgent, { authorization: `Bearer ${token}` }, body, deadline);
    if (response.status === 401 && attempt === 1) {
      dropAccessToken(state, token);
      continue;
    }
    if (!(response.status in operation.statuses)) {
      throw new Error(`facade ${operation.method} ${operation.path} answered ${response.status}`);
    }
    if (response.body === MALFORMED_BODY) {
      throw new Error(`facade ${operation.method} ${operation.path} answered ${response.status} with malformed JSON`);
    }
    return response;
  }
}
