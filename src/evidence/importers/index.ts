/** The registry of importers; each lives in its own file beside this one. */
import { awsCredentialReportImporter } from "./aws-credential-report.js";
import { githubBranchProtectionImporter, githubPullRequestsImporter } from "./github.js";
import { hrIdpImporter } from "./hr-idp.js";
import { sarifImporter } from "./sarif.js";
import { trivyImporter } from "./trivy.js";
import type { Importer } from "./types.js";

export const IMPORTERS: readonly Importer[] = [
  awsCredentialReportImporter,
  githubBranchProtectionImporter,
  githubPullRequestsImporter,
  sarifImporter,
  trivyImporter,
  hrIdpImporter,
];

export const findImporter = (id: string): Importer | undefined => IMPORTERS.find((i) => i.id === id);
