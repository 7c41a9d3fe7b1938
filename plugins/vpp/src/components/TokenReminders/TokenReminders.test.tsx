import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  VppReminderSettings,
  VppReminderState,
} from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { makeReminderState, responseError } from '../../testing/fixtures';
import { TokenReminders } from './TokenReminders';

jest.setTimeout(30_000);

function mockApi(state: VppReminderState | Error = makeReminderState()) {
  return {
    getReminders: jest.fn(async () => {
      if (state instanceof Error) {
        throw state;
      }
      return state;
    }),
    // Answers what was saved, as the backend does.
    updateReminders: jest.fn(
      async (_id: string, settings: VppReminderSettings) => ({
        ...(state as VppReminderState),
        ...settings,
      }),
    ),
  };
}

async function renderReminders(
  api: ReturnType<typeof mockApi>,
  options: { canEdit?: boolean } = {},
) {
  const user = userEvent.setup();
  await renderInTestApp(
    <TokenReminders
      tokenId="tok-1"
      expiresAt="2027-03-01T09:00:00Z"
      canEdit={options.canEdit ?? true}
    />,
    { apis: [[vppApiRef, api]] },
  );
  await screen.findByTestId('vpp-reminders');
  return { user };
}

function emailChips(): string[] {
  const list = screen.queryByTestId('vpp-reminder-emails');
  return list
    ? Array.from(list.querySelectorAll('.v5-MuiChip-label')).map(
        chip => chip.textContent ?? '',
      )
    : [];
}

