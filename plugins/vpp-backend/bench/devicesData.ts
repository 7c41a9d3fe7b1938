/**
 * The fleet `yarn bench devices` searches: 100,000 devices by default, generated from a
 * fixed seed (the same devices every run), across a catalog of 61 groups (a company, 10
 * offices of 5 teams each), with seed A's attributes filled the way an import leaves them.
 */
import { Entity } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';
import { DeviceState } from '../src/database/DeviceStore';

let seed = 20261206;
export function random(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}
export const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const hex = (n: number, length: number) =>
  createHash('sha256')
    .update(String(n))
    .digest('hex')
    .slice(0, length)
    .toUpperCase();

const FIRST = [
  'Haruto',
  'Yui',
  'Sota',
  'Hina',
  'Riku',
  'Mei',
  'Yuto',
  'Sakura',
  'Kaito',
  'Aoi',
  'Ren',
  'Mio',
];
const LAST = [
  'Sato',
  'Suzuki',
  'Takahashi',
  'Tanaka',
  'Watanabe',
  'Ito',
  'Yamamoto',
  'Nakamura',
  'Kobayashi',
  'Kato',
];
const OS = ['16.7.10', '17.4.1', '17.7.2', '18.1', '18.2', '14.7.1', '15.2'];
const NOTES = [
  'Loaner pool',
  'Repair 2026-05',
  'Kiosk mode',
  'Shared cart B',
  'Battery replaced',
  'Front desk',
];
/** Model and product name per platform. */
const MODELS = {
  ios: ['iPhone', 'iPhone15,4'],
  ipados: ['iPad', 'iPad13,18'],
  macos: ['MacBook Air', 'Mac14,2'],
} as const;
export const APPS = Array.from({ length: 40 }, (_, i) => `com.example.app${i}`);

export const OFFICES = Array.from({ length: 10 }, (_, i) => `office-${i}`);
export const TEAMS = OFFICES.flatMap(o =>
  Array.from({ length: 5 }, (_, j) => `${o}-team-${j}`),
);
const groupRef = (name: string) => `group:default/${name}`;

export function groupEntities(): Entity[] {
  const entity = (
    name: string,
    parent?: string,
    children: string[] = [],
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children, ...(parent ? { parent } : {}) },
    relations: [
      ...(parent ? [{ type: 'childOf', targetRef: groupRef(parent) }] : []),
      ...children.map(c => ({ type: 'parentOf', targetRef: groupRef(c) })),
    ],
  });
  return [
    entity('example-corp', undefined, OFFICES),
    ...OFFICES.map(o =>
      entity(
        o,
        'example-corp',
        TEAMS.filter(t => t.startsWith(`${o}-`)),
      ),
    ),
    ...TEAMS.map(t => entity(t, t.slice(0, t.indexOf('-team')))),
    entity('unassigned-devices'),
  ];
}

export function device(n: number, now: Date): DeviceState {
  const first = pick(FIRST);
  const last = pick(LAST);
  const platform = pick(['ios', 'ios', 'ipados', 'macos'] as const);
  const udid = `00008110-${hex(n, 16)}`;
  const inventory = random() < 0.7;
  return {
    id: `${hex(n, 8)}-0000-4000-8000-${hex(n + 1e9, 12)}`.toLowerCase(),
    udid,
    enrollmentId: udid,
    serialNumber: `F2L${n.toString(36).toUpperCase().padStart(7, '0')}`,
    platform,
    model: MODELS[platform][0],
    productName: MODELS[platform][1],
    osVersion: pick(OS),
    wifiMac: hex(n + 7, 12)
      .toLowerCase()
      .replace(/(..)(?!$)/g, '$1:'),
    enrolled: random() < 0.95,
    enrollmentChangedAt: now,
    enrollmentEventRank: 2,
    factsAt: now,
    lastCheckInAt: now,
    group: groupRef(pick(TEAMS)),
    inventoryAt: inventory
      ? new Date(now.getTime() - Math.floor(random() * 30) * 86_400_000)
      : null,
    displayName: `${first}'s ${platform === 'macos' ? 'Mac' : 'iPhone'} ${n}`,
    deviceNumber: `DN-${String(n).padStart(6, '0')}`,
    userName: `${last} ${first}`,
    employeeNumber: `E${String(100000 + n)}`,
    phone1: `090-${String(n % 10000).padStart(4, '0')}-${String(
      (n * 7) % 10000,
    ).padStart(4, '0')}`,
    phone2:
      random() < 0.3 ? `03-${String(n % 10000).padStart(4, '0')}-0000` : null,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${n}@example.co.jp`,
    notes1: random() < 0.4 ? `${pick(NOTES)} ${n % 97}` : null,
    notes2: random() < 0.2 ? pick(NOTES) : null,
    notes3: random() < 0.1 ? `Asset tag AT-${n}` : null,
    rowVersion: 0,
    createdAt: now,
    updatedAt: now,
  };
}
