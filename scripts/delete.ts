import { REMOVE } from "../contract/facade-contract";
import { callFacade } from "./shared/facade-calls";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** Auth0 `delete`: removes the user from the legacy store (done when already absent). */
export default function remove(id: string, callback: ScriptCallback): void {
  runScript(callback, async () => {
    await callFacade(REMOVE, { user_id: id });
    return [null];
  });
}
