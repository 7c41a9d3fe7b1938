import {
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VppTokenFileField } from './VppTokenFileField';

function ShowSecrets() {
  const { secrets } = useTemplateSecrets();
  return <pre data-testid="secrets">{JSON.stringify(secrets)}</pre>;
}

function renderField(onChange = jest.fn()) {
  const props = {
    formData: undefined,
    onChange,
    schema: { title: 'Token file' },
    uiSchema: {},
    idSchema: { $id: 'root_tokenFile' },
    rawErrors: [],
    required: true,
  } as any;
  render(
    <SecretsContextProvider>
      <VppTokenFileField {...props} />
      <ShowSecrets />
    </SecretsContextProvider>,
  );
  return onChange;
}

describe('VppTokenFileField', () => {
  it('puts the file content into the secrets and only the name into the form', async () => {
    const onChange = renderField();
    const file = new File(
      ['ZXlKMGIydGxiaUk2SW5naWZRPT0='],
      'sToken for Tokyo.vpptoken',
      {
        type: 'text/plain',
      },
    );
    await userEvent.upload(screen.getByTestId('vpp-token-file-input'), file);

    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith('sToken for Tokyo.vpptoken'),
    );
    expect(JSON.parse(screen.getByTestId('secrets').textContent!)).toEqual({
      tokenFile: 'ZXlKMGIydGxiaUk2SW5naWZRPT0=',
    });
    expect(onChange).not.toHaveBeenCalledWith(expect.stringContaining('ZXlK'));
  });

  it('refuses a file far too large to be a token', async () => {
    const onChange = renderField();
    const file = new File(['x'.repeat(70 * 1024)], 'huge.vpptoken');
    await userEvent.upload(screen.getByTestId('vpp-token-file-input'), file);

    expect(await screen.findByText(/70 KiB/)).toBeInTheDocument();
    expect(JSON.parse(screen.getByTestId('secrets').textContent!)).toEqual({});
    expect(onChange).not.toHaveBeenCalledWith('huge.vpptoken');
  });
});
