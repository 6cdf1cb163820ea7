import { AUTHENTICATE, type InvalidCredentials } from "../contract/facade-contract";
import { wrongCredentials } from "./shared/auth0-runtime";
import { callFacade } from "./shared/facade-calls";
import { userProfile } from "./shared/profile";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `login`: checks the credentials against the legacy store through the facade. */
export default function login(email: string, password: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade(AUTHENTICATE, { email, password });
    if (answer.status === 422) {
      // Name the user only when the facade says it exists: Auth0 then logs `fp`, otherwise `fu`.
      const knownUser = (answer.body as InvalidCredentials).user_exists === true;
      return [wrongCredentials(knownUser ? email : undefined)];
    }
    return [null, userProfile(answer.body)];
  });
}
