// A tab panel's scrolling body, shared by the guest details and the host page. Its viewport is focusable
// and named after the tab, so a keyboard user can scroll a tab that has nothing else to focus
// (Performance, the host's Overview: axe's scrollable-region-focusable). It is a region: a name on a
// div without a role is not allowed (axe's aria-prohibited-attr, which it reports only while the div has
// no text yet, so the check failed when it ran before a tab's content had loaded).
import { Box, ScrollArea } from '@mantine/core';
import type { ReactNode } from 'react';

export function TabScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ScrollArea
      h="100%"
      type="auto"
      viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': `${label} tab` }}
    >
      <Box p="md">{children}</Box>
    </ScrollArea>
  );
}
