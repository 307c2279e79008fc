import { PageHeader } from "../../components/PageHeader";
import { OrgOnly } from "../../workspace";

/** The organization's risk register (placeholder until the register lands). */
export function RisksPage() {
  return <OrgOnly what="risk register">{() => <PageHeader title="Risk register" />}</OrgOnly>;
}
