import {
  PageLayout,
  PageLayoutTab,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { RiAppleLine } from '@remixicon/react';
import { Route, Routes } from 'react-router-dom';
import { vppTranslationRef } from '../../translation';
import { AppInstallStatusPage } from '../AppInstallStatus';
import { DevicePage } from '../DevicePage';
import { DevicesPage } from '../DevicesPage';
import { DistributionPage } from '../DistributionPage';
import { DistributionsPage } from '../DistributionsPage';
import { useDistributionLinks } from '../DistributionsPage/useDistributionLinks';
import { LicensesPage } from '../LicensesPage';
import { SettingsPage } from '../SettingsPage';
import { useVppLinks } from '../shared/useVppLinks';
import { TokenPage } from '../TokenPage';
import { TokensPage } from '../TokensPage';

/**
 * The plugin's page (`/vpp`, "Apps and Books" / "App とブック"): the content tokens, one
 * token at `tokens/:tokenId`, the devices, the license ledger and the named settings,
 * with tabs between them. The header is drawn here (the page extension has none) so
 * that its title follows the viewer's language.
 */
export function VppPage() {
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();
  const distributionLinks = useDistributionLinks();
  const tabs: PageLayoutTab[] = [
    { id: 'tokens', label: t('nav.tokens'), href: links.root },
    { id: 'devices', label: t('nav.devices'), href: links.devices(undefined) },
    {
      id: 'distributions',
      label: t('distributions.nav'),
      href: distributionLinks.distributions(),
    },
    {
      id: 'licenses',
      label: t('nav.licenses'),
      href: links.licenses(undefined),
    },
    {
      id: 'settings',
      label: t('nav.settings'),
      href: links.settings(undefined),
    },
  ];
  return (
    <PageLayout
      title={t('nav.title')}
      icon={<RiAppleLine />}
      titleLink={links.root}
      tabs={tabs}
    >
      <Routes>
        <Route path="/" element={<TokensPage />} />
        <Route path="/tokens/:tokenId" element={<TokenPage />} />
        <Route
          path="/tokens/:tokenId/apps/:adamId"
          element={<AppInstallStatusPage />}
        />
        <Route path="/devices" element={<DevicesPage />} />
        <Route path="/devices/:deviceId" element={<DevicePage />} />
        <Route path="/distributions" element={<DistributionsPage />} />
        <Route
          path="/distributions/:distributionId"
          element={<DistributionPage />}
        />
        <Route path="/licenses" element={<LicensesPage />} />
        <Route path="/settings" element={<SettingsPage />} />
      </Routes>
    </PageLayout>
  );
}
