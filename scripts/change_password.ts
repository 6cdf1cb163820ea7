import { CHANGE_PASSWORD } from "../contract/facade-contract";
import { callFacade } from "./shared/facade-calls";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `change_password`: sets a new password; `false` when the user is unknown. */
export default function changePassword(email: string, newPassword: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade(CHANGE_PASSWORD, { email, new_password: newPassword });
    return [null, answer.status !== 404];
  });
}
