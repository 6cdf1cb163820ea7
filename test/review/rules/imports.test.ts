import { describe, expect, it } from "vitest";
import { declaredImports, stackImports } from "../../../lib/facts/imports";
import { importsAsDeclared } from "../../../lib/review/rules/imports-as-declared";
import { exampleInputs, messagesOf, mutated, weakenedStage } from "../support/review-inputs";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const CONNECTION_ID = "con_Ab12Cd34Ef56Gh78";

const APPROVED_CLIENT = "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja";

const adoptingEverything = () =>
  weakenedStage((stage) => {
    stage.adopt = {
      connectionId: CONNECTION_ID,
      resourceServerId: "5f1a2b3c4d5e6f7a8b9c0d1e",
      scriptsClient: { clientId: "Mq9Wd1Zs6Hr3Lp8Jc5Ge0FyZz2Bv7Xk4", grantId: "cgr_Ab12Cd34Ef56Gh78" },
      approvedClientGrants: { [APPROVED_CLIENT]: "cgr_Zz12Yy34Xx56Ww78" },
      exchangeGuardActionId: "11111111-2222-4333-8444-555555555555",
      loginGuardActionId: "66666666-7777-4888-9999-aaaaaaaaaaaa",
    };
  });

const adoptingConnection = () =>
  weakenedStage((stage) => {
    stage.adopt = { connectionId: CONNECTION_ID };
  });

describe("imports-as-declared", () => {
  it("passes the example stages, which adopt nothing, and a stage whose import blocks are exactly its adopt", () => {
    expect(messagesOf(importsAsDeclared, exampleInputs().dev)).toEqual([]);
    expect(messagesOf(importsAsDeclared, adoptingConnection())).toEqual([]);
  });

  it("takes over every object the stage file adopts, each with the provider's import ID format", () => {
    const input = adoptingEverything();
    expect(messagesOf(importsAsDeclared, input)).toEqual([]);
    expect(declaredImports(input.config).map((entry) => `${entry.type} ${entry.path} ${entry.id}`)).toEqual([
      `auth0_connection CustomDatabase/Connection ${CONNECTION_ID}`,
      `auth0_connection_clients CustomDatabase/EnabledClients ${CONNECTION_ID}`,
      "auth0_resource_server ProtectedApi/ResourceServer 5f1a2b3c4d5e6f7a8b9c0d1e",
      `auth0_resource_server_scopes ProtectedApi/Scopes ${input.config.facade.audience}`,
      "auth0_client FacadeClient/Client Mq9Wd1Zs6Hr3Lp8Jc5Ge0FyZz2Bv7Xk4",
      "auth0_client_credentials FacadeClient/Credentials Mq9Wd1Zs6Hr3Lp8Jc5Ge0FyZz2Bv7Xk4",
      "auth0_client_grant FacadeClient/Grant cgr_Ab12Cd34Ef56Gh78",
      `auth0_client_grant ProtectedApi/ApprovedClient-${APPROVED_CLIENT} cgr_Zz12Yy34Xx56Ww78`,
      "auth0_action ExchangeGuard/Guard/Action 11111111-2222-4333-8444-555555555555",
      "auth0_trigger_action ExchangeGuard/Guard/Binding credentials-exchange::11111111-2222-4333-8444-555555555555",
      "auth0_action LoginGuard/Guard/Action 66666666-7777-4888-9999-aaaaaaaaaaaa",
      "auth0_trigger_action LoginGuard/Guard/Binding post-login::66666666-7777-4888-9999-aaaaaaaaaaaa",
    ]);
  });

  it("catches an adopted guard whose binding's import block is gone", () => {
    const input = mutated(adoptingEverything(), (document) => {
      document.import = document.import.filter((block: { id: string }) => block.id !== "post-login::66666666-7777-4888-9999-aaaaaaaaaaaa");
    });
    expect(messagesOf(importsAsDeclared, input)).toEqual([
      `${input.config.sourceFile} adopts "post-login::66666666-7777-4888-9999-aaaaaaaaaaaa" as LoginGuard/Guard/Binding, but the stack has no import block for it: the first apply would create a new one`,
    ]);
  });

  it("reads import sections it cannot follow as unreadable blocks, never as no imports", () => {
    expect(stackImports(mutated(exampleInputs().dev, (document) => (document.import = { to: CONNECTION, id: "x" })).stack)).toEqual([
      { index: 0, to: undefined, id: undefined, otherKeys: ["(import is not a list)"] },
    ]);
    expect(
      stackImports(mutated(exampleInputs().dev, (document) => (document.import = [null, ["x"], { to: CONNECTION, id: "x", for_each: {} }])).stack),
    ).toEqual([
      { index: 0, to: undefined, id: undefined, otherKeys: [] },
      { index: 1, to: undefined, id: undefined, otherKeys: [] },
      { index: 2, to: CONNECTION, id: "x", otherKeys: ["for_each"] },
    ]);
  });

  it("catches an import block added by hand: another connection adopted into the stack's, and one from another provider", () => {
    const input = mutated(exampleInputs().dev, (document) => {
      document.import = [
        { to: CONNECTION, id: "con_TheProductionOne0" },
        { to: CONNECTION, id: CONNECTION_ID, provider: "auth0.other" },
      ];
    });
    expect(messagesOf(importsAsDeclared, input)).toEqual([
      `import block 0 imports "con_TheProductionOne0" into ${CONNECTION}, which test-config/dev.json does not adopt there`.replace(
        "test-config/dev.json",
        input.config.sourceFile,
      ),
      "import block 1 sets provider: an import from another provider, or one the review cannot read",
    ]);
  });

  it("catches an adoption the stage file declares whose import block is gone: the first apply would create a second connection", () => {
    const input = mutated(adoptingConnection(), (document) => {
      document.import = document.import.filter((block: { to: string }) => block.to !== CONNECTION);
    });
    expect(messagesOf(importsAsDeclared, input)).toEqual([
      `${input.config.sourceFile} adopts "${CONNECTION_ID}" as CustomDatabase/Connection, but the stack has no import block for it: the first apply would create a new one`,
    ]);
  });

  it("catches an import block whose ID is computed, which the review cannot read", () => {
    const input = mutated(adoptingConnection(), (document) => {
      document.import[0].id = "${var.connection}";
    });
    expect(messagesOf(importsAsDeclared, input)).toContainEqual(expect.stringMatching(/^import block 0 imports "\$\{var.connection\}" into /));
  });
});
