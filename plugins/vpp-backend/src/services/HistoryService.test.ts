import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseHistoryStore } from '../database/DatabaseHistoryStore';
import { HistoryService } from './HistoryService';

jest.setTimeout(60_000);

describe('HistoryService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const now = new Date('2027-01-02T03:04:05Z');

  async function service() {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseHistoryStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return {
      knex,
      history: new HistoryService({
        store,
        logger: mockServices.logger.mock(),
        now: () => now,
      }),
    };
  }

  it('keeps plain facts only, never secret-looking ones', async () => {
    const { history } = await service();
    await history.record({
      action: 'token-register',
      actor: 'user:default/alice',
      outcome: 'failed',
      facts: {
        tokenId: 't-1',
        owner: 'group:default/tokyo-it',
        tokenFile: 'eyJ0b2tlbiI6InNlY3JldCJ9',
        sToken: 'secret',
        password: 'hunter2',
        nested: { tokenFile: 'x' },
        count: 2,
      },
      error: new Error('Apple refused the token.'),
    });
    expect(await history.list({ tokenId: 't-1' }, {})).toEqual({
      totalCount: 1,
      items: [
        {
          id: expect.any(String),
          occurredAt: now.toISOString(),
          actor: 'user:default/alice',
          action: 'token-register',
          outcome: 'failed',
          tokenId: 't-1',
          details: { owner: 'group:default/tokyo-it', count: 2 },
          error: 'Apple refused the token.',
        },
      ],
    });
  });

  it('logs instead of failing the change when the history cannot be written', async () => {
    const logger = mockServices.logger.mock();
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseHistoryStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    await knex.schema.dropTable('vpp_history');
    const history = new HistoryService({ store, logger });
    await expect(
      history.record({
        action: 'token-sync',
        actor: 'user:default/alice',
        outcome: 'succeeded',
        facts: { tokenId: 't-1' },
      }),
    ).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith(
      'Could not record token-sync by user:default/alice in the history',
      // better-sqlite3's error comes from the native addon's realm, not Jest's Error.
      expect.objectContaining({ code: 'SQLITE_ERROR' }),
    );
  });
});
