import {
  errorBody,
  FakeReply,
  RecordedRequest,
} from '@internal/plugin-vpp-common/testUtils';
import {
  DistributionPlan,
  DistributionState,
} from '../actions/distributionApi';

export const DISTRIBUTION_ID = 'd-7c1e';

export const PLAN: DistributionPlan = {
  devicesMatched: 3,
  leftOut: [{ reason: 'other-platform', count: 1 }],
  apps: [
    { adamId: '361309726', needed: 2, alreadyLicensed: 1, available: 10 },
    { adamId: '361285480', needed: 3, alreadyLicensed: 0, available: 5 },
  ],
};

/** One read of `GET /distributions/:id`: the state and items per state. */
export type FakeProgress = {
  state: DistributionState;
  counts: Record<string, number>;
};

/** How the fake's distribution routes behave. */
export interface FakeDistributionScenario {
  /** What successive reads of the distribution show; the last one repeats. */
  progress?: FakeProgress[];
  /** The answer to `POST /distributions` instead of creating one (e.g. a 409). */
  refuse?: FakeReply;
  /** App configurations `GET /app-configs/:id` knows. */
  appConfigs?: Array<{
    id: string;
    name: string;
    adamId?: string;
    bundleId?: string;
  }>;
}

/**
 * Routes that play the distribution API: `POST /distributions` answers the plan alone
 * for a dry run and a new distribution otherwise; `GET /distributions/:id` steps through
 * `progress`.
 */
export function fakeDistributionRoutes(
  scenario: FakeDistributionScenario = {},
): (request: RecordedRequest) => FakeReply {
  const progress = scenario.progress ?? [
    { state: 'running', counts: { pending: 5 } },
  ];
  let reads = 0;
  let created = false;
  return request => {
    if (request.method === 'POST' && request.path === '/distributions') {
      if (scenario.refuse) return scenario.refuse;
      const body = request.body as Record<string, unknown>;
      if (body.dryRun) {
        return { status: 200, body: { dryRun: true, plan: PLAN } };
      }
      created = true;
      return {
        status: 201,
        body: {
          ...body,
          id: DISTRIBUTION_ID,
          state: 'running',
          counts: { pending: 5 },
          plan: PLAN,
          createdBy: 'user:default/aiko',
          createdAt: '2026-12-06T10:00:00.000Z',
        },
      };
    }
    if (
      request.method === 'GET' &&
      request.path === `/distributions/${DISTRIBUTION_ID}` &&
      created
    ) {
      const step = progress[Math.min(reads, progress.length - 1)];
      reads += 1;
      return {
        status: 200,
        body: { id: DISTRIBUTION_ID, plan: PLAN, ...step },
      };
    }
    const config = /^\/app-configs\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && config) {
      const found = scenario.appConfigs?.find(c => c.id === config[1]);
      return found
        ? { status: 200, body: { values: {}, description: '', ...found } }
        : {
            status: 404,
            body: errorBody(
              404,
              'NotFoundError',
              `No app configuration with id "${config[1]}".`,
            ),
          };
    }
    return {
      status: 404,
      body: errorBody(404, 'NotFoundError', `${request.path} not found`),
    };
  };
}

/** Marks the fake as having created the distribution, as when an earlier attempt did. */
export function createdEarlier(
  routes: (request: RecordedRequest) => FakeReply,
) {
  routes({
    method: 'POST',
    path: '/distributions',
    headers: {},
    body: {},
  });
  return routes;
}
