import { MdmSwitches } from './types';

export const DEFAULT_MDM_SWITCHES: MdmSwitches = {
  pushDelayMs: 50,
  installTimeMs: 3000,
  notNowRate: 0,
  notNowRetryMs: 0,
  duplicateEventRate: 0.05,
  outOfOrderRate: 0.05,
  outOfOrderDelayMs: 250,
  webhookConcurrency: 16,
  webhookTimeoutMs: 10000,
};

const RATES: Array<keyof MdmSwitches> = [
  'notNowRate',
  'duplicateEventRate',
  'outOfOrderRate',
];
const POSITIVE: Array<keyof MdmSwitches> = [
  'webhookConcurrency',
  'webhookTimeoutMs',
];

/** Applies `input` on `base`; unknown keys and bad values are errors (the control API's 400s). */
export function mergeMdmSwitches(
  base: MdmSwitches,
  input: Partial<MdmSwitches> | undefined,
): MdmSwitches {
  const result = { ...base };
  if (input === undefined || input === null) {
    return result;
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('MDM options must be an object');
  }
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_MDM_SWITCHES)) {
      throw new Error(`Unknown MDM option ${key}`);
    }
    if (value === undefined) {
      continue;
    }
    const name = key as keyof MdmSwitches;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`MDM option ${key} must be a non-negative number`);
    }
    if (RATES.includes(name) && value > 1) {
      throw new Error(`MDM option ${key} must be between 0 and 1`);
    }
    if (POSITIVE.includes(name) && value < 1) {
      throw new Error(`MDM option ${key} must be at least 1`);
    }
    result[name] = value;
  }
  return result;
}
