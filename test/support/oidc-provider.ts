/**
 * A real OpenID Connect provider (the oidc-provider package) on a random local port, for single
 * sign-on tests. Its interaction logs in whichever account the test names next, and grants consent
 * for openid/email/profile automatically. `tamperNextIdToken` rewrites the audience of the next ID
 * token the token endpoint returns (keeping the old signature), to prove the client refuses it.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestAccount {
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string;
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The account the next interaction signs in. */
  loginAs(account: TestAccount): void;
  tamperNextIdToken(): void;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: oidc-provider ships no type declarations
type Any = any;

export const startOidcProvider = async (redirectUri: string): Promise<TestOidcProvider> => {
  const moduleName = "oidc-provider";
  const { default: Provider } = (await import(moduleName)) as { default: Any };
  const accounts = new Map<string, TestAccount>();
  let next: TestAccount | null = null;
  let tamper = false;
  const clientId = "fieldwork-test";
  const clientSecret = "a-long-client-secret-for-tests-0123456789";
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    ttl: {
      Session: 3600,
      Interaction: 600,
      Grant: 3600,
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
    },
    interactions: { url: (_ctx: Any, interaction: Any) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["fieldwork-sso-test-cookie-key"] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
          kid: "test-key",
          use: "sig",
          alg: "RS256",
        },
      ],
    },
    findAccount: async (_ctx: Any, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
        }),
      };
    },
    loadExistingGrant: async (ctx: Any) => {
      const grantId = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
      return grant;
    },
  });
  const handler = provider.callback() as (req: IncomingMessage, res: ServerResponse) => void;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("/interaction/")) {
      void (async () => {
        await provider.interactionDetails(req, res);
        if (!next) throw new Error("no account chosen for the test provider");
        const sub = `sub-${next.email}`;
        accounts.set(sub, next);
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: sub } },
          { mergeWithLastSubmission: false },
        );
      })().catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (req.url?.startsWith("/token") && tamper) {
      tamper = false;
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      (res as { end: unknown }).end = (chunk?: unknown) => {
        const body = JSON.parse(String(chunk)) as { id_token: string };
        const [head, payload, signature] = body.id_token.split(".");
        const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<
          string,
          unknown
        >;
        claims.aud = "someone-else";
        body.id_token = [head, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(
          ".",
        );
        const text = JSON.stringify(body);
        res.setHeader("content-length", Buffer.byteLength(text));
        return end(text);
      };
    }
    handler(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    loginAs: (account) => {
      next = account;
    },
    tamperNextIdToken: () => {
      tamper = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A browser's cookies for one host, as a tiny jar. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(setCookies: readonly string[]): void {
    for (const c of setCookies) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
