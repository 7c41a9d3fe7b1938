import express, { Request, Router } from 'express';
import { artworkPng } from '../artwork';
import { SimulatorState } from '../state';
import { FixtureCatalogItem } from '../types';
import { originOf } from './http';

const IOS_DEVICES = [
  'iPhone5s-iPhone5s',
  'iPadAir-iPadAir',
  'iPhone12-iPhone12',
  'iPhone15-iPhone15',
  'iPadPro11M4-iPadPro11M4',
];
const MAC_DEVICE = 'MacDesktop-MacDesktop';

const CURRENCIES: Record<string, string> = {
  US: 'USD',
  JP: 'JPY',
  GB: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  CA: 'CAD',
  AU: 'AUD',
};

function listParam(req: Request, name: string): string[] {
  const value = req.query[name];
  const text = Array.isArray(value) ? value.join(',') : value;
  if (typeof text !== 'string') {
    return [];
  }
  return text
    .split(',')
    .map(item => item.trim())
    .filter(item => item !== '');
}

function countryParam(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' && /^[a-zA-Z]{2}$/.test(value)
    ? value.toUpperCase()
    : 'US';
}

function soldIn(item: FixtureCatalogItem, country: string): boolean {
  return !item.storefronts || item.storefronts.includes(country);
}

function localizedName(item: FixtureCatalogItem, country: string): string {
  return item.localizedNames?.[country] ?? item.name;
}

function priceOf(item: FixtureCatalogItem, country: string) {
  const price = item.price?.[country] ?? item.price?.default ?? 0;
  const currency = CURRENCIES[country] ?? 'USD';
  let formattedPrice: string;
  if (price === 0) {
    formattedPrice = country === 'JP' ? '無料' : 'Free';
  } else if (currency === 'JPY') {
    formattedPrice = `¥${price.toLocaleString('en-US')}`;
  } else {
    formattedPrice = `$${price.toFixed(2)}`;
  }
  return { price, currency, formattedPrice };
}

/** One result of the public iTunes lookup API. */
function toLookupResult(
  item: FixtureCatalogItem,
  country: string,
  origin: string,
): Record<string, unknown> {
  const artwork = (size: number) =>
    `${origin}/artwork/${item.adamId}.png?size=${size}`;
  const cc = country.toLowerCase();
  const isBook = item.kind === 'ebook';
  const { price, currency, formattedPrice } = priceOf(item, country);
  const result: Record<string, unknown> = {};
  if (!isBook) {
    result.wrapperType = 'software';
  }
  Object.assign(result, {
    kind: item.kind,
    trackId: Number(item.adamId),
    trackName: localizedName(item, country),
    artistName: item.sellerName,
    sellerName: item.sellerName,
    artworkUrl60: artwork(60),
    artworkUrl100: artwork(100),
  });
  if (!isBook) {
    result.artworkUrl512 = artwork(512);
    result.bundleId = item.bundleId;
    result.version = item.version;
    result.minimumOsVersion = item.minimumOsVersion;
    // Mac-only apps list no devices (Fleet maps an empty list to macOS).
    const devices: string[] = [];
    if (item.kind === 'software') {
      if (item.platforms.includes('iOS')) {
        devices.push(...IOS_DEVICES);
      }
      if (item.platforms.includes('macOS')) {
        devices.push(MAC_DEVICE);
      }
    }
    result.supportedDevices = devices;
    result.fileSizeBytes = String(item.fileSizeBytes ?? 48_000_000);
    result.currentVersionReleaseDate =
      item.releaseDate ?? '2025-01-15T08:00:00Z';
    result.trackViewUrl = `https://apps.apple.com/${cc}/app/id${item.adamId}`;
  } else {
    result.artworkUrl512 = artwork(512);
    result.trackViewUrl = `https://books.apple.com/${cc}/book/id${item.adamId}`;
  }
  Object.assign(result, {
    isVppDeviceBasedLicensingEnabled: isBook
      ? false
      : item.deviceBasedLicensing ?? true,
    price,
    currency,
    formattedPrice,
    releaseDate: item.releaseDate ?? '2024-04-01T07:00:00Z',
  });
  return result;
}

