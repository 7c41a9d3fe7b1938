import { DateTime } from 'luxon';
import { ReminderLanguage } from './reminderConfig';
import { daysLeft, renewalSteps } from './tokenStatus';

/** What a reminder says; nothing secret is ever part of it. */
export interface ReminderFacts {
  tokenId: string;
  displayName: string;
  locationName: string;
  orgName: string;
  owner: string;
  expiresAt: Date;
  thresholdDays: number;
  now: Date;
  /** Display name of the token this one shares licenses from, if any. */
  sharesFromName?: string;
}

export interface ReminderNotificationText {
  title: string;
  description: string;
}

export interface ReminderEmailContent {
  subject: string;
  text: string;
  html: string;
}

/** The texts of one reminder in one language. */
interface LocalizedReminder {
  title: string;
  /** Joins sentences: a space in English, nothing after Japanese full stops. */
  sentenceGap: string;
  headline: string;
  consequence?: string;
  shares?: string;
  facts: Array<[label: string, value: string]>;
  renewLabel: string;
  renewSteps: string;
  linkLabel: string;
  footer: string;
}

function expiryDay(expiresAt: Date): string {
  return DateTime.fromJSDate(expiresAt).toUTC().toFormat('yyyy-MM-dd');
}

function localize(
  facts: ReminderFacts,
  language: ReminderLanguage,
): LocalizedReminder {
  const day = expiryDay(facts.expiresAt);
  const expired = facts.expiresAt <= facts.now;
  const left = daysLeft(facts.expiresAt, facts.now);
  const name = facts.displayName;
  if (language === 'ja') {
    let title = `コンテンツトークン「${name}」の有効期限まであと ${left} 日です`;
    let headline = `Apple の App とブックのコンテンツトークン「${name}」の有効期限は ${day} です（あと ${left} 日）。`;
    if (expired) {
      title = `コンテンツトークン「${name}」の有効期限が切れました`;
      headline = `Apple の App とブックのコンテンツトークン「${name}」は ${day} に有効期限が切れました。`;
    } else if (left < 1) {
      title = `コンテンツトークン「${name}」の有効期限まで 1 日を切りました`;
      headline = `Apple の App とブックのコンテンツトークン「${name}」の有効期限は ${day} です（24 時間以内）。`;
    }
    return {
      title,
      sentenceGap: '',
      headline,
      consequence: expired
        ? '更新するまで、このトークンではライセンスの割り当て・取り消し、同期、新しい配布ができません。'
        : undefined,
      shares: facts.sharesFromName
        ? `このトークンは「${facts.sharesFromName}」のライセンスを共有しています。どちらかを更新すると、両方が更新されます。`
        : undefined,
      facts: [
        ['トークン', name],
        ['場所', facts.locationName],
        ['組織', facts.orgName],
        ['所有者', facts.owner],
        ['有効期限', `${day} (UTC)`],
        ['残り日数', expired ? '期限切れ' : `${left} 日`],
      ],
      renewLabel: '更新手順',
      renewSteps: `Apple Business Manager（または Apple School Manager）の「環境設定」→「お支払いと請求」→「Appとブック」で「${facts.locationName}」のコンテンツトークンをダウンロードし、新しいファイルでこのトークンを更新してください。`,
      linkLabel: 'トークンを開く',
      footer:
        'このメールは、VPP for Backstage でこのトークンのリマインダーの宛先にこのアドレスが登録されているため送信されています。',
    };
  }
  let title = `Content token "${name}" expires in ${left} day${
    left === 1 ? '' : 's'
  }`;
  let headline = `The Apple Apps and Books content token "${name}" expires on ${day}, in ${left} day${
    left === 1 ? '' : 's'
  }.`;
  if (expired) {
    title = `Content token "${name}" has expired`;
    headline = `The Apple Apps and Books content token "${name}" expired on ${day}.`;
  } else if (left < 1) {
    title = `Content token "${name}" expires within a day`;
    headline = `The Apple Apps and Books content token "${name}" expires on ${day}, within 24 hours.`;
  }
  return {
    title,
    sentenceGap: ' ',
    headline,
    consequence: expired
      ? 'Until it is renewed, no licenses can be assigned or revoked with it, nothing is synced and no new distribution can start.'
      : undefined,
    shares: facts.sharesFromName
      ? `It shares licenses from "${facts.sharesFromName}"; renewing either one renews both.`
      : undefined,
    facts: [
      ['Token', name],
      ['Location', facts.locationName],
      ['Organisation', facts.orgName],
      ['Owner', facts.owner],
      ['Expiry date', `${day} (UTC)`],
      ['Days left', expired ? 'expired' : String(left)],
    ],
    renewLabel: 'How to renew',
    renewSteps: renewalSteps(facts.locationName),
    linkLabel: 'Open the token',
    footer:
      "You receive this e-mail because this address is listed in the token's reminder settings in VPP for Backstage.",
  };
}

/** Path of the token page in the portal. */
export function tokenPagePath(tokenId: string): string {
  return `/vpp/tokens/${encodeURIComponent(tokenId)}`;
}

/** Title and description of the Backstage notification, in every configured language. */
export function reminderNotificationText(
  facts: ReminderFacts,
  languages: ReminderLanguage[],
): ReminderNotificationText {
  const texts = languages.map(language => localize(facts, language));
  return {
    title: texts.map(t => t.title).join(' / '),
    description: texts
      .map(t =>
        [t.headline, t.consequence, t.shares, t.renewSteps]
          .filter(Boolean)
          .join(t.sentenceGap),
      )
      .join('\n\n'),
  };
}

/** One e-mail holding every configured language, the first one's subject first. */
export function reminderEmailContent(
  facts: ReminderFacts,
  languages: ReminderLanguage[],
  appBaseUrl: string,
): ReminderEmailContent {
  const url = `${appBaseUrl}${tokenPagePath(facts.tokenId)}`;
  const texts = languages.map(language => ({
    language,
    ...localize(facts, language),
  }));
  const text = texts
    .map(t =>
      [
        t.headline,
        [t.consequence, t.shares].filter(Boolean).join(t.sentenceGap),
        t.facts.map(([label, value]) => `${label}: ${value}`).join('\n'),
        `${t.renewLabel}: ${t.renewSteps}`,
        `${t.linkLabel}: ${url}`,
        t.footer,
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    .join(`\n\n${'-'.repeat(40)}\n\n`);
  const paragraph = (value: string, style = '') =>
    `<p${style ? ` style="${style}"` : ''}>${escapeHtml(value)}</p>`;
  const section = (t: (typeof texts)[number]) =>
    [
      `<div lang="${t.language}">`,
      `<p><strong>${escapeHtml(t.headline)}</strong></p>`,
      ...[t.consequence, t.shares].filter(Boolean).map(p => paragraph(p!)),
      '<table cellpadding="4">',
      ...t.facts.map(
        ([label, value]) =>
          `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(
            value,
          )}</td></tr>`,
      ),
      '</table>',
      paragraph(`${t.renewLabel}: ${t.renewSteps}`),
      `<p><a href="${escapeHtml(url)}">${escapeHtml(t.linkLabel)}</a></p>`,
      paragraph(t.footer, 'color: #666; font-size: smaller'),
      '</div>',
    ].join('');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    texts.map(section).join('<hr>'),
    '</body></html>',
  ].join('');
  return {
    subject: texts
      .map(t => `${t.title} (${expiryDay(facts.expiresAt)})`)
      .join(' / '),
    text,
    html,
  };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
