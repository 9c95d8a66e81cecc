// A task's cost from its calls' costs: a sum, except where calls are alternatives (the arms of an
// if/else, a match, an early return): then the task's worst case takes the dearest arm and its best
// case the cheapest, never the sum of both. Expected figures are already weighed per call (each
// alternative by its arm's share), so they add up.
import type { CallSite, Estimate, LowExpectedHigh } from '../model';

export interface TaskItem {
  exclusive?: CallSite['exclusive'];
  perTask: LowExpectedHigh;
}

const ZERO: LowExpectedHigh = { low: 0, expected: 0, high: 0 };
const add = (a: LowExpectedHigh, b: LowExpectedHigh): LowExpectedHigh => ({ low: a.low + b.low, expected: a.expected + b.expected, high: a.high + b.high });

function combineAt(items: TaskItem[], depth: number): LowExpectedHigh {
  let total = ZERO;
  const choices = new Map<string, { arms: number; byArm: Map<number, TaskItem[]> }>();
  for (const item of items) {
    const c = item.exclusive?.[depth];
    if (!c) {
      total = add(total, item.perTask);
      continue;
    }
    let choice = choices.get(c.id);
    if (!choice) choices.set(c.id, (choice = { arms: c.arms, byArm: new Map() }));
    const arm = choice.byArm.get(c.arm) ?? [];
    arm.push(item);
    choice.byArm.set(c.arm, arm);
  }
  for (const choice of choices.values()) {
    const arms = [...choice.byArm.values()].map((arm) => combineAt(arm, depth + 1));
    // An arm with no call costs nothing: the cheapest case is then 0.
    const low = arms.length < choice.arms ? 0 : arms.reduce((m, a) => Math.min(m, a.low), Infinity);
    total = add(total, { low, expected: arms.reduce((n, a) => n + a.expected, 0), high: arms.reduce((m, a) => Math.max(m, a.high), 0) });
  }
  return total;
}

/** The cost of one task from its calls' per-task costs. */
export function combineTask(items: TaskItem[]): LowExpectedHigh {
  return combineAt(items, 0);
}

/** A call's task at its expected calls, over the per-call range (older analyses: its per-task range). */
export function typicalTask(usd: NonNullable<Estimate['usd']>): LowExpectedHigh {
  return usd.perTaskTypical ?? usd.perTask;
}

/**
 * What a month of tasks costs per task, between what bounds: the expected figures summed (alternatives
 * are already weighed by their arms), the range the per-call range at the expected calls — a month
 * averages its tasks, so one task run to its cap (`combineTask`'s high) is not the month's high.
 * `times`: how many times a run the call runs (a helper called in a loop), expected.
 */
export function typicalOfTask(items: { usd: NonNullable<Estimate['usd']>; times?: number }[]): LowExpectedHigh {
  let total = ZERO;
  for (const { usd, times } of items) {
    const t = typicalTask(usd);
    const k = times ?? 1;
    total = add(total, { low: t.low * k, expected: usd.perTask.expected * k, high: t.high * k });
  }
  return total;
}
