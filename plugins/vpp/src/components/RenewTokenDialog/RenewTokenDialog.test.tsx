import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RenewalCheck, RenewalPreview } from '@internal/plugin-vpp-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  makeToken,
  responseError,
  testRoutes,
  tokenFile,
  tokenFileText,
} from '../../testing/fixtures';
import { RenewTokenDialog } from './RenewTokenDialog';

jest.setTimeout(30_000);

const current = makeToken({
  id: 'tok-1',
  displayName: 'Tokyo HQ',
  locationName: 'Tokyo Head Office',
  expiresAt: '2026-07-13T00:00:00Z',
  daysLeft: 12,
  status: 'expiring',
});

const passing: RenewalCheck[] = [
  {
    id: 'registered',
    passed: true,
    message: 'Tokyo HQ is registered here.',
  },
  {
    id: 'later-expiry',
    passed: true,
    message: 'The new file expires on 2027-07-13, after 2026-07-13.',
  },
  {
    id: 'not-other-mdm',
    passed: true,
    message: 'No other MDM product manages Tokyo Head Office.',
  },
  {
    id: 'not-other-account',
    passed: true,
    message: 'Tokyo Head Office is not registered under another token.',
  },
  {
    id: 'location-exists',
    passed: true,
    message: 'Apple still knows Tokyo Head Office.',
  },
];

function preview(overrides: Partial<RenewalCheck>[] = []): RenewalPreview {
  const checks = passing.map(check => ({
    ...check,
    ...overrides.find(o => o.id === check.id),
  }));
  return {
    ok: checks.every(check => check.passed),
    checks,
    current,
    next: {
      expiresAt: '2027-07-13T00:00:00Z',
      locationName: 'Tokyo Head Office',
      claimedBy: checks.find(c => c.id === 'not-other-mdm')?.passed
        ? undefined
        : 'Jamf Pro',
    },
  };
}

async function renderDialog(vppApi: {
  previewRenewal: jest.Mock;
  renewToken?: jest.Mock;
}) {
  const onRenewed = jest.fn();
  const user = userEvent.setup();
  await renderInTestApp(
    <RenewTokenDialog
      token={current}
      open
      onClose={jest.fn()}
      onRenewed={onRenewed}
    />,
    {
      apis: [[vppApiRef, { renewToken: jest.fn(), ...vppApi }]],
      mountedRoutes: testRoutes,
    },
  );
  await user.upload(screen.getByTestId('vpp-token-file-input'), tokenFile());
  return { user, onRenewed };
}

function renewButton() {
  return screen.getByRole('button', { name: 'Renew' });
}

describe('RenewTokenDialog', () => {
  it('previews all five checks and blocks renewal when one fails', async () => {
    const previewRenewal = jest.fn().mockResolvedValue(
      preview([
        {
          id: 'later-expiry',
          passed: false,
          message:
            'The new file expires on 2026-05-01, which is not later than the current expiry 2026-07-13.',
        },
      ]),
    );
    const renewToken = jest.fn();
    await renderDialog({ previewRenewal, renewToken });

    await screen.findByTestId('vpp-renew-preview');
    expect(previewRenewal).toHaveBeenCalledWith('tok-1', {
      tokenFile: tokenFileText(),
    });

    const ids = [
      'registered',
      'later-expiry',
      'not-other-mdm',
      'not-other-account',
      'location-exists',
    ];
    for (const id of ids) {
      const item = screen.getByTestId(`vpp-renew-check-${id}`);
      const check = previewRenewal.mock.results[0]
        .value as Promise<RenewalPreview>;
      const { message, passed } = (await check).checks.find(c => c.id === id)!;
      expect(item).toHaveTextContent(message);
      expect(item).toHaveAttribute('data-passed', String(passed));
      expect(
        within(item).getByLabelText(passed ? 'Passed' : 'Failed'),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByText('The new file expires later than the current one'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('vpp-renew-expiry')).toHaveTextContent(
      '2026-07-13 → 2027-07-13',
    );
    expect(screen.getByText('No other MDM')).toBeInTheDocument();
    expect(
      screen.getByText('Renewal is not possible until every check passes.'),
    ).toBeInTheDocument();
    expect(renewButton()).toBeDisabled();
    expect(renewToken).not.toHaveBeenCalled();
  });

  it('renews when every check passes and shows the new expiry', async () => {
    const previewRenewal = jest.fn().mockResolvedValue(preview());
    const renewToken = jest.fn().mockResolvedValue(
      makeToken({
        ...current,
        expiresAt: '2027-07-13T00:00:00Z',
        daysLeft: 377,
        status: 'ok',
      }),
    );
    const { user, onRenewed } = await renderDialog({
      previewRenewal,
      renewToken,
    });

    await screen.findByTestId('vpp-renew-preview');
    expect(renewButton()).toBeEnabled();
    await user.click(renewButton());

    expect(
      await screen.findByText('Renewed. Tokyo HQ now expires on 2027-07-13.'),
    ).toBeInTheDocument();
    expect(renewToken).toHaveBeenCalledWith('tok-1', {
      tokenFile: tokenFileText(),
    });
    expect(onRenewed).toHaveBeenCalled();
  });

  it('allows renewal past another MDM only after ticking take-over', async () => {
    const previewRenewal = jest.fn().mockResolvedValue(
      preview([
        {
          id: 'not-other-mdm',
          passed: false,
          message: 'Tokyo Head Office is managed by Jamf Pro.',
        },
      ]),
    );
    const renewToken = jest.fn().mockResolvedValue(current);
    const { user } = await renderDialog({ previewRenewal, renewToken });

    await screen.findByTestId('vpp-renew-preview');
    expect(screen.getByText('Jamf Pro')).toBeInTheDocument();
    expect(renewButton()).toBeDisabled();

    await user.click(screen.getByLabelText('Take over from another MDM'));
    expect(renewButton()).toBeEnabled();
    await user.click(renewButton());

    await screen.findByTestId('vpp-renew-success');
    expect(renewToken).toHaveBeenCalledWith('tok-1', {
      tokenFile: tokenFileText(),
      takeOver: true,
    });
  });

  it("shows the server's message verbatim when the file cannot be checked", async () => {
    const message =
      'The file is not a content token: the key expDate is missing.';
    const previewRenewal = jest
      .fn()
      .mockRejectedValue(await responseError(400, message));
    await renderDialog({ previewRenewal });

    expect(
      await screen.findByTestId('vpp-renew-preview-error'),
    ).toHaveTextContent(message);
    expect(renewButton()).toBeDisabled();
  });

  it("shows the server's message verbatim when the renewal itself fails", async () => {
    const message =
      'Apple did not accept the new token for Tokyo Head Office (9621). Download it again.';
    const previewRenewal = jest.fn().mockResolvedValue(preview());
    const renewToken = jest
      .fn()
      .mockRejectedValue(await responseError(400, message));
    const { user } = await renderDialog({ previewRenewal, renewToken });

    await screen.findByTestId('vpp-renew-preview');
    await user.click(renewButton());
    expect(await screen.findByTestId('vpp-renew-error')).toHaveTextContent(
      message,
    );
  });
});
