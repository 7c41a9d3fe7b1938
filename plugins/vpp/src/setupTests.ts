import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; the CI machine (2 cores, the whole suite
// at once) is sometimes slower than that to render a page with its permission checks.
configure({ asyncUtilTimeout: 5000 });
