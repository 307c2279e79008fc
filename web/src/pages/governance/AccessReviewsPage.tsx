import { PageHeader } from "../../components/PageHeader";
import { OrgOnly } from "../../workspace";

/** The organization's access reviews (placeholder until the register lands). */
export function AccessReviewsPage() {
  return <OrgOnly what="access reviews">{() => <PageHeader title="Access reviews" />}</OrgOnly>;
}
