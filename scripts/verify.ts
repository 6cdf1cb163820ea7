import { VERIFY_EMAIL } from "../contract/facade-contract";
import { callFacade } from "./shared/facade-calls";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `verify`: marks the email verified; `false` when the user is unknown. */
export default function verify(email: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade(VERIFY_EMAIL, { email });
    return [null, answer.status !== 404];
  });
}
