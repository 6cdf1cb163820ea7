import { wrongCredentials } from "./shared/auth0-runtime";
import { callFacade } from "./shared/facade-client";
import { userProfile } from "./shared/profile";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `login`: checks the credentials against the legacy store through the facade. */
export default function login(email: string, password: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade("authenticate", { email, password });
    if (answer.status === 422) return [wrongCredentials(email)];
    return [null, userProfile(answer.body)];
  });
}
