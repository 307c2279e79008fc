/**
 * The auditor's fieldwork tabs on the engagement page (the firm's engagement team only): program,
 * populations, workpapers, exceptions and opinion.
 */
import { Tabs } from "@mantine/core";
import {
  IconAlertOctagon,
  IconDatabase,
  IconGavel,
  IconListDetails,
  IconNotebook,
} from "@tabler/icons-react";
import { useTenant } from "../../session";
import type { EngagementPage } from "../../types";
import { ExceptionsTab } from "./ExceptionsTab";
import { OpinionTab } from "./OpinionTab";
import { PopulationsTab } from "./PopulationsTab";
import { ProgramTab } from "./ProgramTab";
import { WorkpapersTab } from "./WorkpapersTab";

export const FIELDWORK_TABS = ["program", "populations", "workpapers", "exceptions", "opinion"] as const;

const TEAM = ["partner", "engagement_manager", "staff_auditor"];

/** The signed-in person is on the firm's engagement team (a firm admin alone is not). */
export const useFieldworkTeam = (): boolean => {
  const { isFirm, roles } = useTenant();
  return isFirm && roles.some((r) => TEAM.includes(r));
};

export function FieldworkTabs() {
  if (!useFieldworkTeam()) return null;
  return (
    <>
      <Tabs.Tab value="program" leftSection={<IconListDetails size={16} />} data-testid="tab-program">
        Program
      </Tabs.Tab>
      <Tabs.Tab value="populations" leftSection={<IconDatabase size={16} />} data-testid="tab-populations">
        Populations
      </Tabs.Tab>
      <Tabs.Tab value="workpapers" leftSection={<IconNotebook size={16} />} data-testid="tab-workpapers">
        Workpapers
      </Tabs.Tab>
      <Tabs.Tab value="exceptions" leftSection={<IconAlertOctagon size={16} />} data-testid="tab-exceptions">
        Exceptions
      </Tabs.Tab>
      <Tabs.Tab value="opinion" leftSection={<IconGavel size={16} />} data-testid="tab-opinion">
        Opinion
      </Tabs.Tab>
    </>
  );
}

export function FieldworkTabPanels({ page }: { page: EngagementPage }) {
  if (!useFieldworkTeam()) return null;
  return (
    <>
      <Tabs.Panel value="program" pt="lg">
        <ProgramTab page={page} />
      </Tabs.Panel>
      <Tabs.Panel value="populations" pt="lg">
        <PopulationsTab page={page} />
      </Tabs.Panel>
      <Tabs.Panel value="workpapers" pt="lg">
        <WorkpapersTab page={page} />
      </Tabs.Panel>
      <Tabs.Panel value="exceptions" pt="lg">
        <ExceptionsTab page={page} />
      </Tabs.Panel>
      <Tabs.Panel value="opinion" pt="lg">
        <OpinionTab page={page} />
      </Tabs.Panel>
    </>
  );
}
