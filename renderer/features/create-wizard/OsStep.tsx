// Step 2: which OS the guest runs. Detected from the ISO when osinfo-db knows the media; otherwise the
// user picks it (or keeps "unknown"). Unknown media is said to be unknown, never guessed.
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconDisc, IconQuestionMark } from '@tabler/icons-react';
import type { IsoDetection, OsEntry, OsNearest } from '../../../preload/contract';
import { OsList } from './OsList';
import type { WizardState } from './wizard-state';

export interface OsStepProps {
  state: WizardState;
  detecting: boolean;
  detectError?: string;
  osList?: OsEntry[];
  osListError?: string;
  /** the defaults' OS: names a release newer than the db ("Debian 12") that is in no list entry */
  newerOs?: OsEntry;
  /** for a search that finds nothing: the newer release it may name, with the nearest older's settings */
  findNearest?: (query: string) => Promise<OsNearest | null>;
  onPick: (osId: string | undefined) => void;
}

export function OsStep(props: OsStepProps) {
  const { state, detecting, detectError, osList, osListError, newerOs, onPick } = props;
  const chosen =
    osList?.find((o) => o.id === state.osId) ??
    (state.detection?.os?.id === state.osId ? state.detection?.os : undefined) ??
    (newerOs?.id === state.osId ? newerOs : undefined);
  return (
    <Stack gap="sm">
      {state.sourceKind === 'iso' && (
        <DetectionPanel detection={state.detection} detecting={detecting} detectError={detectError} />
      )}
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" data-testid="os-choice">
          Operating system:{' '}
          <Text span fw={600}>
            {chosen ? chosen.name : state.osId ? state.osId : 'Unknown (generic defaults)'}
          </Text>
          {chosen?.eol && (
            <Text span c="dimmed">
              {' '}
              (end of life{chosen.eolDate ? ` since ${chosen.eolDate}` : ''})
            </Text>
          )}
        </Text>
        {state.osId && (
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => onPick(undefined)}
            data-testid="os-unknown"
          >
            Set to unknown
          </Button>
        )}
      </Group>
      {osList ? (
        <OsList
          list={osList}
          selected={state.osId}
          onSelect={(os) => onPick(os.id)}
          findNearest={props.findNearest}
        />
      ) : osListError ? (
        <Alert color="red" title="The OS list could not be read">
          {osListError}
        </Alert>
      ) : (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Reading osinfo-db…</Text>
        </Group>
      )}
    </Stack>
  );
}

function DetectionPanel(props: { detection?: IsoDetection; detecting: boolean; detectError?: string }) {
  const { detection, detecting, detectError } = props;
  if (detecting) {
    return (
      <Group gap="xs" data-testid="detection">
        <Loader size="xs" />
        <Text size="sm">Reading the ISO…</Text>
      </Group>
    );
  }
  if (detectError) {
    return (
      <Alert
        color="yellow"
        icon={<IconQuestionMark size={18} />}
        title="The ISO could not be read"
        data-testid="detection"
      >
        {detectError}
      </Alert>
    );
  }
  if (!detection) return null;
  const label = detection.volumeId ? `volume “${detection.volumeId}”` : 'no volume label';
  if (!detection.os) {
    return (
      <Alert color="gray" icon={<IconQuestionMark size={18} />} title="Unknown media" data-testid="detection">
        KVM Desk does not know which operating system this ISO holds ({label}
        {detection.publisher ? `, published by ${detection.publisher}` : ''}). Pick it below if you know it;
        otherwise the guest gets generic hardware that most systems run on.
      </Alert>
    );
  }
  return (
    <Alert
      color="teal"
      icon={<IconDisc size={18} />}
      title={`Detected: ${detection.os.name}`}
      data-testid="detection"
    >
      From the ISO's {label}.{detection.note ? ` ${detection.note}` : ''} Pick another below if this is wrong.
    </Alert>
  );
}
