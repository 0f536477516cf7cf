// The console's status line under the screen (graphical or serial): how to give the keyboard back while
// the guest has it (virt-viewer says it in its title), else how to hand it over. The same length either
// way, so the screen does not jump.
import { Kbd, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function KeyboardHint(props: {
  id: string;
  grabbed: boolean;
  /** the sentence while the keyboard is the page's */
  idle: string;
  /** said after it either way */
  children?: ReactNode;
}) {
  return (
    <Text size="xs" c="dimmed" data-testid="console-keyboard-hint" id={props.id}>
      <Text
        span
        size="xs"
        fw={700}
        c="var(--mantine-color-text)"
        role="status"
        data-testid="console-grab-hint"
      >
        {props.grabbed && (
          <>
            Press <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Alt</Kbd> to release the keyboard.
          </>
        )}
      </Text>
      {!props.grabbed && props.idle}
      {props.children}
    </Text>
  );
}
