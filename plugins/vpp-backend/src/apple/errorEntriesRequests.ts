import {
  AppleErrorCatalogueEntry,
  NEW_TOKEN_EN,
  NEW_TOKEN_JA,
  REPORT_BUG_EN,
  REPORT_BUG_JA,
} from './errorCatalogueText';

/** Too many users in one request: 9701 in license requests, 9714 in user requests. */
const TOO_MANY_USERS: AppleErrorCatalogueEntry = {
  source: 'v2',
  en: {
    message: 'The request named more users than Apple allows in one request.',
    action: `Send fewer users per request (this software normally splits requests for you). ${REPORT_BUG_EN}`,
  },
  ja: {
    message:
      '1 回のリクエストで Apple が許可する数より多くのユーザが指定されました。',
    action: `1 回あたりのユーザ数を減らしてください(通常はこのソフトウェアが自動で分割します)。${REPORT_BUG_JA}`,
  },
};

/** The same user twice in one request: 9704 in license requests, 9715 in user requests. */
const DUPLICATE_USERS: AppleErrorCatalogueEntry = {
  source: 'v2',
  en: {
    message: 'The same user appears more than once in the request.',
    action: `List each user only once. ${REPORT_BUG_EN}`,
  },
  ja: {
    message: 'リクエスト内に同じユーザが複数回含まれています。',
    action: `各ユーザは 1 回だけ指定してください。${REPORT_BUG_JA}`,
  },
};

/**
 * Apple's v2 errors about the content of a request (97xx): limits, duplicates, assets,
 * notification settings, users and `mdmInfo`.
 */
export const REQUEST_ERROR_ENTRIES: Readonly<
  Record<number, AppleErrorCatalogueEntry>
