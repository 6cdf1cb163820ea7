import { describe, expect, it } from "vitest";
import { serviceLog } from "../../facade/service-log";

function captured(level: "info" | "warn" = "info") {
  const lines: string[] = [];
  const log = serviceLog(level, { write: (line: string) => void lines.push(line) });
  return { log, entries: () => lines.map((line) => JSON.parse(line)) };
}

describe("the service log", () => {
  it("writes one JSON object per line, with the level by name, an ISO time, the service and the process", () => {
    const { log, entries } = captured();
    log.info({ url: "https://127.0.0.1:8443" }, "facade listening");
    const [entry] = entries();
    expect(entry).toMatchObject({ level: "info", service: "legacy-facade", pid: process.pid, url: "https://127.0.0.1:8443", msg: "facade listening" });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it("censors every place a secret could sit, however it is logged", () => {
    const { log, entries } = captured();
    log.info({
      req: { headers: { authorization: "Bearer eyJsecret", cookie: "session=secret" }, body: { password: "hunter2" } },
      body: { email: "ada@legacy.example", password: "hunter2" },
      headers: { authorization: "Bearer eyJsecret" },
      authorization: "Bearer eyJsecret",
      password: "hunter2",
      new_password: "hunter3",
      user: { password: "hunter2", new_password: "hunter3", token: "eyJsecret", access_token: "eyJsecret", client_secret: "s3cret" },
      token: "eyJsecret",
      access_token: "eyJsecret",
      client_secret: "s3cret",
    });
    const written = JSON.stringify(entries());
    for (const secret of ["eyJsecret", "session=secret", "hunter2", "hunter3", "s3cret", "ada@legacy.example"]) expect(written).not.toContain(secret);
    expect(entries()[0].user).toEqual({
      password: "[redacted]",
      new_password: "[redacted]",
      token: "[redacted]",
      access_token: "[redacted]",
      client_secret: "[redacted]",
    });
  });

  it("logs an error's type, message, code and stack, and none of the driver's other properties", () => {
    const { log, entries } = captured();
    const error = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
      detail: "Key (email)=(ada@legacy.example) already exists.",
      parameters: ["ada@legacy.example", "$2b$10$hash"],
      sql: "INSERT INTO users VALUES (?, ?)",
    });
    log.error({ err: error }, "internal error");
    const [entry] = entries();
    expect(Object.keys(entry.err).sort()).toEqual(["code", "message", "stack", "type"]);
    expect(entry.err).toMatchObject({ type: "Error", code: "23505", message: "duplicate key value violates unique constraint" });
    expect(JSON.stringify(entry)).not.toContain("ada@legacy.example");
  });

  it("drops what is below its level", () => {
    const { log, entries } = captured("warn");
    log.info("not written");
    log.warn("written");
    expect(entries().map((entry) => entry.msg)).toEqual(["written"]);
  });
});
