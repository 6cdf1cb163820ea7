import { CREATE } from "../contract/facade-contract";
import { userExists } from "./shared/auth0-runtime";
import { callFacade } from "./shared/facade-calls";
import { runScript, type ScriptCallback } from "./shared/run-script";

/** The fields of Auth0's sign-up `user` the facade receives. */
interface SignUp {
  email: string;
  password: string;
  username?: string;
  user_metadata?: Record<string, unknown>;
}

/** Auth0 `create`: a sign-up, written to the legacy store. */
export default function create(user: SignUp, callback: ScriptCallback): void {
  runScript(callback, async () => {
    const answer = await callFacade(CREATE, {
      email: user.email,
      password: user.password,
      ...(user.username === undefined ? {} : { username: user.username }),
      ...(user.user_metadata === undefined ? {} : { user_metadata: user.user_metadata }),
    });
    if (answer.status === 409) return [userExists()];
    return [null];
  });
}