/** One result of Apple's legacy MDM content-metadata lookup (`urls.contentMetadataLookup`). */
function toContentMetadata(
  item: FixtureCatalogItem,
  country: string,
  origin: string,
): Record<string, unknown> {
  const deviceFamilies: string[] = [];
  if (item.kind !== 'mac-software' && item.platforms.includes('iOS')) {
    deviceFamilies.push('iphone', 'ipad', 'ipod');
  }
  if (item.platforms.includes('macOS')) {
    deviceFamilies.push('mac');
  }
  const kind = {
    software: 'iosSoftware',
    'mac-software': 'desktopApp',
    ebook: 'epubBook',
  }[item.kind];
  return {
    id: item.adamId,
    name: localizedName(item, country),
    artistName: item.sellerName,
    kind,
    bundleId: item.bundleId,
    deviceFamilies,
    minimumOSVersion: item.minimumOsVersion,
    isVppDeviceBasedLicensingEnabled:
      item.kind === 'ebook' ? false : item.deviceBasedLicensing ?? true,
    artwork: {
      url: `${origin}/artwork/${item.adamId}.png?size={w}`,
      width: 512,
      height: 512,
    },
    offers:
      item.kind === 'ebook'
        ? []
        : [
            {
              version: {
                display: item.version,
                externalId: Number(item.adamId.slice(-6)) * 10 + 7,
              },
            },
          ],
  };
}

/**
 * Stand-ins for Apple's store services: the public iTunes lookup (`/lookup`), app icons
 * (`/artwork/<adamId>.png`), the legacy MDM content-metadata lookup and the invitation link.
 */
export function createLookupRouter(state: SimulatorState): Router {
  const router = express.Router();

  router.get('/lookup', (req, res) => {
    const country = countryParam(req, 'country');
    const ids = listParam(req, 'id');
    const bundleIds = listParam(req, 'bundleId');
    const items: FixtureCatalogItem[] = [];
    for (const id of ids) {
      const item = state.catalog.get(id);
      if (item && soldIn(item, country)) {
        items.push(item);
      }
    }
    if (bundleIds.length > 0) {
      for (const item of state.catalog.values()) {
        if (
          item.bundleId &&
          bundleIds.includes(item.bundleId) &&
          soldIn(item, country) &&
          !items.includes(item)
        ) {
          items.push(item);
        }
      }
    }
    const origin = originOf(req);
    const results = items.map(item => toLookupResult(item, country, origin));
    // Apple's lookup answers with a JavaScript content type, not application/json.
    res
      .status(200)
      .type('text/javascript; charset=utf-8')
      .send(`${JSON.stringify({ resultCount: results.length, results })}\n`);
  });

  router.get('/artwork/:file', (req, res) => {
    const match = /^(\d+)\.png$/.exec(req.params.file);
    if (!match || !state.catalog.has(match[1])) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    const requested = Number(req.query.size ?? 512);
    const size = Number.isInteger(requested)
      ? Math.max(16, Math.min(1024, requested))
      : 512;
    res
      .status(200)
      .type('image/png')
      .set('Cache-Control', 'public, max-age=86400')
      .send(artworkPng(match[1], size));
  });

  router.get('/WebObjects/MZStorePlatform.woa/wa/lookup', (req, res) => {
    const country = countryParam(req, 'cc');
    const origin = originOf(req);
    const results: Record<string, unknown> = {};
    for (const id of listParam(req, 'id')) {
      const item = state.catalog.get(id);
      if (item && soldIn(item, country)) {
        results[id] = toContentMetadata(item, country, origin);
      }
    }
    res.json({
      results,
      version: 2,
      isAuthenticated: false,
      meta: {
        storefront: {
          cc: country,
          id: country === 'JP' ? '143462' : '143441',
        },
        language: { tag: country === 'JP' ? 'ja-jp' : 'en-us' },
      },
    });
  });

  // The link of `urls.invitationEmail`: opening it accepts the invitation.
  router.get(
    '/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount',
    (req, res) => {
      const inviteCode = req.query.inviteCode;
      if (typeof inviteCode !== 'string' || inviteCode === '') {
        res.status(400).type('text/plain').send('Missing inviteCode');
        return;
      }
      try {
        const { location, user } = state.associateUser({ inviteCode });
        res
          .status(200)
          .type('text/plain')
          .send(
            `Invitation accepted: ${user.clientUserId} joined ${location.name}\n`,
          );
      } catch {
        res.status(404).type('text/plain').send('Unknown invitation code');
      }
    },
  );

  return router;
}
