/** Tables of OpenID Connect single sign-on (issue 6 §5). */

export interface SsoProvidersTable {
  id: string;
  tenant_kind: string;
  tenant_id: string;
  firm_id: string;
  org_id: string | null;
  label: string;
  issuer_url: string;
  client_id: string;
  /** AES-256-GCM under the master key, like TOTP secrets. */
  client_secret_enc: string;
  /** JSON array of lower-case domains. */
  allowed_domains: string;
  default_role: string;
  enabled: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface SsoLoginStatesTable {
  /** SHA-256 of the state parameter sent to the provider. */
  id: string;
  provider_id: string;
  tenant_kind: string;
  tenant_id: string;
  /** SHA-256 of the random value in the browser's sign-in cookie: binds the answer to the browser that asked. */
  browser_hash: string;
  nonce_enc: string;
  pkce_verifier_enc: string;
  redirect_uri: string;
  created_at: string;
  expires_at: string;
}

export interface SsoTables {
  sso_providers: SsoProvidersTable;
  sso_login_states: SsoLoginStatesTable;
}
