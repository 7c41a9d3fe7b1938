import { createApp } from '@backstage/frontend-defaults';
import { catalogWithTokenColumns } from './modules/catalog';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  features: [catalogWithTokenColumns, navModule, homeModule],
});
