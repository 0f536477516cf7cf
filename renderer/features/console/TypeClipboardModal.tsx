// "Type clipboard": host text sent to the guest as key presses, for guests without clipboard sharing
// (installers, firmware, GRUB). Long texts ask first: keys are paced to what the guest keeps up with (keys.ts), so they take a while.
import { Alert, Button, Group, Modal, Progress, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { frameSource } from './frames';
import { type KeySender, TYPE_CHARS_PER_SECOND, TYPE_WARNING_CHARS, typeText } from './keys';

export function TypeClipboardModal({
  opened,
  onClose,
  target,
}: {
  opened: boolean;
  onClose: () => void;
  target: () => KeySender | undefined;
}) {
  const [text, setText] = useState('');
  const [typed, setTyped] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!opened) return;
    setTyped(null);
    // Best effort: the browser may refuse to read the clipboard; then the user pastes into the box.
    navigator.clipboard
      ?.readText?.()
      .then((t) => {
        if (t) setText(t);
      })
      .catch(() => {});
  }, [opened]);

  const chars = Array.from(text).length;
  const long = chars > TYPE_WARNING_CHARS;
  const typing = typed !== null && abort.current !== null;

  const start = async () => {
    const rfb = target();
    if (!rfb || chars === 0) return;
    const ctl = new AbortController();
    abort.current = ctl;
    setTyped(0);
    await typeText(rfb, text, { signal: ctl.signal, onProgress: setTyped, frames: frameSource(rfb) });
    abort.current = null;
    if (!ctl.signal.aborted) onClose();
  };

  const close = () => {
    abort.current?.abort();
    abort.current = null;
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Type text into the guest" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          The text is typed as key presses on a US keyboard layout, so it works where pasting does not
          (installers, boot menus, consoles).
        </Text>
        <Textarea
          data-testid="console-type-text"
          label="Text to type"
          placeholder="Paste or write the text here"
          rows={6}
          resize="vertical"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          disabled={typing}
        />
        {long && (
          <Alert color="yellow" data-testid="console-type-warning">
            This is {chars.toLocaleString()} characters. Typing it takes about{' '}
            {Math.ceil(chars / TYPE_CHARS_PER_SECOND)} seconds, and every key goes to whatever has focus in
            the guest.
          </Alert>
        )}
        {typed !== null && <Progress value={chars ? (typed / chars) * 100 : 0} aria-label="Typed so far" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {typing ? 'Stop' : 'Cancel'}
          </Button>
          <Button data-testid="console-type-start" onClick={start} disabled={chars === 0 || typing}>
            {long ? 'Type anyway' : 'Type'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
