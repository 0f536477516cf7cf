// Problems from create.validate shown under a field: errors in red, warnings (e.g. below the OS minimum)
// in yellow. Mantine inputs take the first error as their `error`; warnings go in the description.
import { Text } from '@mantine/core';
import type { FieldProblem } from '../../../preload/contract';

/** The error text for an input's `error` prop, or undefined. */
export function errorText(problems: FieldProblem[]): string | undefined {
  const errors = problems.filter((p) => p.severity === 'error');
  return errors.length ? errors.map((p) => p.message).join(' ') : undefined;
}

export function Warnings({ problems, testId }: { problems: FieldProblem[]; testId?: string }) {
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (!warnings.length) return null;
  return (
    <>
      {warnings.map((w) => (
        <Text key={w.message} size="xs" c="yellow.8" data-testid={testId ?? `warning-${w.field}`}>
          {w.message}
        </Text>
      ))}
    </>
  );
}
