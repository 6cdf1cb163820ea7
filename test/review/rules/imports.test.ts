import { describe, expect, it } from "vitest";
import { importsAsDeclared } from "../../../lib/review/rules/imports-as-declared";
import { exampleInputs, messagesOf, mutated, weakenedStage } from "../support/review-inputs";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const CONNECTION_ID = "con_Ab12Cd34Ef56Gh78";

const adoptingConnection = () =>
  weakenedStage((stage) => {
    stage.adopt = { connectionId: CONNECTION_ID };
  });

describe("imports-as-declared", () => {
  it("passes the example stages, which adopt nothing, and a stage whose import blocks are exactly its adopt", () => {
    expect(messagesOf(importsAsDeclared, exampleInputs().dev)).toEqual([]);
    expect(messagesOf(importsAsDeclared, adoptingConnection())).toEqual([]);
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
