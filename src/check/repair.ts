/**
 * `check --apply-fixes`: apply the fixes of the failed rules, check again (a fix can uncover a
 * rule that could not fail before), and repeat until nothing changes. Plain data in and out.
 */
import { checkFields, type CheckOptions, type CheckReport } from './check.js';
import { encodingOf } from './inputs.js';
import type { Fix, RuleResult } from './types.js';

/** The result of `repairState()`: the repaired values, the fixes applied, the check after, and the rules that still fail. */
export interface RepairResult {
  /** The repaired state: encoding -> value */
  values: Map<number, bigint>;
  /** Every fix applied, in order, with its rule */
  applied: Array<{ rule: string; fix: Fix }>;
  /** The check of the repaired state */
  after: CheckReport;
  /** The rules that still fail (no minimal change known, or the fix needs what is missing) */
  remaining: RuleResult[];
}

/** Applies the suggested fixes of the failing rules, in rounds until none is left or `maxRounds`: the state `check --apply-fixes` writes. */
export function repairState(values: ReadonlyMap<number, bigint>, options: CheckOptions = {}, maxRounds = 4): RepairResult {
  const cur = new Map(values);
  const applied: RepairResult['applied'] = [];
  let report = checkFields(cur, options);
  for (let round = 0; round < maxRounds; round++) {
    let changed = false;
    for (const r of report.results) {
      if (r.status !== 'fail' || !r.fixes) continue;
      for (const fix of r.fixes) {
        const enc = encodingOf(fix.field);
        // Only the bits the fix changes: two fixes of one field in a round (TR type, P, G) compose.
        const mask = fix.from ^ fix.to;
        const from = cur.get(enc) ?? fix.from;
        const to = (from & ~mask) | (fix.to & mask);
        if (to === from) continue;
        cur.set(enc, to);
        applied.push({ rule: r.id, fix: { ...fix, from, to } });
        changed = true;
      }
    }
    if (!changed) break;
    report = checkFields(cur, options);
  }
  return { values: cur, applied, after: report, remaining: report.results.filter((r) => r.status === 'fail') };
}
