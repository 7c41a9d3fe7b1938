import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { VppLicense } from '@internal/plugin-vpp-common';
import { formatDateTime } from './format';
import { useVppLinks } from './useVppLinks';

/** A license's app, linking to the app's install status over the devices. */
export function LicenseAppLink(props: { license: VppLicense }) {
  const { license } = props;
  const links = useVppLinks();
  return (
    <Link
      to={links.appInstallStatus({
        tokenId: license.tokenId,
        adamId: license.adamId,
      })}
    >
      {license.adamId}
    </Link>
  );
}

/** Who assigned a license, or a dash when nobody did through the portal. */
export function LicenseAssignedBy(props: { license: VppLicense }) {
  const { assignedBy } = props.license;
  return assignedBy ? (
    <EntityRefLink entityRef={assignedBy} defaultKind="user" />
  ) : (
    <>—</>
  );
}

/** When a license was assigned, or a dash when unknown. */
export function licenseAssignedAt(license: VppLicense): string {
  return formatDateTime(license.assignedAt) || '—';
}
