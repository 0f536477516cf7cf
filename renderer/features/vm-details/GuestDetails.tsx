// The selected guest as a workspace: its name on top, the notes that need the user (a pending request,
// the ISO to eject), then tabs (tabs.ts). The tab is part of the route, so a reload keeps it; the
// console's tab gives it the whole pane.
import { Alert, Box, Stack, Tabs } from '@mantine/core';
import { memo } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { TabScroll } from '../../components/TabScroll';
import { EjectIsoPrompt } from '../create-wizard/EjectIsoPrompt';
import type { GuestAction } from '../vm-list/actions';
import { PendingRequestAlert } from '../vm-list/PendingRequestNote';
import { GuestHeader } from './GuestHeader';
import { PendingChangesAlert } from './PendingChangesAlert';
import { DETAILS_TABS, type DetailsTab } from './tabs';
import { useGuestDetails } from './useGuestDetails';

// memo: the main window re-renders on every key typed in the guest search; the details need not
export const GuestDetails = memo(function GuestDetails({
  vm,
  tab,
  onTab,
  onAction,
}: {
  vm: VmSummary;
  tab: DetailsTab;
  onTab: (tab: DetailsTab) => void;
  /** the pending request's way out (Force off) */
  onAction: (action: GuestAction, vm: VmSummary) => void;
}) {
  const { details, error } = useGuestDetails(vm);
  return (
    <Box h="100%" style={{ display: 'flex', flexDirection: 'column' }} data-testid="guest-details">
      <Stack gap="sm" px="md" pt="md" pb="xs">
        <GuestHeader vm={vm} onAction={onAction} />
        {vm.pendingRequest && <PendingRequestAlert vm={vm} request={vm.pendingRequest} onAction={onAction} />}
        {details && <EjectIsoPrompt vm={{ ...details, state: vm.state, reason: vm.reason }} />}
        {details && <PendingChangesAlert vm={vm} changes={details.pendingChanges} />}
        {error && (
          <Alert color="yellow" title="Could not read the guest’s details">
            {error.message}
          </Alert>
        )}
      </Stack>
      <Tabs
        value={tab}
        onChange={(v) => v && onTab(v as DetailsTab)}
        keepMounted={false}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="md" data-testid="details-tabs">
          {DETAILS_TABS.map((t) => (
            <Tabs.Tab
              key={t.id}
              value={t.id}
              leftSection={<t.icon size={16} stroke={1.6} />}
              data-testid={`details-tab-${t.id}`}
            >
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {DETAILS_TABS.map((t) => (
          <Tabs.Panel
            key={t.id}
            value={t.id}
            style={{ flex: 1, minHeight: 0 }}
            data-testid={`details-panel-${t.id}`}
          >
            {t.scroll ? (
              <TabScroll label={t.label}>{t.panel(vm, details)}</TabScroll>
            ) : (
              <Box p="md" h="100%">
                {t.panel(vm, details)}
              </Box>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Box>
  );
});