> = {
  9700: {
    source: 'v2',
    en: {
      message:
        'The request named more apps or books than Apple allows in one request.',
      action: `Send fewer apps per request (this software normally splits requests for you). ${REPORT_BUG_EN}`,
    },
    ja: {
      message:
        '1 回のリクエストで Apple が許可する数より多くの App またはブックが指定されました。',
      action: `1 回あたりの App の数を減らしてください(通常はこのソフトウェアが自動で分割します)。${REPORT_BUG_JA}`,
    },
  },
  9701: TOO_MANY_USERS,
  9702: {
    source: 'v2',
    en: {
      message:
        'The request named more serial numbers than Apple allows in one request.',
      action: `Send fewer devices per request (this software normally splits requests for you). ${REPORT_BUG_EN}`,
    },
    ja: {
      message:
        '1 回のリクエストで Apple が許可する数より多くのシリアル番号が指定されました。',
      action: `1 回あたりのデバイス数を減らしてください(通常はこのソフトウェアが自動で分割します)。${REPORT_BUG_JA}`,
    },
  },
  9703: {
    source: 'v2',
    en: {
      message: 'The same app or book appears more than once in the request.',
      action: `List each app only once. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'リクエスト内に同じ App またはブックが複数回含まれています。',
      action: `各 App は 1 回だけ指定してください。${REPORT_BUG_JA}`,
    },
  },
  9704: DUPLICATE_USERS,
  9705: {
    source: 'v2',
    en: {
      message: 'The same serial number appears more than once in the request.',
      action: `List each device only once. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'リクエスト内に同じシリアル番号が複数回含まれています。',
      action: `各デバイスは 1 回だけ指定してください。${REPORT_BUG_JA}`,
    },
  },
  9706: {
    source: 'v2',
    en: {
      message:
        'Licenses for this app or book cannot be taken back (it is not revocable).',
      action:
        'Leave the license assigned. Only revocable content can be removed from devices or users.',
    },
    ja: {
      message:
        'この App またはブックのライセンスは回収できません(取り消し不可のコンテンツです)。',
      action:
        'ライセンスは割り当てたままにしてください。デバイスやユーザから解除できるのは取り消し可能なコンテンツだけです。',
    },
  },
  9707: {
    source: 'v2',
    en: {
      message:
        'This app or book cannot be assigned to devices (it is not device-assignable).',
      action:
        'Assign it to users instead. Apps bought as redemption codes and books can never be assigned to serial numbers.',
    },
    ja: {
      message:
        'この App またはブックはデバイスに割り当てられません(デバイス割り当てに非対応)。',
      action:
        '代わりにユーザに割り当ててください。引き換えコードとして購入した App やブックは、シリアル番号に割り当てることができません。',
    },
  },
  9708: {
    source: 'v2',
    en: {
      message: 'Apple does not know the event this status request refers to.',
      action:
        'The event may be too old or from another token. Sync the token to see the current assignments.',
    },
    ja: {
      message:
        'このステータス照会が参照するイベントを Apple が認識できません。',
      action:
        'イベントが古すぎるか、別のトークンのものである可能性があります。トークンを同期して現在の割り当てを確認してください。',
    },
  },
  9709: {
    source: 'v2-async',
    en: {
      message: 'There are not enough licenses available for this app or book.',
      action:
        'Buy more licenses in Apple Business Manager, or remove licenses that are no longer needed, then sync the token and try again.',
    },
    ja: {
      message: 'この App またはブックの利用可能なライセンスが不足しています。',
      action:
        'Apple Business Manager でライセンスを追加購入するか、不要になったライセンスを解除してから、トークンを同期して再度お試しください。',
    },
  },
  9710: {
    source: 'v2',
    en: {
      message:
        'The notification URL and its authentication token must be set together.',
      action: 'Enter both the notification URL and the token, or neither.',
    },
    ja: {
      message: '通知 URL とその認証トークンは同時に設定する必要があります。',
      action:
        '通知 URL とトークンの両方を入力するか、どちらも入力しないでください。',
    },
  },
  9711: {
    source: 'v2',
    en: {
      message: 'The notification URL or its authentication token is too long.',
      action:
        'Use a shorter URL or token (Apple allows at most the length given in its service configuration, usually 512 characters).',
    },
    ja: {
      message: '通知 URL またはその認証トークンが長すぎます。',
      action:
        'より短い URL またはトークンを使ってください(上限は Apple のサービス設定で指定され、通常は 512 文字です)。',
    },
  },
  9712: {
    source: 'v2',
    en: {
      message: 'The notification URL is not a valid HTTPS URL.',
      action:
        'Use an address that starts with https:// and is reachable from the internet.',
    },
    ja: {
      message: '通知 URL が有効な HTTPS の URL ではありません。',
      action:
        'https:// で始まり、インターネットから到達できるアドレスを指定してください。',
    },
  },
  9713: {
    source: 'v2',
    en: {
      message: 'The device-management metadata (mdmInfo.metadata) is too long.',
      action: `Use shorter metadata. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'デバイス管理のメタデータ(mdmInfo.metadata)が長すぎます。',
      action: `メタデータを短くしてください。${REPORT_BUG_JA}`,
    },
  },
  9714: TOO_MANY_USERS,
  9715: DUPLICATE_USERS,
  9716: {
    source: 'v2-async',
    en: {
      message: 'A user with this client user ID already exists.',
      action:
        'Use the existing user (update it if needed) instead of creating it again, or choose a different client user ID.',
    },
    ja: {
      message: 'このクライアントユーザ ID のユーザはすでに存在します。',
      action:
        '新規作成せずに既存のユーザを使う(必要なら更新する)か、別のクライアントユーザ ID を指定してください。',
    },
  },
  9717: {
    source: 'v2',
    en: {
      message: 'An e-mail address in the request is not valid.',
      action: 'Correct the e-mail address of the user and try again.',
    },
    ja: {
      message: 'リクエスト内のメールアドレスが無効です。',
      action: 'ユーザのメールアドレスを修正して、再度お試しください。',
    },
  },
  9718: {
    source: 'v2',
    en: {
      message: 'The request did not name any app or book.',
      action: 'Select at least one app or book and try again.',
    },
    ja: {
      message: 'リクエストに App またはブックが 1 つも指定されていません。',
      action: 'App またはブックを 1 つ以上選択して、再度お試しください。',
    },
  },
  9719: {
    source: 'v2',
    en: {
      message: 'The request named neither devices (serial numbers) nor users.',
      action: 'Select at least one device or user and try again.',
    },
    ja: {
      message:
        'リクエストにデバイス(シリアル番号)もユーザも指定されていません。',
      action: 'デバイスまたはユーザを 1 つ以上選択して、再度お試しください。',
    },
  },
  9720: {
    source: 'v2',
    en: {
      message: 'The request did not include any users.',
      action: 'Add at least one user and try again.',
    },
    ja: {
      message: 'リクエストにユーザが含まれていません。',
      action: 'ユーザを 1 人以上追加して、再度お試しください。',
    },
  },
  9721: {
    source: 'v2',
    en: {
      message:
        'The version marker from the previous sync is no longer valid, so only-the-changes sync is not possible.',
      action:
        'Run a full sync; it happens automatically on the next sync of this token.',
    },
    ja: {
      message:
        '前回の同期のバージョン情報が無効になっているため、差分同期ができません。',
      action:
        '完全同期を実行してください。このトークンの次回の同期で自動的に行われます。',
    },
  },
  9722: {
    source: 'v2',
    en: {
      message:
        'Apple could not read the content token sent with the request (malformed Authorization header).',
      action: `Check that the uploaded file is the unmodified .vpptoken file. ${NEW_TOKEN_EN}`,
    },
    ja: {
      message:
        'リクエストに付けたコンテンツトークンを Apple が読み取れませんでした(Authorization ヘッダの形式が不正)。',
      action: `アップロードしたファイルが未編集の .vpptoken ファイルか確認してください。${NEW_TOKEN_JA}`,
    },
  },
  9723: {
    source: 'v2',
    en: {
      message:
        'The device-management identity (mdmInfo) must include an id, a name and metadata.',
      action: REPORT_BUG_EN,
    },
    ja: {
      message:
        'デバイス管理の識別情報(mdmInfo)には id、name、metadata のすべてが必要です。',
      action: REPORT_BUG_JA,
    },
  },
  9724: {
    source: 'v2',
    en: {
      message: 'The device-management id (mdmInfo.id) is too long.',
      action: `Use a shorter id. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'デバイス管理の ID(mdmInfo.id)が長すぎます。',
      action: `より短い ID を使ってください。${REPORT_BUG_JA}`,
    },
  },
  9725: {
    source: 'v2',
    en: {
      message: 'The device-management name (mdmInfo.name) is too long.',
      action: `Use a shorter name. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'デバイス管理の名前(mdmInfo.name)が長すぎます。',
      action: `より短い名前を使ってください。${REPORT_BUG_JA}`,
    },
  },
  9726: {
    source: 'v2',
    en: {
      message: 'Apple does not support the HTTP method used for this request.',
      action: REPORT_BUG_EN,
    },
    ja: {
      message:
        'このリクエストで使われた HTTP メソッドに Apple は対応していません。',
      action: REPORT_BUG_JA,
    },
  },
  9727: {
    source: 'v2',
    en: {
      message:
        'Apple does not support the content type of this request (it must be JSON).',
      action: REPORT_BUG_EN,
    },
    ja: {
      message:
        'このリクエストのコンテンツタイプに Apple は対応していません(JSON である必要があります)。',
      action: REPORT_BUG_JA,
    },
  },
  9728: {
    source: 'v2',
    en: {
      message:
        'Apple could not deliver a test notification to the notification URL, so the setting was not saved.',
      action:
        'Make sure the URL is reachable from the internet over HTTPS with a valid certificate and answers with HTTP 2xx, then save again.',
    },
    ja: {
      message:
        'Apple が通知 URL にテスト通知を送信できなかったため、設定は保存されませんでした。',
      action:
        'URL が有効な証明書を使った HTTPS でインターネットから到達でき、HTTP 2xx を返すことを確認してから、もう一度保存してください。',
    },
  },
};
