/**
 * The OpenID Connect client side of single sign-on, over openid-client: discovery of the provider,
 * the authorization URL (state, nonce, PKCE S256) and the code exchange with ID-token validation
 * (issuer, audience, nonce, expiry, and its signature against the provider's published keys).
 */
import * as oidc from "openid-client";
import { AppError } from "../../core/errors.js";
import { checkIssuerUrl } from "../../core/sso.js";

const TIMEOUT_SECONDS = 10;

export interface ProviderConnection {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Reads the provider's discovery document; a clear UNAVAILABLE error when it cannot be read. */
export const discoverProvider = async (conn: ProviderConnection): Promise<oidc.Configuration> => {
  const issuer = checkIssuerUrl(conn.issuerUrl);
  if (!issuer.ok) throw new AppError("VALIDATION", issuer.problem, { field: "issuerUrl" });
  try {
    const config = await oidc.discovery(new URL(issuer.url), conn.clientId, conn.clientSecret, undefined, {
      timeout: TIMEOUT_SECONDS,
      ...(issuer.insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    // Also verify the ID token's signature with the provider's keys, not only its claims.
    oidc.enableNonRepudiationChecks(config);
    return config;
  } catch (error) {
    throw new AppError(
      "UNAVAILABLE",
      `Could not read the identity provider's configuration at ${issuer.url}/.well-known/openid-configuration: ${describe(error)}`,
    );
  }
};

export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export const buildAuthorizationRequest = async (
  config: oidc.Configuration,
  redirectUri: string,
  loginHint: string | null,
): Promise<AuthorizationRequest> => {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const params: Record<string, string> = {
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  };
  if (loginHint) params.login_hint = loginHint;
  return { url: oidc.buildAuthorizationUrl(config, params).href, state, nonce, codeVerifier };
};

export interface VerifiedIdentity {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | null;
}

/** Exchanges the code and validates the ID token; any failure is UNAUTHENTICATED with the reason. */
export const exchangeCode = async (
  config: oidc.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<VerifiedIdentity> => {
  let claims: oidc.IDToken | undefined;
  let profile: Record<string, unknown> = {};
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    if (claims && typeof claims.email !== "string" && tokens.access_token) {
      // Many providers keep e-mail out of the ID token; the UserInfo answer must be about the same subject.
      profile = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    }
  } catch (error) {
    throw new AppError("UNAUTHENTICATED", `The identity provider's answer was refused: ${describe(error)}`);
  }
  if (!claims) throw new AppError("UNAUTHENTICATED", "The identity provider sent no ID token.");
  const merged: Record<string, unknown> = { ...profile, ...claims };
  const email = typeof merged.email === "string" ? merged.email.trim().toLowerCase() : "";
  if (!email) {
    throw new AppError(
      "UNAUTHENTICATED",
      "The identity provider did not share your e-mail address. Ask your administrator to release the 'email' claim.",
    );
  }
  return {
    subject: claims.sub,
    email,
    emailVerified: merged.email_verified === true,
    name: typeof merged.name === "string" && merged.name.trim() ? merged.name.trim().slice(0, 200) : null,
  };
};
