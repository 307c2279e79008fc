import { Button, Center, Stack, Text } from "@mantine/core";
import { Navigate, Route, Routes, useLocation, useParams } from "react-router-dom";
import { AppLayout } from "./components/AppLayout";
import { EmptyState, ErrorState, PageLoader } from "./components/States";
import { AcknowledgementsPage } from "./pages/AcknowledgementsPage";
import { AuditPage } from "./pages/AuditPage";
import { ClientPage } from "./pages/ClientPage";
import { ClientsPage } from "./pages/ClientsPage";
import { ControlPage } from "./pages/ControlPage";
import { ControlsPage } from "./pages/ControlsPage";
import { DashboardPage } from "./pages/DashboardPage";
import { EngagementDocumentsPage } from "./pages/EngagementDocumentsPage";
import { EngagementPage } from "./pages/EngagementPage";
import { EngagementsPage } from "./pages/EngagementsPage";
import { EnquiriesPage } from "./pages/EnquiriesPage";
import { EvidenceItemPage } from "./pages/EvidenceItemPage";
import { EvidencePage } from "./pages/EvidencePage";
import { ExceptionLinkRedirect, ExceptionsPage } from "./pages/ExceptionsPage";
import { FrameworksPage } from "./pages/FrameworksPage";
import { AccessReviewPage } from "./pages/governance/AccessReviewPage";
import { AccessReviewsPage } from "./pages/governance/AccessReviewsPage";
import { IncidentPage } from "./pages/governance/IncidentPage";
import { IncidentsPage } from "./pages/governance/IncidentsPage";
import { RiskAssessmentPage } from "./pages/governance/RiskAssessmentPage";
import { RiskPage } from "./pages/governance/RiskPage";
import { RisksPage } from "./pages/governance/RisksPage";
import { VendorPage } from "./pages/governance/VendorPage";
import { VendorsPage } from "./pages/governance/VendorsPage";
import { ImportedFrameworksPage } from "./pages/ImportedFrameworksPage";
import { LoginPage } from "./pages/LoginPage";
import { NewEngagementPage } from "./pages/NewEngagementPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OrganizationPage } from "./pages/OrganizationPage";
import { PoliciesPage } from "./pages/PoliciesPage";
import { PolicyPage } from "./pages/PolicyPage";
import { PopulationPage } from "./pages/PopulationPage";
import { PublicEnquiryPage } from "./pages/PublicEnquiryPage";
import { ReportsPage } from "./pages/ReportsPage";
import { RequestsPage } from "./pages/RequestsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { TrustAccessPage } from "./pages/TrustAccessPage";
import { TrustPortalPage } from "./pages/TrustPortalPage";
import { VendorQuestionnairePage } from "./pages/VendorQuestionnairePage";
import { VerifyPage } from "./pages/VerifyPage";
import { WorkpaperPage } from "./pages/WorkpaperPage";
import { TenantProvider, useSession } from "./session";

/** Signed-in routes: anyone without an active session is sent to /login and brought back after. */
function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader />;
  if (session.isError && session.data === undefined) {
    return (
      <Center h="100vh" p="xl">
        <Stack maw={480} w="100%">
          <ErrorState error={session.error} onRetry={() => void session.refetch()} />
        </Stack>
      </Center>
    );
  }
  if (session.data?.state !== "active") {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.data.memberships.length === 0) {
    return (
      <Center h="100vh" p="xl">
        <Stack maw={520} w="100%">
          <EmptyState
            title="You are not a member of any firm or organization yet"
            action={
              <Button variant="default" component="a" href="/login">
                Back to sign in
              </Button>
            }
          >
            <Text size="sm" c="dimmed" span>
              Ask your firm admin or your organization admin to add {session.data.user.email}.
            </Text>
          </EmptyState>
        </Stack>
      </Center>
    );
  }
  return (
    <TenantProvider session={session.data}>
      <AppLayout />
    </TenantProvider>
  );
}

/** Links in notifications name an engagement's request list; it is a tab of the engagement page. */
function EngagementRequestsRedirect() {
  const { id } = useParams();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  params.set("tab", "requests");
  return <Navigate to={`/engagements/${id ?? ""}?${params.toString()}`} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/f/:slug" element={<PublicEnquiryPage />} />
      <Route path="/trust/:orgSlugOrId" element={<TrustPortalPage />} />
      <Route path="/verify" element={<VerifyPage />} />
      <Route path="/q/:token" element={<VendorQuestionnairePage />} />
      <Route element={<RequireSession />}>
        <Route index element={<DashboardPage />} />
        <Route path="clients" element={<ClientsPage />} />
        <Route path="clients/:orgId" element={<ClientPage />} />
        <Route path="engagements" element={<EngagementsPage />} />
        <Route path="engagements/new" element={<NewEngagementPage />} />
        <Route path="engagements/:id" element={<EngagementPage />} />
        <Route path="engagements/:id/requests" element={<EngagementRequestsRedirect />} />
        <Route path="engagements/:id/exceptions" element={<ExceptionLinkRedirect />} />
        <Route path="engagement-documents" element={<EngagementDocumentsPage />} />
        <Route path="readiness" element={<Navigate to="/" replace />} />
        <Route path="controls" element={<ControlsPage />} />
        <Route path="controls/:id" element={<ControlPage />} />
        <Route path="frameworks" element={<FrameworksPage />} />
        <Route path="imported-frameworks" element={<ImportedFrameworksPage />} />
        <Route path="evidence" element={<EvidencePage />} />
        <Route path="evidence/:id" element={<EvidenceItemPage />} />
        <Route path="policies" element={<PoliciesPage />} />
        <Route path="policies/:id" element={<PolicyPage />} />
        <Route path="acknowledgements" element={<AcknowledgementsPage />} />
        <Route path="requests" element={<RequestsPage />} />
        <Route path="exceptions" element={<ExceptionsPage />} />
        <Route path="populations/:id" element={<PopulationPage />} />
        <Route path="workpapers/:id" element={<WorkpaperPage />} />
        <Route path="organization" element={<OrganizationPage />} />
        <Route path="risks" element={<RisksPage />} />
        <Route path="risks/assessments/:id" element={<RiskAssessmentPage />} />
        <Route path="risks/:id" element={<RiskPage />} />
        <Route path="vendors" element={<VendorsPage />} />
        <Route path="vendors/:id" element={<VendorPage />} />
        <Route path="access-reviews" element={<AccessReviewsPage />} />
        <Route path="access-reviews/:id" element={<AccessReviewPage />} />
        <Route path="incidents" element={<IncidentsPage />} />
        <Route path="incidents/:id" element={<IncidentPage />} />
        <Route path="report-signing" element={<ReportsPage />} />
        <Route path="enquiries" element={<EnquiriesPage />} />
        <Route path="enquiries/:enquiryId" element={<EnquiriesPage />} />
        <Route path="trust-access" element={<TrustAccessPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
