// The creation wizard: source -> OS -> resources -> summary, then the create job's progress.
// State lives in wizard-state.ts (pure), host answers in use-wizard-data.ts, one component per step.
// The host is chosen on the first step (when two or more are connected); every call after that names it.
import { Button, Group, Modal, Stepper, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ConnectionId, Job, VmRef } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { addStep, CreateProgress } from './CreateProgress';
import { OsStep } from './OsStep';
import { ResourcesStep } from './ResourcesStep';
import { SourceStep, type WizardHost } from './SourceStep';
import { SummaryStep } from './SummaryStep';
import { useWizardData } from './use-wizard-data';
import {
  attempt,
  firstStepWithError,
  forAnotherHost,
  hasError,
  initialWizardState,
  problemsOfStep,
  STEPS,
  type StepId,
  stepReady,
  visibleProblems,
  type WizardState,
} from './wizard-state';

export interface CreateWizardProps {
  opened: boolean;
  onClose: () => void;
  /** the host the wizard starts on: the selected one */
  connection: ConnectionId;
  /** the connected hosts to choose from (the host select shows with two or more) */
  hosts?: WizardHost[];
  /** the guest exists; `customise` asks the caller to open its details (it was not started) */
  onCreated?: (vm: VmRef, options: { customise: boolean }) => void;
}

const STEP_LABELS: Record<StepId, string> = {
  source: 'Source',
  os: 'Operating system',
  resources: 'Resources',
  summary: 'Summary',
};

export function CreateWizard({ opened, onClose, connection, hosts, onCreated }: CreateWizardProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="New guest"
      size={760}
      // what the user filled in is lost on close: only the X and Cancel close it (Escape also reached
      // this modal from the file browser on top of it)
      closeOnClickOutside={false}
      closeOnEscape={false}
      data-testid="create-wizard"
      // the step scrolls inside the dialog; the stepper and the buttons stay in view on any window height
      styles={{
        content: { display: 'flex', flexDirection: 'column', overflow: 'hidden' },
        body: { display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, overflow: 'hidden' },
      }}
    >
      {/* mounted only while open: every opening starts a fresh wizard */}
      {opened && (
        <WizardBody
          connection={connection}
          hosts={hosts ?? [{ id: connection, name: connection }]}
          onClose={onClose}
          onCreated={onCreated}
        />
      )}
    </Modal>
  );
}