describe('TokenReminders', () => {
  it('shows the settings, the thresholds and the deliveries, failed ones first to the eye', async () => {
    const api = mockApi(
      makeReminderState({
        emails: ['it-admins@example.com', 'abm-owner@example.com'],
        deliveries: [
          {
            thresholdDays: 30,
            expiresAt: '2027-03-01T09:00:00Z',
            channel: 'email',
            recipient: 'abm-owner@example.com',
            status: 'failed',
            attempts: 2,
            lastError: 'SMTP 550: mailbox unavailable',
            updatedAt: '2027-01-30T08:00:00Z',
          },
          {
            thresholdDays: 30,
            expiresAt: '2027-03-01T09:00:00Z',
            channel: 'notification',
            recipient: 'group:default/tokyo-it',
            status: 'sent',
            attempts: 1,
            sentAt: '2027-01-30T08:00:00Z',
            updatedAt: '2027-01-30T08:00:00Z',
          },
        ],
      }),
    );
    await renderReminders(api);

    expect(api.getReminders).toHaveBeenCalledWith('tok-1');
    expect(
      screen.getByRole('checkbox', { name: 'Send renewal reminders' }),
    ).toBeChecked();
    expect(emailChips()).toEqual([
      'it-admins@example.com',
      'abm-owner@example.com',
    ]);
    const thresholds = screen.getByTestId('vpp-reminder-thresholds');
    expect(thresholds).toHaveTextContent('30 days before expiry');
    expect(thresholds).toHaveTextContent('At expiry');

    const deliveries = screen.getByTestId('vpp-reminder-deliveries');
    expect(deliveries).toHaveTextContent(
      'Reminders for the current expiry date (2027-03-01)',
    );
    expect(deliveries).toHaveTextContent(
      '1 reminder could not be delivered; it will be retried on the next run.',
    );
    const [failed, sent] = within(deliveries).getAllByTestId(
      'vpp-reminder-delivery',
    );
    expect(failed).toHaveAttribute('data-status', 'failed');
    expect(failed).toHaveTextContent('30 days before expiry');
    expect(failed).toHaveTextContent('E-mail');
    expect(failed).toHaveTextContent('abm-owner@example.com');
    expect(failed).toHaveTextContent('Failed');
    expect(failed).toHaveTextContent('Will be retried on the next run.');
    expect(failed).toHaveTextContent('SMTP 550: mailbox unavailable');
    expect(sent).toHaveTextContent('Backstage notification');
    expect(sent).toHaveTextContent('group:default/tokyo-it');
    expect(sent).toHaveTextContent('Sent');
    expect(sent).toHaveTextContent('2027-01-30');
    expect(sent).not.toHaveTextContent('retried');
  });

  it('adds addresses with Enter or Add, refuses invalid and duplicate ones, and saves', async () => {
    const api = mockApi();
    const { user } = await renderReminders(api);
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    const input = screen.getByLabelText('Add an e-mail address');
    await user.type(input, 'not-an-address{Enter}');
    expect(
      screen.getByText('not-an-address is not a valid e-mail address.'),
    ).toBeInTheDocument();
    expect(emailChips()).toEqual(['it-admins@example.com']);

    await user.clear(input);
    await user.type(input, 'IT-Admins@example.com{Enter}');
    expect(
      screen.getByText('IT-Admins@example.com is already in the list.'),
    ).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'abm-owner@example.com');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(emailChips()).toEqual([
      'it-admins@example.com',
      'abm-owner@example.com',
    ]);
    expect(input).toHaveValue('');

    await user.type(input, 'a@example.com, b@example.com{Enter}');
    expect(emailChips()).toHaveLength(4);

    await user.click(screen.getByLabelText('Remove it-admins@example.com'));
    expect(emailChips()).toEqual([
      'abm-owner@example.com',
      'a@example.com',
      'b@example.com',
    ]);

    await user.click(save);
    await waitFor(() =>
      expect(api.updateReminders).toHaveBeenCalledWith('tok-1', {
        enabled: true,
        emails: ['abm-owner@example.com', 'a@example.com', 'b@example.com'],
      }),
    );
    expect(
      await screen.findByText('Reminder settings saved.'),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
  });

  it('saves an address that was typed but not added, and turning reminders off', async () => {
    const api = mockApi();
    const { user } = await renderReminders(api);

    await user.click(
      screen.getByRole('checkbox', { name: 'Send renewal reminders' }),
    );
    await user.type(
      screen.getByLabelText('Add an e-mail address'),
      'helpdesk@example.com',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateReminders).toHaveBeenCalledWith('tok-1', {
        enabled: false,
        emails: ['it-admins@example.com', 'helpdesk@example.com'],
      }),
    );
  });

  it("shows the server's message when it refuses the settings", async () => {
    const api = mockApi();
    api.updateReminders.mockRejectedValue(
      await responseError(
        400,
        'emails[0]: "ops@localhost" is not a valid e-mail address',
      ),
    );
    const { user } = await renderReminders(api);

    await user.click(
      screen.getByRole('checkbox', { name: 'Send renewal reminders' }),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        'The reminder settings were not saved: emails[0]: "ops@localhost" is not a valid e-mail address',
      ),
    ).toBeInTheDocument();
    // Nothing is lost: the change is still there to fix and save again.
    expect(
      screen.getByRole('checkbox', { name: 'Send renewal reminders' }),
    ).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(
      screen.getByRole('checkbox', { name: 'Send renewal reminders' }),
    ).toBeChecked();
  });

  it('shows the settings read-only to who may not update the token', async () => {
    await renderReminders(mockApi(), { canEdit: false });

    expect(screen.getByText('Reminders are on')).toBeInTheDocument();
    expect(emailChips()).toEqual(['it-admins@example.com']);
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Add an e-mail address')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(
      screen.queryByLabelText('Remove it-admins@example.com'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('You can see these settings but not change them.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No reminder has been sent for the current expiry date yet.',
      ),
    ).toBeInTheDocument();
  });

  it('says that only the owner group is notified without addresses', async () => {
    await renderReminders(mockApi(makeReminderState({ emails: [] })));
    expect(
      screen.getByText(
        'No e-mail addresses: only the owner group is notified.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the server's message when the settings cannot be loaded", async () => {
    await renderInTestApp(
      <TokenReminders tokenId="tok-1" expiresAt="2027-03-01" canEdit />,
      {
        apis: [
          [
            vppApiRef,
            mockApi(await responseError(503, 'The database is not reachable.')),
          ],
        ],
      },
    );
    expect(
      await screen.findByText(/The database is not reachable\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The reminder settings could not be loaded/),
    ).toBeInTheDocument();
  });
});
