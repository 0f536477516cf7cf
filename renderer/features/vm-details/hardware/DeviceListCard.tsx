// A details card listing devices of one kind: a title, "…" while the details load, a sentence when
// there are none, else one row per device (icon, a main line and a dimmed line below it).
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface DeviceRow {
  key: string;
  testId?: string;
  icon: ReactNode;
  main: ReactNode;
  sub: ReactNode;
  /** buttons at the row's end (a CD drive's Insert / Eject) */
  actions?: ReactNode;
}

export function DeviceListCard(props: {
  title: string;
  testId: string;
  none: string;
  rows?: DeviceRow[];
  /** below the rows: an Add button */
  footer?: ReactNode;
}) {
  const { title, testId, none, rows } = props;
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Title order={4} size="h5" mb="xs">
        {title}
      </Title>
      {!rows || rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {rows ? none : '…'}
        </Text>
      ) : (
        <Stack gap="xs">
          {rows.map((r) => (
            <Group key={r.key} gap="sm" wrap="nowrap" align="flex-start" data-testid={r.testId}>
              {r.icon}
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {r.main}
                </Text>
                {r.sub}
              </Stack>
              {r.actions}
            </Group>
          ))}
        </Stack>
      )}
      {props.footer && <Group mt="sm">{props.footer}</Group>}
    </Card>
  );
}
