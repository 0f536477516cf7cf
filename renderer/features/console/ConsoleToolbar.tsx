// The console's controls: scaling, special keys, type text, screenshot, fullscreen, own window.
import { ActionIcon, Button, Group, Menu, SegmentedControl, Tooltip } from '@mantine/core';
import {
  IconCamera,
  IconClipboardText,
  IconExternalLink,
  IconHelp,
  IconKeyboard,
  IconMaximize,
} from '@tabler/icons-react';
import type { Ref } from 'react';
import { COMBOS, type Combo } from './keys';
import { RELEASE_KEY_LABEL } from './release-key';

export type ScaleMode = 'fit' | '1:1' | 'remote';

/** the keyboard's way in and out of the guest, for the toolbar's help and the README's Keyboard section */
export const KEYBOARD_HELP =
  `Click the guest's screen, or Tab to it and press Enter, to type into the guest: every key goes to it, ` +
  `Tab too. Press and release ${RELEASE_KEY_LABEL} together (no other key) to give the keyboard back: ` +
  'the focus moves to this toolbar. Ctrl+Alt+Del and the other keys the host keeps are in the Keys menu.';

export function ConsoleToolbar({
  ref,
  connected,
  scale,
  onScale,
  onCombo,
  onTypeText,
  onScreenshot,
  onFullscreen,
  onOpenWindow,
}: {
  ref?: Ref<HTMLDivElement>;
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
    <Group ref={ref} gap="xs" wrap="wrap" data-testid="console-toolbar">
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
      <Tooltip label={KEYBOARD_HELP} multiline w={340} withArrow>
        <ActionIcon
          variant="default"
          size="md"
          aria-label="Keyboard help"
          data-testid="console-keyboard-help"
        >
          <IconHelp size={16} />
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
