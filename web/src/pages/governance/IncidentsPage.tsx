import { PageHeader } from "../../components/PageHeader";
import { OrgOnly } from "../../workspace";

/** The organization's incidents (placeholder until the register lands). */
export function IncidentsPage() {
  return <OrgOnly what="incidents">{() => <PageHeader title="Incidents" />}</OrgOnly>;
}
