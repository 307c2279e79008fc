import { PageHeader } from "../../components/PageHeader";
import { OrgOnly } from "../../workspace";

/** The organization's vendors (placeholder until the register lands). */
export function VendorsPage() {
  return <OrgOnly what="vendors">{() => <PageHeader title="Vendors" />}</OrgOnly>;
}
