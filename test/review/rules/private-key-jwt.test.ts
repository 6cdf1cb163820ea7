import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passes, reviewStage } from "../../../lib/review/review-stage";
import { connectionAsDeclared } from "../../../lib/review/rules/connection-as-declared";
import { noLiteralSecrets } from "../../../lib/review/rules/no-literal-secrets";
import { connectionConfiguration, messagesOf, mutated, resourceBody, weakenedStage } from "../support/review-inputs";

const publicKey = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } })
    .publicKey;
const KEY = publicKey();
const ATTACKER = publicKey();

const signingStage = () =>
  weakenedStage((stage) => {
    stage.clientAuthentication = { method: "private-key-jwt", keys: [{ name: "key-2027", publicKey: KEY }], signingKey: "key-2027" };
  });
const credentials = (document: Record<string, any>) => resourceBody(document, "auth0_client_credentials", "/FacadeClient/Credentials");

describe("the review of a private_key_jwt stage", () => {
  it("passes the stage as synthesized: the signing key by variable, no secret in the configuration, exactly the declared key registered", () => {
    const input = signingStage();
    expect(messagesOf(connectionAsDeclared, input)).toEqual([]);
    const review = reviewStage(input);
    expect(review.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    expect(passes(review)).toBe(true);
  });

  it("catches a key registered beside the declared one: one more party that can sign its way to facade tokens", () => {
    const input = mutated(signingStage(), (document) => {
      credentials(document).private_key_jwt.credentials.push({ name: "backup", credential_type: "public_key", pem: ATTACKER, algorithm: "RS256" });
    });
    expect(messagesOf(connectionAsDeclared, input)).toEqual([
      `the scripts' client accepts assertions signed by 2 key(s) (key-2027, backup); ${input.config.sourceFile} registers exactly key-2027`,
    ]);
  });

  it("catches a secret kept beside the signing key, a literal signing key, and the client switched back to its secret", () => {
    const input = mutated(signingStage(), (document) => {
      connectionConfiguration(document).CLIENT_SECRET = "${auth0_client_credentials.FacadeClient_Credentials_D1E82999.client_secret}";
      connectionConfiguration(document).CLIENT_ASSERTION_KEY = "-----BEGIN PRIVATE KEY-----";
      credentials(document).authentication_method = "client_secret_post";
    });
    expect(messagesOf(connectionAsDeclared, input)).toEqual([
      "configuration CLIENT_SECRET must be empty with private_key_jwt, not ${auth0_client_credentials.FacadeClient_Credentials_D1E82999.client_secret}",
      "configuration CLIENT_ASSERTION_KEY must reference the sensitive variable facade_client_signing_key (the signing key), not a literal",
      `the scripts' client authenticates with "client_secret_post"; the stage file declares private_key_jwt`,
    ]);
  });

  it("lets a registered public key through the literal-secret check, but not a private key pasted in its place", () => {
    expect(messagesOf(noLiteralSecrets, signingStage())).toEqual([]);
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const input = mutated(signingStage(), (document) => {
      credentials(document).private_key_jwt.credentials[0].pem = privateKey;
    });
    expect(messagesOf(noLiteralSecrets, input)).toEqual([expect.stringMatching(/^private_key_jwt\.credentials\[0\]\.pem holds what looks like/)]);
  });

  it("catches a signing key slipped into a client-secret stage", () => {
    const input = mutated(
      weakenedStage(() => undefined),
      (document) => {
        connectionConfiguration(document).CLIENT_ASSERTION_KEY = "${var.my_key}";
      },
    );
    expect(messagesOf(connectionAsDeclared, input)).toEqual(["configuration CLIENT_ASSERTION_KEY must be empty with a client secret, not ${var.my_key}"]);
  });
});
