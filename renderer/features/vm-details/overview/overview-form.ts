// The Overview form's state, pure: what the guest has now (from the store and its details, which events
// keep current), the user's drafts over it, and the problems of those drafts as they are typed.
// A draft disappears once the guest shows the same value: the edit has come back through libvirt's event,
// not through the call's reply, so the form never shows a value libvirt does not have.
import type { VmDetails, VmSummary } from '../../../../preload/contract';
import { descriptionProblem, guestNameProblem, titleProblem } from '../../../../preload/guest-fields';

export interface OverviewValues {
  name: string;
  title: string;
  description: string;
  osId: string;
}
export type OverviewField = keyof OverviewValues;
export type Drafts = Partial<OverviewValues>;
export type Problems = Partial<Record<OverviewField, string>>;

/** the guest's values; the description only once its details have come (undefined before) */
export function currentValues(vm: VmSummary, details: VmDetails | undefined): OverviewValues {
  return {
    name: vm.name,
    title: vm.title ?? '',
    description: details?.description ?? '',
    osId: vm.osId ?? '',
  };
}

export function shownValues(current: OverviewValues, drafts: Drafts): OverviewValues {
  return { ...current, ...drafts };
}

/** libvirt keeps titles trimmed (as the guest list reads them), so the form compares them trimmed */
function same(field: OverviewField, a: string, b: string): boolean {
  return field === 'title' ? a.trim() === b.trim() : a === b;
}

/** the drafts that differ from what the guest has: what Save sends */
export function changes(current: OverviewValues, drafts: Drafts): Drafts {
  const out: Drafts = {};
  for (const [field, value] of Object.entries(drafts) as [OverviewField, string][]) {
    if (!same(field, value, current[field])) out[field] = field === 'title' ? value.trim() : value;
  }
  return out;
}

/** drops the drafts the guest now shows (the edit came back), keeping the same object when none did */
export function settleDrafts(current: OverviewValues, drafts: Drafts): Drafts {
  const left = Object.fromEntries(
    (Object.entries(drafts) as [OverviewField, string][]).filter(([f, v]) => !same(f, v, current[f])),
  ) as Drafts;
  return Object.keys(left).length === Object.keys(drafts).length ? drafts : left;
}

/** why the changed fields cannot be saved, in the user's words; `otherNames`: the connection's other guests */
export function formProblems(
  current: OverviewValues,
  drafts: Drafts,
  otherNames: ReadonlySet<string>,
): Problems {
  const c = changes(current, drafts);
  const out: Problems = {};
  if (c.name !== undefined) out.name = guestNameProblem(c.name, otherNames)?.message;
  if (c.title !== undefined) out.title = titleProblem(c.title);
  if (c.description !== undefined) out.description = descriptionProblem(c.description);
  for (const k of Object.keys(out) as OverviewField[]) if (!out[k]) delete out[k];
  return out;
}

/** why the name cannot be changed now, or undefined when it can */
export function renameBlocked(vm: VmSummary): string | undefined {
  if (!vm.persistent) return 'This guest is temporary (transient): make it permanent to rename it.';
  if (vm.state !== 'shutoff')
    return 'Shut the guest off to rename it: libvirt renames only guests that are off.';
  return undefined;
}
