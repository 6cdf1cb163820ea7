import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { MIGRATIONS } from "../../facade/migrations";
import { parseFacadeConfig } from "../../facade/config";
import { PROJECT_ROOT } from "../../lib/paths";
import { type DatabaseServer, startPostgres } from "../support/database-servers";
import { builtFacade, startFacadeProcess } from "../support/facade-artifact";
import { httpsJson } from "../support/https-json";
import { type LegacyDatabaseFixture, legacyDatabase } from "../support/legacy-databases";

const AUTH0 = { domain: "tenant.test", audience: "https://legacy-facade.test/", approvedClientIds: ["Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk"] };
/** How long the facade lets requests in flight finish after SIGTERM (facade/main.ts). */
const DRAIN_SECONDS = 10;

/** A systemd unit's [Service] settings, as systemd reads them (later lines win, comments skipped). */
function unitSettings(file: string): Record<string, string> {
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.indexOf("[Service]");
  const end = lines.findIndex((line, index) => index > start && line.startsWith("["));
  return Object.fromEntries(
    lines
      .slice(start + 1, end)
      .filter((line) => line.includes("=") && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

const seconds = (text: string) => Number(/^(\d+)s?$/.exec(text)?.[1]);

describe("the facade artifact and the deployment files it ships", () => {
  let folder: string;
  let server: DatabaseServer;
  let fixture: LegacyDatabaseFixture;

  beforeAll(async () => {
    [folder, server] = await Promise.all([builtFacade(), startPostgres()]);
    fixture = await legacyDatabase(server, "facade_deploy", AUTH0);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  it("holds the bundle, the runtime dependencies only, the example config, the migrations and the deployment files", () => {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(
      ["@node-rs/argon2", "@node-rs/bcrypt", "fastify", "jose", "jsonc-parser", "mysql2", "pg", "pino", "prom-client", "rate-limiter-flexible", "zod"].sort(),
    );
    const installed = readdirSync(join(folder, "node_modules"));
    for (const tooling of ["cdktf", "constructs", "esbuild", "tsx", "typescript", "vitest", "@stryker-mutator", "auth0-deploy-cli", "@biomejs"])
      expect(installed).not.toContain(tooling);
    expect(readFileSync(join(folder, "migrations", "postgres.sql"), "utf8")).toBe(MIGRATIONS.postgres.map((statement) => `${statement};\n`).join(""));
    expect(readFileSync(join(folder, "migrations", "mysql.sql"), "utf8")).toBe(MIGRATIONS.mysql.map((statement) => `${statement};\n`).join(""));
    expect(() => parseFacadeConfig(JSON.parse(readFileSync(join(folder, "facade.example.json"), "utf8")), "facade.example.json")).not.toThrow();
    expect(readFileSync(join(folder, "deploy", "systemd", "legacy-facade.service"), "utf8")).toBe(
      readFileSync(join(PROJECT_ROOT, "deploy", "systemd", "legacy-facade.service"), "utf8"),
    );
    expect(existsSync(join(folder, "deploy", "kubernetes", "facade.yaml"))).toBe(true);
  });

  it("runs under the systemd unit as written: its command starts it, SIGTERM stops it with 0 before the unit's timeout, and a bad config exits with the status the unit does not restart", async () => {
    const unit = unitSettings(join(PROJECT_ROOT, "deploy", "systemd", "legacy-facade.service"));
    expect(unit.ExecStart).toBe("/usr/bin/node /opt/legacy-facade/main.js --config /etc/legacy-facade/facade.json");
    expect(unit.WorkingDirectory).toBe("/opt/legacy-facade");
    expect([unit.KillSignal, unit.KillMode]).toEqual(["SIGTERM", "mixed"]);
    expect(seconds(unit.TimeoutStopSec)).toBeGreaterThan(DRAIN_SECONDS);
    const example = JSON.parse(readFileSync(join(PROJECT_ROOT, "facade", "examples", "facade.json"), "utf8"));
    expect(unit.ReadWritePaths.split(" ")).toContain(dirname(example.auditLog));
    expect(example.database.passwordEnv).toBe("FACADE_DB_PASSWORD");

    // The unit's command with its paths moved into this test's folders, its environment file read as systemd reads it.
    const environmentFile = join(dirname(fixture.config.tls.certificateFile), "facade.env");
    writeFileSync(environmentFile, `# as /etc/legacy-facade/facade.env\nFACADE_DB_PASSWORD=${fixture.env.FACADE_DB_PASSWORD}\n`, { mode: 0o600 });
    const environment = Object.fromEntries(
      readFileSync(environmentFile, "utf8")
        .split("\n")
        .filter((line) => line.includes("=") && !line.startsWith("#"))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    const config = fixture.writeConfig((settings) => {
      settings.logLevel = "info";
    }, "systemd-facade.json");
    const facade = await startFacadeProcess(folder, config, environment);
    const started = Date.now();
    expect(await facade.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(seconds(unit.TimeoutStopSec) * 1000);
    expect(facade.said()).toContain("stopping: finishing requests in flight");

    const refused = await startFacadeProcess(folder, join(dirname(config), "missing.json"), environment).catch((error: Error) => error.message);
    expect(refused).toMatch(new RegExp(`^the facade exited with ${unit.RestartPreventExitStatus} before it listened: invalid facade configuration`));
  }, 60_000);

  it("runs with the Kubernetes manifest's config, ports and probes: /healthz and /readyz answer where the probes look, and metrics where Prometheus scrapes", async () => {
    const documents = parseAllDocuments(readFileSync(join(PROJECT_ROOT, "deploy", "kubernetes", "facade.yaml"), "utf8")).map((document) => document.toJS());
    const byKind = (kind: string) => documents.find((document) => document.kind === kind);
    const configText = byKind("ConfigMap").data["facade.json"];
    const config = parseFacadeConfig(JSON.parse(configText), "facade.yaml (ConfigMap legacy-facade)");
    const pod = byKind("Deployment").spec.template.spec;
    const [container] = pod.containers;
    const ports = Object.fromEntries(container.ports.map((port: { name: string; containerPort: number }) => [port.name, port.containerPort]));

    expect(ports).toEqual({ https: config.listen.port, metrics: config.metrics.port });
    expect([config.listen.host, config.metrics.host]).toEqual(["0.0.0.0", "0.0.0.0"]);
    expect(config.auditLog).toBe("-");
    expect(container.env.map((variable: { name: string }) => variable.name)).toEqual([config.database.passwordEnv]);
    const mounts: { mountPath: string; subPath?: string }[] = container.volumeMounts;
    expect(container.args).toEqual(["--config", mounts.find((mount) => mount.subPath === "facade.json")?.mountPath]);
    for (const file of [config.tls.certificateFile, config.tls.keyFile, config.database.tls.mode === "ca" ? config.database.tls.caFile : undefined])
      expect(mounts.some((mount) => file?.startsWith(`${mount.mountPath}/`))).toBe(true);
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "https", scheme: "HTTPS" });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "https", scheme: "HTTPS" });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(container.lifecycle.preStop.sleep.seconds + DRAIN_SECONDS);
    expect(byKind("Service").metadata.annotations["prometheus.io/port"]).toBe(String(config.metrics.port));
    expect(byKind("Deployment").spec.replicas).toBeGreaterThanOrEqual(2);

    // That config, pointed at this test's database and certificates, on loopback ports of its own.
    const manifestSettings = JSON.parse(configText);
    const file = fixture.writeConfig((settings) => {
      Object.assign(settings, manifestSettings, {
        listen: { host: "127.0.0.1", port: 0 },
        metrics: { host: "127.0.0.1", port: 0 },
        tls: settings.tls,
        auth0: { ...manifestSettings.auth0, domain: "tenant.test" },
        database: settings.database,
        users: settings.users,
        allowlist: { ...manifestSettings.allowlist, sourceRanges: ["127.0.0.1/32"] },
      });
    }, "kubernetes-facade.json");
    const facade = await startFacadeProcess(folder, file, fixture.env);
    try {
      const ca = readFileSync(fixture.config.tls.certificateFile, "utf8");
      expect(await httpsJson(`${facade.url}${container.livenessProbe.httpGet.path}`, { method: "GET", ca })).toEqual({ status: 200, body: { status: "ok" } });
      expect(await httpsJson(`${facade.url}${container.readinessProbe.httpGet.path}`, { method: "GET", ca })).toEqual({ status: 200, body: { status: "ok" } });
      const metricsUrl = /"metricsUrl":"([^"]+)"/.exec(facade.said())?.[1] as string;
      expect(metricsUrl).toMatch(new RegExp(`${byKind("Service").metadata.annotations["prometheus.io/path"]}$`));
      expect(await (await fetch(metricsUrl)).text()).toMatch(/^# HELP facade_requests_total /m);
    } finally {
      expect(await facade.stop()).toBe(0);
    }
  }, 60_000);
});
