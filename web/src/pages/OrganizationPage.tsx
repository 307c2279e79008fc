import { OrgOnly } from "../workspace";
import { OrganizationView } from "./ClientPage";

/** An organization member's view of their organization: details, engagements and people. */
export function OrganizationPage() {
  return <OrgOnly what="details">{(orgId) => <OrganizationView orgId={orgId} home />}</OrgOnly>;
}
