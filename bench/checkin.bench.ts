// The check-in machine under load: 10,000 complete visits (or `npm run bench -- --visits N`) (scan → pay → ticket → receipt → attract) through
// ONE long-lived actor, as the daemon runs it, with zero-latency scripted devices. Beside it two baselines
// on the same XState: a trivial 2-state toggle (the floor for a sync transition) and a 2-state machine
// invoking one zero-latency promise per round (the floor for an async device hop; a visit makes seven).
// Heap is measured after a forced GC before and after the run: a leak shows as growth per visit.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createActor, createMachine, fromPromise, setup, waitFor } from 'xstate';
import { checkinMachine } from '../state/checkin/default-machine';
import { scriptedActors, TERMINAL_READY, TEST_SETTINGS } from '../state/checkin/test-actors';
import { benchVisits, table } from './support';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const VISITS = benchVisits(10_000);
const WARMUP = Math.min(1_000, Math.ceil(VISITS / 10));

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function timed(name: string, setupRun: () => { round: () => Promise<void>; stop: () => void }) {
  const { round, stop } = setupRun();
  for (let i = 0; i < WARMUP; i++) await round();
  const before = heapMb();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < VISITS; i++) await round();
  const ns = Number(process.hrtime.bigint() - t0);
  const after = heapMb();
  stop();
  return {
    run: name,
    'rounds/s': (VISITS * 1e9) / ns,
    'µs/round': ns / VISITS / 1000,
    'heap start MB': before,
    'heap end MB': after,
    'growth B/round': ((after - before) * 1024 * 1024) / VISITS,
  };
}

const rows = [];

rows.push(
  await timed('check-in visit (ours)', () => {
    const { actors, calls } = scriptedActors();
    const actor = createActor(checkinMachine.provide({ actors }), { input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY } }).start();
    return {
      async round() {
        actor.send({ type: 'TOUCH' });
        actor.send({ type: 'SELECT_LANGUAGE', language: 'fr' });
        // The kiosk asks whether it may number (issue 15) before it listens for a scan: a scan sent meanwhile is not heard.
        await waitFor(actor, (s) => s.matches('identify'));
        actor.send({ type: 'SCANNED', payload: 'RDV1:TOKEN' });
        await waitFor(actor, (s) => s.matches('summary'));
        actor.send({ type: 'CONFIRM' });
        await waitFor(actor, (s) => s.matches('done'));
        actor.send({ type: 'ACKNOWLEDGE' });
        // The scripted devices keep what they saw; drop it so only the machine's memory is measured.
        for (const list of [calls.verify, calls.etimbre, calls.pay, calls.signals, calls.issueTicket, calls.printTicket, calls.printReceipt]) list.length = 0;
      },
      stop: () => {
        if (!actor.getSnapshot().matches('attract')) throw new Error(`a visit did not end on attract: ${JSON.stringify(actor.getSnapshot().value)}`);
        actor.stop();
      },
    };
  }),
);

rows.push(
  await timed('baseline: 2-state toggle', () => {
    const toggle = createMachine({ initial: 'a', states: { a: { on: { T: 'b' } }, b: { on: { T: 'a' } } } });
    const actor = createActor(toggle).start();
    return {
      round: async () => {
        actor.send({ type: 'T' });
        actor.send({ type: 'T' });
      },
      stop: () => actor.stop(),
    };
  }),
);

rows.push(
  await timed('baseline: 2-state + 1 promise', () => {
    const m = setup({ actors: { job: fromPromise(async () => 1) } }).createMachine({
      initial: 'idle',
      states: { idle: { on: { GO: 'working' } }, working: { invoke: { src: 'job', onDone: 'idle' } } },
    });
    const actor = createActor(m).start();
    return {
      round: async () => {
        actor.send({ type: 'GO' });
        await waitFor(actor, (s) => s.matches('idle'));
      },
      stop: () => actor.stop(),
    };
  }),
);

table(rows);
console.log(`\n${VISITS} rounds each after ${WARMUP} warm-up rounds; a check-in round is one whole visit with 7 device actors and a payment.`);
