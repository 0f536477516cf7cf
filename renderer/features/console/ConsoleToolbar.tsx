// The console's controls: scaling, special keys, type text, screenshot, fullscreen, own window.
import { ActionIcon, Button, Group, Menu, SegmentedControl, Tooltip } from '@mantine/core';
import {
  IconCamera,
  IconClipboardText,
  IconExternalLink,
  IconKeyboard,
  IconMaximize,
} from '@tabler/icons-react';
import { COMBOS, type Combo } from './keys';

export type ScaleMode = 'fit' | '1:1' | 'remote';

export function ConsoleToolbar({
  connected,
  scale,
  onScale,
  onCombo,
  onTypeText,
  onScreenshot,
  onFullscreen,
  onOpenWindow,
}: {
  connected: boolean;
  scale: ScaleMode;
  onScale: (s: ScaleMode) => void;
  onCombo: (c: Combo) => void;
  onTypeText: () => void;
  onScreenshot: () => void;
  onFullscreen: () => void;
  /** absent in the console window itself */
  onOpenWindow?: () => void;
}) {
  return (
    <Group gap="xs" wrap="wrap" data-testid="console-toolbar">
      <SegmentedControl
        size="xs"
        value={scale}
        onChange={(v) => onScale(v as ScaleMode)}
        aria-label="Scaling"
        data-testid="console-scale"
        data-value={scale}
        data={[
          { value: 'fit', label: 'Fit to window' },
          { value: '1:1', label: '1:1' },
          { value: 'remote', label: 'Resize guest' },
        ]}
      />
      <Menu shadow="md" position="bottom-start">
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconKeyboard size={16} />}
            disabled={!connected}
            data-testid="console-keys"
          >
            Keys
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Send to the guest</Menu.Label>
          {COMBOS.map((c) => (
            <Menu.Item key={c.id} onClick={() => onCombo(c)} data-testid={`console-key-${c.id}`}>
              {c.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconClipboardText size={16} />}
        disabled={!connected}
        onClick={onTypeText}
        data-testid="console-type-clipboard"
      >
        Type clipboard
      </Button>
      <Tooltip label="Save a screenshot (PNG)">
        <ActionIcon
          variant="default"
          size="md"
          aria-label="Save screenshot"
          disabled={!connected}
          onClick={onScreenshot}
          data-testid="console-screenshot"
        >
          <IconCamera size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Fullscreen (Esc leaves)">
        <ActionIcon
          variant="default"
          size="md"
          aria-label="Fullscreen"
          onClick={onFullscreen}
          data-testid="console-fullscreen"
        >
          <IconMaximize size={16} />
        </ActionIcon>
      </Tooltip>
      {onOpenWindow && (
        <Button
          size="xs"
          variant="default"
          leftSection={<IconExternalLink size={16} />}
          onClick={onOpenWindow}
          data-testid="console-open-window"
        >
          Open in window
        </Button>
      )}
    </Group>
  );
}
