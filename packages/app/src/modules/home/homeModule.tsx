import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';
import { TokensAttention } from '@internal/plugin-vpp';

const about = `
This portal manages Apple's volume purchasing (**Apps and Books**) for Example Corp.

- **[Apps and Books](/vpp)** — the content tokens of each location, their expiry, and the
  apps and books each location bought with their license counts.
- **[Catalog](/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=apple-vpp-token)** —
  every token is a catalog resource with its expiry date, days left and status; filter
  them by status there.
- **[Create](/create)** — templates that register, renew or sync a token.

In development the simulator on port 7010 stands in for Apple and the MDM server, so
everything here works without an Apple account.
`;

/** What needs doing: content tokens that are expiring, expired or no longer accepted. */
const vppTokensWidget = HomePageWidgetBlueprint.make({
  name: 'vpp-tokens',
  params: {
    name: 'VppTokens',
    title: 'Content tokens needing attention',
    description:
      'Apps and Books content tokens that expire soon or need action',
    components: async () => ({ Content: () => <TokensAttention /> }),
  },
});

const aboutWidget = HomePageWidgetBlueprint.make({
  name: 'about',
  params: {
    name: 'AboutVpp',
    title: 'VPP for Backstage',
    description: 'What this portal does and where to find it',
    components: async () => ({
      Content: () => <MarkdownContent content={about} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [vppTokensWidget, aboutWidget],
});
