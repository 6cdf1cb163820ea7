import { LOOKUP } from "../contract/facade-contract";
import { callFacade } from "./shared/facade-calls";
import { userProfile } from "./shared/profile";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `get_user`: the profile for an email, or no profile when the user is unknown. */
export default function getUser(email: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade(LOOKUP, { email });
    if (answer.status === 404) return [null];
    return [null, userProfile(answer.body)];
  });
}