function WizardBody({
  connection: startHost,
  hosts,
  onClose,
  onCreated,
}: Omit<CreateWizardProps, 'opened' | 'hosts'> & { hosts: WizardHost[] }) {
  const bridge = useBridge();
  const [connection, setConnection] = useState(startHost);
  const [state, setStateRaw] = useState<WizardState>(initialWizardState);
  const setState = useCallback((next: (s: WizardState) => WizardState) => setStateRaw(next), []);
  const [active, setActive] = useState(0);
  const [userPickedOs, setUserPickedOs] = useState(false);
  const data = useWizardData(bridge, connection, state, setState, userPickedOs);

  const [networkBusy, setNetworkBusy] = useState(false);
  const [networkError, setNetworkError] = useState<string>();

  // the create job: events may arrive before create.start answers, so every job event is kept by id
  const jobEvents = useRef(new Map<string, Job>());
  const [jobId, setJobId] = useState<string>();
  const [job, setJob] = useState<Job>();
  const [steps, setSteps] = useState<string[]>([]);
  const [startError, setStartError] = useState<ApiError>();
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const jobIdRef = useRef<string>(undefined);

  // A keyboard user's place follows the wizard: a new step's first field (its data-autofocus), and the
  // job's outcome (its one button: Cancel while it runs, then Close or Back to the summary), so focus
  // never drops to the page behind the dialog when the button they pressed goes away.
  const bodyRef = useRef<HTMLDivElement>(null);
  const outcome = jobId === undefined ? undefined : startError ? 'failed' : (job?.state ?? 'starting');
  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step or the job's outcome changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false; // the modal focuses the first step's field itself
      return;
    }
    const body = bodyRef.current;
    const target =
      body?.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ??
      body?.querySelector<HTMLElement>('[data-wizard-focus] button:not([disabled])') ??
      body?.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled])');
    target?.focus();
  }, [active, outcome]);

  const showJob = useCallback((j: Job) => {
    setJob(j);
    setSteps((s) => addStep(s, j));
  }, []);

  useEffect(
    () =>
      bridge.on('job', (j) => {
        jobEvents.current.set(j.id, j);
        if (j.id === jobIdRef.current) showJob(j);
      }),
    [bridge, showJob],
  );

  const customise = state.customise;
  const reported = useRef(false);
  useEffect(() => {
    if (job?.state === 'done' && job.result && !reported.current) {
      reported.current = true;
      onCreated?.(job.result, { customise });
    }
  }, [job, customise, onCreated]);

  const step = STEPS[active];
  // what is shown: errors of fields the user is done with, or of steps they tried to leave
  const shown = visibleProblems(data.problems, state);
  const stepProblems = problemsOfStep(shown, step);
  // the OS step has nothing the server checks: no need to wait for validation there
  const validatedHere = data.validatedFor(step) || step === 'os';
  // Next is only disabled for a reason the user can see; pressed with hidden errors, it shows them
  const canGoOn = validatedHere && !hasError(stepProblems);
  const canCreate = data.validated && !hasError(shown) && !creating;

  function goNext() {
    if (!stepReady(state, step) || hasError(problemsOfStep(data.problems, step))) {
      setState((s) => attempt(s, step));
      return;
    }
    setActive(active + 1);
  }

  async function create() {
    if (hasError(data.problems)) {
      // show every error, wherever it is (the summary says which step to fix)
      setState((s) => STEPS.reduce((acc, st) => attempt(acc, st), s));
      return;
    }
    setCreating(true);
    setStartError(undefined);
    setSteps([]);
    setJob(undefined);
    reported.current = false;
    const r = await bridge.call('create.start', data.spec);
    if (r.ok) {
      // set now, not at the next render: the job's next event can arrive before React renders again
      jobIdRef.current = r.value.id;
      setJobId(r.value.id);
      showJob(jobEvents.current.get(r.value.id) ?? r.value);
    } else {
      setStartError(r.error);
      setJobId('');
    }
    setCreating(false);
  }

  async function cancel() {
    if (!job) return;
    setCancelling(true);
    await bridge.call('jobs.cancel', { id: job.id });
    setCancelling(false);
  }

  async function networkAction(call: () => ReturnType<typeof bridge.call>) {
    setNetworkBusy(true);
    setNetworkError(undefined);
    const r = await call();
    if (!r.ok) setNetworkError(r.error.message);
    await data.refreshNetworks();
    setNetworkBusy(false);
  }

  if (jobId !== undefined) {
    return (
      <div ref={bodyRef}>
        <CreateProgress
          job={job}
          startError={startError}
          steps={steps}
          doneText={
            data.spec.startAfterCreate
              ? `${data.spec.name} is running.`
              : `${data.spec.name} is defined and not started: change its hardware in its details, then start it.`
          }
          cancelling={cancelling}
          onCancel={() => void cancel()}
          onBack={() => {
            jobIdRef.current = undefined;
            setJobId(undefined);
            setJob(undefined);
            setStartError(undefined);
            data.revalidate();
            void data.refreshNetworks();
          }}
          onClose={onClose}
        />
      </div>
    );
  }

  const os = data.osList?.find((o) => o.id === state.osId) ?? data.defaults?.os;
  const otherSteps = STEPS.filter((s) => s !== 'summary');
  // on the summary every other step was left with Next: their errors (the host changed since) show
  const elsewhere = otherSteps.flatMap((s) =>
    problemsOfStep(data.problems, s).filter((p) => p.severity === 'error'),
  );
  const unplaced = data.problems.filter((p) => !STEPS.some((s) => problemsOfStep([p], s).length));
  const acceleratorWarning =
    data.defaults?.acceleratorWarning ??
    (data.host && data.host.accelerator === 'qemu'
      ? `KVM is not usable on this host${data.host.kvmReason ? ` (${data.host.kvmReason})` : ''}: guests run in slow software emulation.`
      : undefined);
  const firstError = firstStepWithError(data.problems);

  return (
    <div ref={bodyRef} style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      <Stepper
        active={active}
        onStepClick={(i) => setActive(i)}
        allowNextStepsSelect={false}
        size="sm"
        mb="md"
      >
        {STEPS.map((s) => (
          <Stepper.Step key={s} label={STEP_LABELS[s]} data-testid={`step-${s}`} />
        ))}
      </Stepper>
      <div
        data-testid={`wizard-step-${step}`}
        style={{ flex: 1, minHeight: 0, overflowY: 'auto', paddingRight: 4 }}
      >
        <div style={{ minHeight: 380 }}>
          {step === 'source' && (
            <SourceStep
              state={state}
              connection={connection}
              hosts={hosts}
              onHost={(id) => {
                setConnection(id);
                setState(forAnotherHost);
              }}
              problems={stepProblems}
              onChange={setState}
            />
          )}
          {step === 'os' && (
            <OsStep
              state={state}
              detecting={data.detecting}
              detectError={data.detectError}
              osList={data.osList}
              osListError={data.osListError}
              newerOs={data.defaults?.os}
              findNearest={async (query) => {
                const r = await bridge.call('osinfo.nearest', { query });
                return r.ok ? r.value : null;
              }}
              onPick={(osId) => {
                setUserPickedOs(osId !== undefined);
                setState((s) => ({ ...s, osId }));
              }}
            />
          )}
          {step === 'resources' && (
            <ResourcesStep
              state={state}
              problems={stepProblems}
              host={data.host}
              pools={data.pools}
              suggested={data.defaults?.resources}
              note={data.defaults?.note}
              onChange={setState}
            />
          )}
          {step === 'summary' && (
            <SummaryStep
              state={state}
              hostName={hosts.length > 1 ? hosts.find((h) => h.id === connection)?.name : undefined}
              problems={stepProblems}
              otherProblems={[...elsewhere, ...unplaced]}
              defaults={data.defaults}
              os={os}
              networks={data.networks}
              networkBusy={networkBusy}
              networkError={networkError}
              acceleratorWarning={acceleratorWarning}
              onChange={setState}
              onCreateDefaultNetwork={() =>
                void networkAction(() => bridge.call('networks.createDefault', { connection }))
              }
            />
          )}
        </div>
      </div>
      <Group justify="space-between" mt="md" style={{ flexShrink: 0 }} data-testid="wizard-buttons">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Group gap="xs">
          {step === 'summary' && firstError && firstError !== 'summary' && (
            <Text size="sm" c="red" data-testid="create-blocked">
              Fix the {STEP_LABELS[firstError].toLowerCase()} step first.
            </Text>
          )}
          {active > 0 && (
            <Button variant="default" onClick={() => setActive(active - 1)} data-testid="wizard-back">
              Back
            </Button>
          )}
          {step === 'summary' ? (
            <Button
              onClick={() => void create()}
              disabled={!canCreate}
              loading={creating}
              data-testid="wizard-create"
            >
              Create
            </Button>
          ) : (
            <Button onClick={goNext} disabled={!canGoOn} data-testid="wizard-next">
              Next
            </Button>
          )}
        </Group>
      </Group>
    </div>
  );
}
