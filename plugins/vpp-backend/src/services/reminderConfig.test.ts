import { ConfigReader } from '@backstage/config';
import { readReminderConfig } from './reminderConfig';

const read = (vpp: object, app: object = {}) =>
  readReminderConfig(new ConfigReader({ app, vpp }));

describe('readReminderConfig', () => {
  it('defaults to 30 days and expiry, daily, English and Japanese, no SMTP', () => {
    expect(read({}, { baseUrl: 'https://portal.example.com/' })).toEqual({
      thresholdsDays: [30, 0],
      languages: ['en', 'ja'],
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 1 },
      },
      smtp: undefined,
      appBaseUrl: 'https://portal.example.com',
    });
  });

  it('reads every key', () => {
    expect(
      read({
        reminders: {
          thresholdsDays: [0, 7, 30, 7],
          languages: ['ja'],
          schedule: {
            frequency: { cron: '0 8 * * *' },
            timeout: { minutes: 5 },
          },
          smtp: {
            host: 'smtp.example.com',
            port: 2525,
            requireTLS: true,
            auth: { user: 'vpp', pass: 'secret' },
            from: 'VPP <vpp@example.com>',
          },
        },
      }),
    ).toEqual({
      thresholdsDays: [30, 7, 0],
      languages: ['ja'],
      schedule: {
        frequency: { cron: '0 8 * * *' },
        timeout: { minutes: 5 },
      },
      smtp: {
        host: 'smtp.example.com',
        port: 2525,
        secure: false,
        requireTLS: true,
        auth: { user: 'vpp', pass: 'secret' },
        from: 'VPP <vpp@example.com>',
      },
      appBaseUrl: 'http://localhost:3000',
    });
  });

  it('picks the usual port for implicit TLS', () => {
    expect(
      read({
        reminders: {
          smtp: { host: 'smtp.example.com', secure: true, from: 'a@b.c' },
        },
      }).smtp,
    ).toMatchObject({ port: 465, secure: true });
    expect(
      read({ reminders: { smtp: { host: 'smtp.example.com', from: 'a@b.c' } } })
        .smtp,
    ).toMatchObject({ port: 587, secure: false, auth: undefined });
  });

  it.each([
    [
      { thresholdsDays: [30, -1] },
      /thresholdsDays must be a list of whole numbers of days.*got \[30,-1\]/,
    ],
    [{ thresholdsDays: [7.5] }, /thresholdsDays/],
    [
      { languages: ['en', 'fr'] },
      /languages must list one or more of en, ja; unknown: fr/,
    ],
    [{ languages: [] }, /languages must list one or more/],
    [
      { smtp: { host: 'smtp.example.com' } },
      /vpp\.reminders\.smtp\.from must be set when vpp\.reminders\.smtp\.host is/,
    ],
    [
      {
        smtp: { host: 'smtp.example.com', from: 'a@b.c', auth: { user: 'x' } },
      },
      /auth needs both user and pass/,
    ],
    [
      { smtp: { host: 'smtp.example.com', from: 'a@b.c', port: 70000 } },
      /port must be a TCP port number/,
    ],
  ])('refuses %j at start-up', (reminders, message) => {
    expect(() => read({ reminders })).toThrow(message);
  });
});
