import {
  AppleVppErrorKind,
  TOKEN_UNUSABLE_ERROR_NUMBERS,
  classifyAppleError,
} from './errors';

/** Languages the catalogue is written in. */
export type AppleErrorLocale = 'en' | 'ja';

interface LocalizedText {
  /** What happened, in plain language. */
  message: string;
  /** What the person should do next. */
  action: string;
}

export interface AppleErrorCatalogueEntry {
  /** Where the number comes from: the v2 synchronous table, the v2 asynchronous table, or legacy. */
  source: 'v2' | 'v2-async' | 'legacy';
  en: LocalizedText;
  ja: LocalizedText;
}

const ABM_PATH_EN =
  'Apple Business Manager (or Apple School Manager) under Preferences → Payments and Billing → Apps and Books';
const ABM_PATH_JA =
  'Apple Business Manager(または Apple School Manager)の「環境設定」→「お支払いと請求」→「App とブック」';

const NEW_TOKEN_EN = `Download a new content token in ${ABM_PATH_EN}, and renew the token here with the new file.`;
const NEW_TOKEN_JA = `${ABM_PATH_JA}で新しいコンテンツトークンをダウンロードし、ここでそのファイルを使ってトークンを更新してください。`;

const RETRY_LATER_EN =
  'Nothing needs to change on your side. Try again in a few minutes; if it keeps happening, check Apple System Status and contact support.';
const RETRY_LATER_JA =
  'こちらで変更する必要はありません。数分後にもう一度お試しください。繰り返し発生する場合は、Apple のシステム状況を確認し、サポートに連絡してください。';

const REPORT_BUG_EN =
  'This usually points to a problem in this software rather than in your data. Try again; if it happens again, report it to your administrator with the time and the error number.';
const REPORT_BUG_JA =
  '通常、データではなくこのソフトウェア側の問題です。もう一度お試しいただき、再発する場合は発生時刻とエラー番号を添えて管理者に報告してください。';

/**
 * Plain-language explanation and next step for every error number Apple documents for the
 * Apps and Books API (v2 synchronous and asynchronous errors, and legacy numbers still seen in
 * practice, including 9610 from devices).
 */
export const APPLE_ERROR_CATALOGUE: Readonly<
  Record<number, AppleErrorCatalogueEntry>
