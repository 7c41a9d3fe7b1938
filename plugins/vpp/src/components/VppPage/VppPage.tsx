import { Route, Routes } from 'react-router-dom';
import { TokenPage } from '../TokenPage';
import { TokensPage } from '../TokensPage';

/**
 * The plugin's page (`/vpp`, "Apps and Books"): the content tokens, and one token at
 * `tokens/:tokenId` (see `tokenRouteRef`).
 */
export function VppPage() {
  return (
    <Routes>
      <Route path="/" element={<TokensPage />} />
      <Route path="/tokens/:tokenId" element={<TokenPage />} />
    </Routes>
  );
}
