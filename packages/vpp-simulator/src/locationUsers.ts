import { createHash, randomUUID } from 'node:crypto';
import { errorResponse } from './errors';
import type { LocationState } from './location';
import {
  emptyOutcome,
  EventOutcome,
  releaseLicense,
  RequestUser,
  ResponseUser,
  toResponseUser,
  UserFilter,
  UserRecord,
  USER_PREFIX,
} from './locationRecords';

export function newInviteCode(): string {
  return randomUUID().replace(/-/g, '');
}

/** The user's `idHash`: stable for a Managed Apple Account, random for an invitation. */
export function idHashFor(
  location: LocationState,
  clientUserId: string,
  appleId: string | undefined,
): string {
  return createHash('sha1')
    .update(`${location.uId}:${clientUserId}:${appleId ?? randomUUID()}`)
    .digest('base64');
}

export function queryUsers(
  location: LocationState,
  filter: UserFilter,
): UserRecord[] {
  return location.users.filter(
    user =>
      (!filter.activeOnly || user.status !== 'Retired') &&
      (!filter.retiredOnly || user.status === 'Retired') &&
      (filter.clientUserId === undefined ||
        user.clientUserId === filter.clientUserId) &&
      (filter.sinceSeq === undefined || user.seq > filter.sinceSeq),
  );
}

/** The active row of a clientUserId, else its most recent retired row. */
export function latestUser(
  location: LocationState,
  clientUserId: string,
): UserRecord | undefined {
  const active = location.activeUsers.get(clientUserId);
  if (active) {
    return active;
  }
  const { users } = location;
  for (let i = users.length - 1; i >= 0; i--) {
    if (users[i].clientUserId === clientUserId) {
      return users[i];
    }
  }
  return undefined;
}

export function createUsers(
  location: LocationState,
  users: RequestUser[],
): EventOutcome {
  const seq = ++location.seq;
  const outcome = emptyOutcome();
  const existing: ResponseUser[] = [];
  for (const request of users) {
    const active = location.activeUsers.get(request.clientUserId);
    if (active) {
      existing.push(toResponseUser(active));
      continue;
    }
    const record: UserRecord = {
      clientUserId: request.clientUserId,
      email: request.email,
      managedAppleId: request.managedAppleId,
      status: 'Registered',
      seq,
    };
    // A Managed Apple Account makes the user Associated at once (no invitation).
    if (request.managedAppleId) {
      record.status = 'Associated';
      record.idHash = idHashFor(
        location,
        request.clientUserId,
        request.managedAppleId,
      );
    } else {
      record.inviteCode = newInviteCode();
    }
    location.users.push(record);
    location.activeUsers.set(record.clientUserId, record);
    outcome.numCompleted++;
    outcome.succeeded.push(toResponseUser(record));
  }
  if (existing.length > 0) {
    outcome.failures.push(
      errorResponse(9716, {
        clientUserIds: existing.map(u => u.clientUserId),
      }),
    );
    outcome.failedGroups.push({ errorNumber: 9716, items: existing });
  }
  if (outcome.numCompleted > 0) {
    location.recordChange(seq, { users: true });
  }
  return outcome;
}

export function updateUsers(
  location: LocationState,
  users: RequestUser[],
): EventOutcome {
  const seq = ++location.seq;
  const outcome = emptyOutcome();
  forEachActiveUser(location, users, outcome, (active, request) => {
    if (request.email !== undefined) {
      active.email = request.email;
    }
    if (request.managedAppleId) {
      active.managedAppleId = request.managedAppleId;
      if (active.status === 'Registered') {
        active.status = 'Associated';
        active.idHash = idHashFor(
          location,
          active.clientUserId,
          request.managedAppleId,
        );
        delete active.inviteCode;
      }
    }
    active.seq = seq;
  });
  if (outcome.numCompleted > 0) {
    location.recordChange(seq, { users: true });
  }
  return outcome;
}

/** RETIRE: the user row becomes Retired and its licenses return to the pool. */
export function retireUsers(
  location: LocationState,
  users: RequestUser[],
): EventOutcome {
  const seq = ++location.seq;
  const outcome = emptyOutcome();
  let assignmentsChanged = false;
  forEachActiveUser(location, users, outcome, active => {
    active.status = 'Retired';
    delete active.inviteCode;
    active.seq = seq;
    location.activeUsers.delete(active.clientUserId);
    const holder = USER_PREFIX + active.clientUserId;
    for (const asset of location.assets.values()) {
      if (releaseLicense(asset, holder)) {
        assignmentsChanged = true;
      }
    }
  });
  location.recordChange(seq, {
    users: outcome.numCompleted > 0,
    assets: assignmentsChanged,
    assignments: assignmentsChanged,
  });
  return outcome;
}

/**
 * Applies `change` to the active row of each requested user, one completed task each; a
 * clientUserId without an active row fails with 9609.
 */
function forEachActiveUser(
  location: LocationState,
  users: RequestUser[],
  outcome: EventOutcome,
  change: (active: UserRecord, request: RequestUser) => void,
): void {
  const missing: string[] = [];
  for (const request of users) {
    const active = location.activeUsers.get(request.clientUserId);
    if (!active) {
      missing.push(request.clientUserId);
      continue;
    }
    change(active, request);
    outcome.numCompleted++;
    outcome.succeeded.push(toResponseUser(active));
  }
  if (missing.length > 0) {
    outcome.failures.push(errorResponse(9609, { clientUserIds: missing }));
    outcome.failedGroups.push({
      errorNumber: 9609,
      items: missing.map(clientUserId => ({ clientUserId })),
    });
  }
}

/** The user accepted the invitation (USER_ASSOCIATED). */
export function acceptInvitation(
  location: LocationState,
  match: { inviteCode: string } | { clientUserId: string },
): { user: UserRecord; inviteCode: string } {
  const user =
    'inviteCode' in match
      ? findUserByInviteCode(location, match.inviteCode)
      : location.activeUsers.get(match.clientUserId);
  if (!user || user.status !== 'Registered' || !user.inviteCode) {
    throw new Error('No registered user with that invitation');
  }
  const inviteCode = user.inviteCode;
  user.status = 'Associated';
  user.idHash = idHashFor(location, user.clientUserId, undefined);
  // Apple: Registered users carry inviteCode, Associated ones idHash.
  delete user.inviteCode;
  user.seq = ++location.seq;
  location.recordChange(user.seq, { users: true });
  return { user, inviteCode };
}

export function findUserByInviteCode(
  location: LocationState,
  inviteCode: string,
): UserRecord | undefined {
  for (const user of location.activeUsers.values()) {
    if (user.inviteCode === inviteCode) {
      return user;
    }
  }
  return undefined;
}