> = {
  9600: {
    source: 'legacy',
    en: {
      message:
        'Apple rejected the request because a required value was missing.',
      action: REPORT_BUG_EN,
    },
    ja: {
      message: '必要な値が不足していたため、Apple がリクエストを拒否しました。',
      action: REPORT_BUG_JA,
    },
  },
  9601: {
    source: 'v2',
    en: {
      message:
        'Apple did not accept the content token ("login required"). The token is missing, damaged or no longer valid.',
      action: NEW_TOKEN_EN,
    },
    ja: {
      message:
        'Apple がコンテンツトークンを受け付けませんでした(ログインが必要)。トークンが無いか、壊れているか、すでに無効になっています。',
      action: NEW_TOKEN_JA,
    },
  },
  9602: {
    source: 'v2',
    en: {
      message:
        'Apple rejected the request because one of its values is invalid.',
      action:
        'Check the apps, serial numbers or users in the request (for example an app this location does not own). If the request looks right, report it to your administrator.',
    },
    ja: {
      message: 'リクエストに含まれる値が無効なため、Apple が拒否しました。',
      action:
        'リクエスト内の App、シリアル番号、ユーザ(このロケーションが所有していない App など)を確認してください。問題がなさそうな場合は管理者に報告してください。',
    },
  },
  9603: {
    source: 'v2-async',
    en: {
      message: 'Apple had an internal error while processing the request.',
      action: RETRY_LATER_EN,
    },
    ja: {
      message: 'Apple 側でリクエストの処理中に内部エラーが発生しました。',
      action: RETRY_LATER_JA,
    },
  },
  9604: {
    source: 'legacy',
    en: {
      message: 'Apple found no result for the request.',
      action:
        'Check that the item still exists in this location, then sync the token again.',
    },
    ja: {
      message: 'リクエストに該当する結果が Apple で見つかりませんでした。',
      action:
        '対象がこのロケーションにまだ存在するか確認してから、トークンを再同期してください。',
    },
  },
  9607: {
    source: 'legacy',
    en: {
      message: 'This license cannot be revoked.',
      action:
        'Leave the license assigned. Licenses for some content (for example books) can never be taken back.',
    },
    ja: {
      message: 'このライセンスは取り消すことができません。',
      action:
        'ライセンスは割り当てたままにしてください。一部のコンテンツ(ブックなど)のライセンスは回収できません。',
    },
  },
  9609: {
    source: 'v2-async',
    en: {
      message: 'Apple could not find the registered user named in the request.',
      action:
        'Sync the token to refresh the user list. If the user was retired or never created, create the user again before assigning licenses.',
    },
    ja: {
      message:
        'リクエストで指定された登録ユーザが Apple で見つかりませんでした。',
      action:
        'トークンを同期してユーザ一覧を更新してください。ユーザが廃止済みまたは未作成の場合は、ライセンスを割り当てる前にユーザを作成し直してください。',
    },
  },
  9610: {
    source: 'legacy',
    en: {
      message:
        'No license for this app is assigned to the device or user. This often happens when the app is installed before Apple has finished assigning the license, or when another device-management service uses the same token.',
      action:
        'Wait until the license assignment has completed, then install again. If it keeps failing, check that licenses are available and that no other device-management service manages this location.',
    },
    ja: {
      message:
        'この App のライセンスがデバイスまたはユーザに割り当てられていません。Apple によるライセンス割り当てが完了する前にインストールした場合や、同じトークンを別のデバイス管理サービスが使っている場合によく発生します。',
      action:
        'ライセンスの割り当てが完了するまで待ってから、もう一度インストールしてください。失敗が続く場合は、ライセンスの空きがあるか、このロケーションを他のデバイス管理サービスが管理していないか確認してください。',
    },
  },
  9616: {
    source: 'legacy',
    en: {
      message: 'The license is already assigned.',
      action:
        'No action is needed for this device or user. Sync the token so the list shows the current assignments.',
    },
    ja: {
      message: 'このライセンスはすでに割り当てられています。',
      action:
        'このデバイスまたはユーザについて対応は不要です。トークンを同期して、最新の割り当てを表示してください。',
    },
  },
  9619: {
    source: 'legacy',
    en: {
      message:
        'The license is not assigned to this device or user, so it cannot be removed.',
      action:
        'No action is needed. Sync the token so the list shows the current assignments.',
    },
    ja: {
      message:
        'このライセンスはデバイスまたはユーザに割り当てられていないため、解除できません。',
      action:
        '対応は不要です。トークンを同期して、最新の割り当てを表示してください。',
    },
  },
  9621: {
    source: 'v2',
    en: {
      message: 'The content token has expired.',
      action: `Download a new one in ${ABM_PATH_EN}, and renew it here.`,
    },
    ja: {
      message: 'コンテンツトークンの有効期限が切れています。',
      action: `${ABM_PATH_JA}で新しいトークンをダウンロードし、ここで更新してください。`,
    },
  },
  9622: {
    source: 'legacy',
    en: {
      message:
        'Apple does not recognise this content token. The file may be damaged, edited, or not a content token at all.',
      action: NEW_TOKEN_EN,
    },
    ja: {
      message:
        'Apple がこのコンテンツトークンを認識できません。ファイルが破損または編集されているか、コンテンツトークンではない可能性があります。',
      action: NEW_TOKEN_JA,
    },
  },
  9624: {
    source: 'legacy',
    en: {
      message: 'The license was refunded and can no longer be used.',
      action:
        'Buy more licenses for this app in Apple Business Manager if you still need it, then sync the token.',
    },
    ja: {
      message: 'このライセンスは返金済みのため、使用できなくなりました。',
      action:
        '引き続き必要な場合は Apple Business Manager でこの App のライセンスを追加購入し、トークンを同期してください。',
    },
  },
  9625: {
    source: 'v2',
    en: {
      message:
        'Apple has revoked this content token. This happens for example when a newer token was downloaded for the same location or the account that downloaded it changed its password.',
      action: NEW_TOKEN_EN,
    },
    ja: {
      message:
        'Apple がこのコンテンツトークンを失効させました。同じロケーションの新しいトークンがダウンロードされた場合や、ダウンロードしたアカウントのパスワードが変更された場合などに起こります。',
      action: NEW_TOKEN_JA,
    },
  },
  9626: {
    source: 'legacy',
    en: {
      message: 'The license is assigned to a different user.',
      action:
        'Remove the license from the other user first, or assign another license, then try again.',
    },
    ja: {
      message: 'このライセンスは別のユーザに割り当てられています。',
      action:
        '先に別のユーザからライセンスを解除するか、別のライセンスを割り当ててから、もう一度お試しください。',
    },
  },
  9628: {
    source: 'legacy',
    en: {
      message: 'This app or book cannot be assigned to devices.',
      action:
        'Assign it to users instead, or choose content that supports device assignment.',
    },
    ja: {
      message: 'この App またはブックはデバイスに割り当てることができません。',
      action:
        '代わりにユーザに割り当てるか、デバイス割り当てに対応したコンテンツを選んでください。',
    },
  },
  9630: {
    source: 'legacy',
    en: {
      message:
        'Apple is temporarily blocking this request because the same request was sent too often in a short time.',
      action:
        'Do not repeat the request right away. Sync the token, check the current assignments, and try again after several minutes.',
    },
    ja: {
      message:
        '同じリクエストが短時間に何度も送信されたため、Apple が一時的にこのリクエストをブロックしています。',
      action:
        'すぐに再実行しないでください。トークンを同期して現在の割り当てを確認し、数分以上経ってから再度お試しください。',
    },
  },
  9631: {
    source: 'legacy',
    en: {
      message:
        'Apple is temporarily blocking this request because it recently failed several times for licenses that were already assigned.',
      action:
        'Do not repeat the request right away. Sync the token to see which licenses are already assigned, and try again after several minutes with only the missing ones.',
    },
    ja: {
      message:
        'すでに割り当て済みのライセンスに対する失敗が直近で何度も発生したため、Apple が一時的にこのリクエストをブロックしています。',
      action:
        'すぐに再実行しないでください。トークンを同期して割り当て済みのライセンスを確認し、数分以上経ってから未割り当ての分だけで再度お試しください。',
    },
  },
  9632: {
    source: 'legacy',
    en: {
      message:
        'Apple is temporarily blocking this request because it recently failed several times for licenses that were not assigned.',
      action:
        'Do not repeat the request right away. Sync the token to see the current assignments, and try again after several minutes with only licenses that are actually assigned.',
    },
    ja: {
      message:
        '割り当てられていないライセンスに対する失敗が直近で何度も発生したため、Apple が一時的にこのリクエストをブロックしています。',
      action:
        'すぐに再実行しないでください。トークンを同期して現在の割り当てを確認し、数分以上経ってから実際に割り当てられているライセンスだけで再度お試しください。',
    },
  },
  9634: {
    source: 'v2',
    en: {
      message: 'Apple no longer offers this service.',
      action:
        'Update this software to a version that uses the current Apple interface, or contact your administrator.',
    },
    ja: {
      message: 'Apple はこのサービスの提供を終了しています。',
      action:
        '現在の Apple インターフェースに対応したバージョンにこのソフトウェアを更新するか、管理者に連絡してください。',
    },
  },
  9643: {
    source: 'legacy',
    en: {
      message:
        'The license is locked because a transfer between locations is in progress.',
      action:
        'Wait for the transfer in Apple Business Manager to finish, then sync the token and try again.',
    },
    ja: {
      message:
        'ロケーション間の移管が処理中のため、ライセンスがロックされています。',
      action:
        'Apple Business Manager での移管が完了するまで待ってから、トークンを同期して再度お試しください。',
    },
  },
  9644: {
    source: 'legacy',
    en: {
      message: "Apple's service is in maintenance mode.",
      action: 'Try again later; no change is needed on your side.',
    },
    ja: {
      message: 'Apple のサービスはメンテナンス中です。',
      action:
        'しばらくしてから再度お試しください。こちらで変更する必要はありません。',
    },
  },
  9646: {
    source: 'v2',
    en: {
      message:
        'Apple received too many requests for this organization in a short time.',
      action:
        'The request is retried automatically with increasing pauses. If it keeps happening, make sure no other service is using the same content token.',
    },
    ja: {
      message:
        'この組織に対するリクエストが短時間に多すぎると Apple が判断しました。',
      action:
        'リクエストは間隔を空けながら自動的に再試行されます。繰り返し発生する場合は、同じコンテンツトークンを他のサービスが使っていないか確認してください。',
    },
  },
  9650: {
    source: 'v2',
    en: {
      message:
        'The requested page does not exist. The data probably changed while it was being read.',
      action: 'Run the sync again.',
    },
    ja: {
      message:
        '要求したページが存在しません。読み込み中にデータが変更された可能性があります。',
      action: 'もう一度同期してください。',
    },
  },
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
  9701: {
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
  },
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
  9704: {
    source: 'v2',
    en: {
      message: 'The same user appears more than once in the request.',
      action: `List each user only once. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'リクエスト内に同じユーザが複数回含まれています。',
      action: `各ユーザは 1 回だけ指定してください。${REPORT_BUG_JA}`,
    },
  },
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
  9714: {
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
  },
  9715: {
    source: 'v2',
    en: {
      message: 'The same user appears more than once in the request.',
      action: `List each user only once. ${REPORT_BUG_EN}`,
    },
    ja: {
      message: 'リクエスト内に同じユーザが複数回含まれています。',
      action: `各ユーザは 1 回だけ指定してください。${REPORT_BUG_JA}`,
    },
  },
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

export interface AppleErrorExplanation {
  errorNumber: number;
  /** False when Apple sent a number this catalogue does not (yet) describe. */
  known: boolean;
  kind: AppleVppErrorKind;
  /** True for 9601/9621/9622/9625/9722: the token must be replaced. */
  tokenUnusable: boolean;
  message: string;
  action: string;
  /** `message` and `action` joined, ready to show. */
  text: string;
}

const UNKNOWN: Record<AppleErrorLocale, (n: number) => LocalizedText> = {
  en: n => ({
    message: `Apple reported error ${n}, which this software does not know yet.`,
    action:
      'Try again later. If it keeps happening, report it to your administrator with the time and the error number.',
  }),
  ja: n => ({
    message: `Apple からエラー ${n} が返されましたが、このソフトウェアではまだ説明を用意していません。`,
    action:
      'しばらくしてから再度お試しください。繰り返し発生する場合は、発生時刻とエラー番号を添えて管理者に報告してください。',
  }),
};

/** Plain-language explanation and next step for an Apple error number, in English or Japanese. */
export function explainAppleError(
  errorNumber: number,
  locale: AppleErrorLocale = 'en',
): AppleErrorExplanation {
  const lang: AppleErrorLocale = locale === 'ja' ? 'ja' : 'en';
  const entry = APPLE_ERROR_CATALOGUE[errorNumber];
  const text = entry ? entry[lang] : UNKNOWN[lang](errorNumber);
  const kind = classifyAppleError(errorNumber, undefined);
  const separator = lang === 'ja' ? '' : ' ';
  return {
    errorNumber,
    known: entry !== undefined,
    kind,
    tokenUnusable: TOKEN_UNUSABLE_ERROR_NUMBERS.has(errorNumber),
    message: text.message,
    action: text.action,
    text: `${text.message}${separator}${text.action}`,
  };
}
