import type { FacadeAnswer, FacadeOperation, FacadeOperationName } from "../../contract/facade-contract";
import type { FacadeRequests } from "../../contract/facade-requests";
import { accessToken, dropAccessToken } from "./access-token";
import { connectionConfiguration } from "./auth0-runtime";
import { facadeUrl, withContainerState } from "./container-state";
import { MALFORMED_BODY, postJson, type JsonResponse } from "./post-json";

/** The `error` code of an error body; `undefined` for anything else. */
function errorCode(body: unknown): unknown {
  return typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
}

/**
 * Calls one facade operation with a client-credentials token and returns the answer when
 * it is one the operation's contract defines. Anything else is an outage, thrown as a
 * plain Error: Auth0 then shows a generic error, never "wrong password", and never
 * "no such user" (in import mode that would let anyone sign up with a legacy email).
 *
 * A 401 means the facade refused the token before doing anything else (expired early,
 * keys rotated): the token is dropped and the call retried once with a fresh one.
 */
export function callFacade<N extends FacadeOperationName>(operation: FacadeOperation & { readonly name: N }, body: FacadeRequests[N]): Promise<JsonResponse> {
  return withContainerState(connectionConfiguration(), async (state) => {
    const deadline = Date.now() + state.settings.timeoutMs;
    const url = facadeUrl(state, operation.path);
    const what = `facade ${operation.method} ${operation.path}`;

    for (let attempt = 1; ; attempt++) {
      const token = await accessToken(state, deadline);
      const response = await postJson(url, state.facadeAgent, { authorization: `Bearer ${token}` }, body, deadline, operation.repeatable);
      if (response.status === 401 && attempt === 1) {
        dropAccessToken(state, token);
        continue;
      }
      const answer = (operation.answers as Readonly<Record<number, FacadeAnswer>>)[response.status];
      if (answer === undefined) throw new Error(`${what} answered ${response.status}`);
      if (response.body === MALFORMED_BODY) throw new Error(`${what} answered ${response.status} with malformed JSON`);
      if ("error" in answer && errorCode(response.body) !== answer.error) {
        throw new Error(`${what} answered ${response.status} without the contract's "${answer.error}" body`);
      }
      return response;
    }
  });
}
