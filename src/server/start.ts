/**
 * Starting a server process: open the database (migrations applied), load the demo on first start,
 * listen, and run the job worker. Used by `fieldwork serve` and by tests that start real processes.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Config } from "../app/config.js";
import { type DemoCredential, loadDemoIfEmpty } from "../app/demo.js";
import { type AppContext, openAppContext } from "../app/deps.js";
import { startWorker } from "../app/jobs.js";
import { sweepStaleWorkDirs } from "../app/use-cases/populations-files.js";
import { buildServer } from "./app.js";

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly url: string;
  readonly demo: DemoCredential[] | null;
  readonly startupMs: number;
  stop(): Promise<void>;
}

export const startServer = async (config: Config, startedAt = performance.now()): Promise<RunningServer> => {
  const context = await openAppContext(config);
  try {
    await sweepStaleWorkDirs(context.deps);
    const demo = config.demo ? await loadDemoIfEmpty(context.deps) : null;
    const app = await buildServer(context.deps);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const worker = config.runWorker ? startWorker(context.deps, `worker-${randomUUID().slice(0, 8)}`) : null;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return {
      app,
      context,
      url: `http://${host}:${port}`,
      demo,
      startupMs: performance.now() - startedAt,
      stop: async () => {
        await worker?.stop();
        await app.close();
        await context.close();
      },
    };
  } catch (error) {
    await context.close();
    throw error;
  }
};
