import { callFacade } from "./shared/facade-client";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `verify`: marks the email verified; `false` when the user is unknown. */
export default function verify(email: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade("verifyEmail", { email });
    return [null, answer.status !== 404];
  });
}
