import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  groupEntities,
  makeToken,
  responseError,
  testRoutes,
  tokenFile,
  tokenFileText,
} from '../../testing/fixtures';
import { RegisterTokenDialog } from './RegisterTokenDialog';

jest.setTimeout(30_000);

async function renderDialog(
  registerToken: jest.Mock,
  api: Record<string, jest.Mock> = {},
) {
  const onRegistered = jest.fn();
  const user = userEvent.setup({ applyAccept: false });
  await renderInTestApp(
    <RegisterTokenDialog
      open
      onClose={jest.fn()}
      onRegistered={onRegistered}
    />,
    {
      apis: [
        [vppApiRef, { registerToken, ...api }],
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    },
  );
  return { user, onRegistered };
}

async function chooseFile(
  user: ReturnType<typeof userEvent.setup>,
  file: File,
) {
  await user.upload(screen.getByTestId('vpp-token-file-input'), file);
  await screen.findByText(`File: ${file.name}`);
}

async function chooseOwner(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('option', { name: 'Tokyo IT' });
  await user.selectOptions(
    screen.getByLabelText(/Owner group/),
    'group:default/tokyo-it',
  );
}

describe('RegisterTokenDialog', () => {
  it('registers a token and names the location and the new expiry', async () => {
    const registerToken = jest.fn().mockResolvedValue(
      makeToken({
        locationName: 'Tokyo Head Office',
        expiresAt: '2027-03-01T09:00:00Z',
      }),
    );
    const { user, onRegistered } = await renderDialog(registerToken);

    expect(
      screen.getByText(
        'Record the Apple Account used to download the token and the download date',
      ),
    ).toBeInTheDocument();

    const file = tokenFile();
    await chooseFile(user, file);
    // A well-formed file gets no warning, only what it says about itself.
    expect(screen.queryByTestId('vpp-token-file-hint')).not.toBeInTheDocument();
    expect(
      screen.getByText('Organisation Example Corp, expires 2027-03-01'),
    ).toBeInTheDocument();

    await chooseOwner(user);
    await user.click(screen.getByLabelText('Display name'));
    await user.paste('Tokyo HQ');
    await user.click(screen.getByLabelText('Notes'));
    await user.paste('abm-admin@example.com, 2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(
      await screen.findByText(
        'Registered the token for Tokyo Head Office. It expires on 2027-03-01.',
      ),
    ).toBeInTheDocument();
    expect(registerToken).toHaveBeenCalledTimes(1);
    expect(registerToken).toHaveBeenCalledWith({
      tokenFile: tokenFileText(),
      owner: 'group:default/tokyo-it',
      displayName: 'Tokyo HQ',
      notes: 'abm-admin@example.com, 2026-03-01',
    });
    expect(onRegistered).toHaveBeenCalled();
  });

  it('greys out the groups the user may not register for, saying why', async () => {
    const getRegistrableOwners = jest
      .fn()
      .mockResolvedValue({ owners: ['group:default/tokyo-it'] });
    await renderDialog(jest.fn(), { getRegistrableOwners });

    const osaka = await screen.findByRole('option', {
      name: 'Osaka IT — not your group',
    });
    expect(osaka).toBeDisabled();
    expect(osaka).toHaveAttribute(
      'title',
      'You can register tokens only for groups you belong to; ask an administrator for another group.',
    );
    expect(screen.getByRole('option', { name: 'Tokyo IT' })).toBeEnabled();
    expect(
      screen.getByText(
        'You can register tokens only for groups you belong to; ask an administrator for another group.',
      ),
    ).toBeInTheDocument();
    expect(getRegistrableOwners).toHaveBeenCalledWith(
      expect.arrayContaining([
        'group:default/tokyo-it',
        'group:default/osaka-it',
      ]),
    );
  });

  it("shows the server's 400 message verbatim and offers no take-over", async () => {
    const message =
      'The file is not a content token: its content is not Base64. Download the .vpptoken file again from Apple Business Manager.';
    const registerToken = jest
      .fn()
      .mockRejectedValue(await responseError(400, message));
    const { user } = await renderDialog(registerToken);

    await chooseFile(user, tokenFile());
    await chooseOwner(user);
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(await screen.findByTestId('vpp-register-error')).toHaveTextContent(
      message,
    );
    expect(screen.getByTestId('vpp-register-error').textContent).toBe(message);
    expect(
      screen.queryByLabelText('Take over from another MDM'),
    ).not.toBeInTheDocument();
  });

  it('on "managed by" asks to confirm the take-over and re-submits with takeOver', async () => {
    const message =
      'The location Tokyo Head Office is managed by Jamf Pro. Take it over only if this Backstage should manage it from now on.';
    const registerToken = jest
      .fn()
      .mockRejectedValueOnce(await responseError(409, message))
      .mockResolvedValueOnce(makeToken());
    const { user } = await renderDialog(registerToken);

    await chooseFile(user, tokenFile());
    await chooseOwner(user);
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    const takeOver = screen.getByLabelText('Take over from another MDM');
    expect(takeOver).not.toBeChecked();
    // Nothing is re-sent until the user explicitly ticks the take-over.
    expect(screen.getByRole('button', { name: 'Register' })).toBeDisabled();

    await user.click(takeOver);
    await user.click(
      screen.getByRole('button', { name: 'Take over and register' }),
    );

    await screen.findByTestId('vpp-register-success');
    expect(registerToken).toHaveBeenCalledTimes(2);
    expect(registerToken.mock.calls[0][0]).not.toHaveProperty('takeOver');
    expect(registerToken.mock.calls[1][0]).toEqual(
      expect.objectContaining({
        takeOver: true,
        owner: 'group:default/tokyo-it',
      }),
    );
  });

  it('a 409 that is not about another MDM does not offer a take-over', async () => {
    const message =
      'The location Tokyo Head Office is already registered as token Tokyo HQ (owner group:default/tokyo-it).';
    const registerToken = jest
      .fn()
      .mockRejectedValue(await responseError(409, message));
    const { user } = await renderDialog(registerToken);

    await chooseFile(user, tokenFile());
    await chooseOwner(user);
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(
      screen.queryByLabelText('Take over from another MDM'),
    ).not.toBeInTheDocument();
  });

  it('hints at an obviously wrong file but still lets the server decide', async () => {
    const registerToken = jest
      .fn()
      .mockRejectedValue(
        await responseError(400, 'The file is not a .vpptoken file.'),
      );
    const { user } = await renderDialog(registerToken);

    await chooseFile(
      user,
      new File(['%PDF-1.7 not a token'], 'invoice.pdf', {
        type: 'application/pdf',
      }),
    );
    expect(screen.getByTestId('vpp-token-file-hint')).toHaveTextContent(
      'The file name does not end in .vpptoken.',
    );
    expect(screen.getByTestId('vpp-token-file-hint')).toHaveTextContent(
      'it is not Base64 text',
    );

    await chooseOwner(user);
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(
      await screen.findByText('The file is not a .vpptoken file.'),
    ).toBeInTheDocument();
    expect(registerToken).toHaveBeenCalledTimes(1);
  });

  it('asks for the file and the owner before calling the backend', async () => {
    const registerToken = jest.fn();
    const { user } = await renderDialog(registerToken);

    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(
      screen.getByText('Choose the .vpptoken file first.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Choose the owner group.')).toBeInTheDocument();
    await waitFor(() => expect(registerToken).not.toHaveBeenCalled());
  });
});
