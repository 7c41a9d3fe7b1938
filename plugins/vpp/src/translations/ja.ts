import { jaDistributions } from './jaDistributions';
import { jaInstallSide } from './jaInstallSide';
import { jaScaffolderFields } from './jaScaffolderFields';

/**
 * Japanese UI text. Terms follow Apple Business Manager's Japanese UI (「環境設定」→
 * 「お支払いと請求」→「Appとブック」, 場所, コンテンツトークン) and the wording of the
 * Japanese manuals in the spec (備考 for notes).
 *
 * A plain object rather than `createTranslationMessages(...)` so that it does not import
 * the ref that lazily imports it; `createTranslationRef` still type-checks that every
 * English key has a Japanese text.
 */
const ja = {
  ...jaInstallSide,
  ...jaScaffolderFields,
  ...jaDistributions,
  'permissions.noRegister':
    'コンテンツトークンを登録する権限がありません（権限 vpp.token.create）。',
  'permissions.noUpdate':
    'このトークンを変更できるのは、所有グループと管理者だけです（権限 vpp.token.update）。',
  'permissions.noDelete':
    'このトークンを削除できるのは、所有グループと管理者だけです（権限 vpp.token.delete）。',
  'permissions.notYourGroup': '{{group}} — 所属していないグループ',
  'permissions.ownersHelper':
    'トークンを登録できるのは所属しているグループに対してだけです。他のグループについては管理者に依頼してください。',

  'history.title': '履歴',
  'history.description':
    'このトークンへのすべての変更を、実行者・日時・成否とともに表示します。',
  'history.columns.when': '日時',
  'history.columns.who': '実行者',
  'history.columns.what': '操作',
  'history.columns.outcome': '結果',
  'history.columns.details': '詳細',
  'history.actions.tokenRegister': '登録',
  'history.actions.tokenRenew': '更新',
  'history.actions.tokenUpdate': '編集',
  'history.actions.tokenShare': 'ライセンスを共有',
  'history.actions.tokenDelete': '削除',
  'history.actions.tokenSync': '同期を開始',
  'history.actions.tokenRemindersUpdate': 'リマインダーを変更',
  'history.outcome.succeeded': '成功',
  'history.outcome.failed': '失敗',
  'history.empty': 'まだ変更は記録されていません。',
  'history.loadError': '履歴を読み込めませんでした',

  'common.cancel': 'キャンセル',
  'common.close': '閉じる',
  'common.save': '保存',
  'common.unknownError': '問題が発生しました: {{message}}',

  'status.ok': '正常',
  'status.expiring': '期限間近',
  'status.expired': '期限切れ',
  'status.revoked': '失効',
  'status.invalid': '無効',
  'status.claimed-elsewhere': '他の MDM が管理中',

  'days.left_one': '残り {{count}} 日',
  'days.left_other': '残り {{count}} 日',
  'days.today': '本日で期限切れ',
  'days.expiredAgo_one': '{{count}} 日前に期限切れ',
  'days.expiredAgo_other': '{{count}} 日前に期限切れ',

  'health.title': 'VPP バックエンド',
  'health.status': '状態',
  'health.version': 'バージョン',
  'health.database': 'データベース',
  'health.appleApi': 'Apple API',
  'health.mode': 'モード',
  'health.simulator': 'シミュレーター（Apple ではありません）',
  'health.production': 'Apple 本番環境',
  'health.error': 'VPP バックエンドから応答がありません',

  'tokensPage.title': 'コンテンツトークン',
  'tokensPage.description':
    'Apple Business Manager の場所ごとに 1 つのコンテンツトークン（.vpptoken）があります。トークンの有効期限は 1 年です。期限が切れる前に更新してください。',
  'tokensPage.register': 'トークンを登録',
  'tokensPage.loadError': 'コンテンツトークンを読み込めませんでした',
  'tokensPage.emptyTitle': 'コンテンツトークンはまだありません',
  'tokensPage.emptyDescription':
    'Apple Business Manager で「環境設定」→「お支払いと請求」→「Appとブック」を開き、場所のトークンをダウンロードしてから、ここで登録してください。',
  'tokensPage.columns.name': '名前',
  'tokensPage.columns.location': '場所',
  'tokensPage.columns.owner': '所有者',
  'tokensPage.columns.expires': '有効期限',
  'tokensPage.columns.daysLeft': '残り日数',
  'tokensPage.columns.status': '状態',
  'tokensPage.columns.actions': '操作',
  'tokensPage.renew': '更新',
  'tokensPage.sharesFrom': '{{name}} のライセンスを共有',

  'file.choose': '.vpptoken ファイルを選択',
  'file.none': 'ファイルが選択されていません',
  'file.chosen': 'ファイル: {{name}}',
  'file.readError': 'ファイルを読み込めませんでした: {{message}}',
  'file.preview': '組織 {{orgName}}、有効期限 {{date}}',
  'file.hintSuffix': 'ファイルは送信時にサーバーで確認されます。',
  'file.hint.empty': 'ファイルが空です。',
  'file.hint.tooLarge':
    'ファイルが 64 KiB を超えています。.vpptoken ファイルはもっと小さいはずです。',
  'file.hint.extension': 'ファイル名が .vpptoken で終わっていません。',
  'file.hint.notBase64':
    '.vpptoken ファイルではないようです（Base64 のテキストではありません）。',
  'file.hint.notJson':
    '.vpptoken ファイルではないようです（デコードしてもトークンになりません）。',
  'file.hint.missingKeys':
    '.vpptoken ファイルではないようです（{{keys}} がありません）。',

  'groups.label': '所有グループ',
  'groups.helper': 'このトークンを担当するカタログのグループ',
  'groups.placeholder': 'グループを選択',
  'groups.loading': 'グループを読み込み中…',
  'groups.error': 'カタログからグループを読み込めませんでした: {{message}}',

  'register.title': 'コンテンツトークンを登録',
  'register.intro':
    'Apple Business Manager で「環境設定」→「お支払いと請求」→「Appとブック」を開き、対象の場所のトークンをダウンロードして、そのファイルをここで選択してください。',
  'register.displayName': '表示名',
  'register.displayNameHelper': '省略可。省略すると場所の名前になります。',
  'register.notes': '備考',
  'register.notesHelper':
    'トークンのダウンロードに使用した Apple アカウントとダウンロード日を記録してください',
  'register.takeOver': '他の MDM から管理を引き継ぐ',
  'register.takeOverExplain':
    '引き継ぐと、この Backstage がこの場所の MDM になり、他の MDM 製品はそのライセンスを使用できなくなります。',
  'register.submit': '登録',
  'register.submitTakeOver': '引き継いで登録',
  'register.submitting': '登録中…',
  'register.success':
    '{{location}} のトークンを登録しました。有効期限は {{date}} です。',
  'register.missingFile': '先に .vpptoken ファイルを選択してください。',
  'register.missingOwner': '所有グループを選択してください。',

  'renew.title': '{{name}} を更新',
  'renew.intro':
    'Apple Business Manager（「環境設定」→「お支払いと請求」→「Appとブック」）で {{location}} の新しいトークンをダウンロードし、ここで選択してください。［更新］を押すまでは何も変更されません。',
  'renew.checking': '新しいファイルを確認中…',
  'renew.checksTitle': '更新前の確認',
  'renew.passed': 'OK',
  'renew.failed': 'NG',
  'renew.checks.registered': 'このトークンがここに登録済みであること',
  'renew.checks.later-expiry':
    '新しいファイルの有効期限が現在のものより後であること',
  'renew.checks.not-other-mdm': '場所が他の MDM 製品で管理されていないこと',
  'renew.checks.not-other-account':
    '場所がここで別の所有者として登録されていないこと',
  'renew.checks.location-exists': '場所が Apple 側で削除されていないこと',
  'renew.expiry': '有効期限',
  'renew.location': '場所',
  'renew.claimant': '現在の MDM',
  'renew.noClaimant': '他の MDM はありません',
  'renew.takeOver': '他の MDM から管理を引き継ぐ',
  'renew.submit': '更新',
  'renew.submitting': '更新中…',
  'renew.success': '更新しました。{{name}} の有効期限は {{date}} です。',
  'renew.blocked': 'すべての確認に合格するまで更新できません。',

  'tokenPage.back': 'コンテンツトークン一覧',
  'tokenPage.loadError': 'コンテンツトークンを読み込めませんでした',
  'tokenPage.facts.location': '場所',
  'tokenPage.facts.organisation': '組織',
  'tokenPage.facts.owner': '所有者',
  'tokenPage.facts.country': '国',
  'tokenPage.facts.expires': '有効期限',
  'tokenPage.facts.daysLeft': '残り日数',
  'tokenPage.facts.status': '状態',
  'tokenPage.facts.notes': '備考',
  'tokenPage.facts.createdBy': '登録者',
  'tokenPage.facts.createdAt': '登録日',
  'tokenPage.facts.sharesFrom': 'ライセンスの共有元',
  'tokenPage.actions.renew': '更新',
  'tokenPage.actions.edit': '編集',
  'tokenPage.actions.share': 'ライセンスを共有',
  'tokenPage.actions.delete': '削除',
  'tokenPage.banner.expired': 'このトークンは有効期限が切れています',
  'tokenPage.banner.revoked': 'このトークンは Apple によって失効されました',
  'tokenPage.banner.invalid': 'このトークンは Apple に受け付けられません',
  'tokenPage.banner.claimed-elsewhere':
    'この場所は他の MDM によって管理されています',
  'tokenPage.banner.expiring': 'このトークンはまもなく有効期限が切れます',
  'tokenPage.banner.steps':
    'Apple Business Manager で「環境設定」→「お支払いと請求」→「Appとブック」を開き、{{location}} のトークンをダウンロードしてから、ここで［更新］を選んでください。',
  'tokenPage.banner.sharedSteps':
    'このレコードは {{name}} のライセンスを共有しています。{{name}} を更新すると、このレコードも合わせて更新されます。',
  'tokenPage.sharedNote':
    'このトークンを更新すると、ライセンスを共有しているトークンも合わせて更新されます。',

  'edit.title': '{{name}} を編集',
  'edit.success': '保存しました。',

  'share.title': '別のグループとライセンスを共有',
  'share.intro':
    'グループには {{name}} のライセンスを使う専用のトークンレコードが作成されます。{{name}} を更新すると、共有先のレコードも合わせて更新されます。',
  'share.submit': '共有',
  'share.success': '{{name}} のライセンスを {{group}} と共有しました。',

  'delete.title': '{{name}} を削除しますか？',
  'delete.body':
    '{{location}} のトークンを Backstage から削除し、Apple 側でこの場所に対するこの Backstage の管理を解除します。この場所を再び使うには、トークンを登録し直してください。',
  'delete.confirm': '削除',
  'delete.deleting': '削除中…',

  'time.justNow': 'たった今',

  'content.title': 'App とブック',
  'content.sharedFrom':
    'このレコードは別のトークンのライセンスを共有しています。数はそのトークンのものです。',
  'content.lastSynced': '最終同期: {{relative}}（{{absolute}}）',
  'content.neverSynced': '未同期',
  'content.syncing': '同期中…（{{relative}}に開始）',
  'content.syncingNow': '同期中…',
  'content.totals':
    'App とブック {{assets}} 件 · ライセンスの割り当て {{assignments}} 件',
  'content.sync': '同期',
  'content.confirm': '確認',
  'content.syncFinished':
    '同期が完了しました。App とブック {{assets}} 件、ライセンスの割り当て {{assignments}} 件が最新です。',
  'content.syncError': '同期を開始できませんでした: {{message}}',
  'content.confirmError': 'コンテンツを確認済みにできませんでした: {{message}}',
  'content.lastError': '前回の同期に失敗しました',
  'content.lastErrorAt': '失敗日時: {{absolute}}',
  'content.statusError': '同期の状態を読み込めませんでした: {{message}}',
  'content.loadError': 'App とブックを読み込めませんでした',
  'content.outOfDate.title': 'コンテンツが最新でない可能性があります',
  'content.outOfDate.stale': '前回の同期から設定された期間を過ぎています。',
  'content.outOfDate.counts-changed':
    '前回の同期の後に Apple からライセンス数の変更が通知されました。',
  'content.outOfDate.never-synced': 'このトークンはまだ同期されていません。',
  'content.outOfDate.actions':
    '［確認］を選ぶと、次の変更までこの表示を隠します。',
  'content.outOfDate.readOnly':
    'このトークンを更新できるユーザーが同期できます。',
  'content.empty.title': 'App とブックはまだありません',
  'content.empty.neverSynced':
    '同期すると、この場所で Apple Business Manager から購入したものを取得します。',
  'content.empty.syncing':
    '同期が完了すると、ここに App とブックが表示されます。',
  'content.empty.none':
    'この場所で購入された App とブックはないと Apple から報告されています。Apple Business Manager（Appとブック）で購入してから、もう一度同期してください。',
  'content.empty.noMatchTitle': '条件に一致する App とブックはありません',
  'content.empty.clearFilters': '条件をクリア',
  'content.filters.type': '種類',
  'content.filters.all': 'すべて',
  'content.filters.apps': 'App',
  'content.filters.books': 'ブック',
  'content.filters.platform': 'プラットフォーム',
  'content.filters.allPlatforms': 'すべてのプラットフォーム',
  'content.filters.search': '検索',
  'content.filters.searchPlaceholder': '名前、バンドル ID または Adam ID',
  'content.columns.name': '名前',
  'content.columns.type': '種類',
  'content.columns.platforms': 'プラットフォーム',
  'content.columns.total': '合計',
  'content.columns.assigned': '割り当て済み',
  'content.columns.available': '利用可能',
  'content.columns.retired': '廃止',
  'content.type.App': 'App',
  'content.type.Book': 'ブック',
  'content.unnamed.App': 'App {{adamId}}',
  'content.unnamed.Book': 'ブック {{adamId}}',
  'content.adamId': 'Adam ID {{adamId}}',
  'content.version': 'バージョン {{version}}',
  'content.minimumOs': '{{version}} 以降が必要',
  'content.unlimited': '無制限',
  'content.lowLicense': '残りわずか',
  'content.lowLicenseTooltip_one': '残りライセンスは {{count}} 件のみです',
  'content.lowLicenseTooltip_other': '残りライセンスは {{count}} 件のみです',
  'content.lowLicenseNote':
    '利用可能なライセンスが {{threshold}} 件未満の App には「残りわずか」と表示されます。',
  'content.notAssignable': 'デバイスに配布できません',
  'content.notAssignableExplain':
    'Apple はこの App をデバイスに割り当てることを許可していません。通常は引き換えコードとして購入されたためです。配布するには Apple Business Manager でコードではなくライセンスとして購入してください。',
  'content.bookUsers': 'デバイスではなくユーザーに割り当て',
  'content.bookUsersExplain':
    'Apple はブックを Apple アカウントを持つユーザーに割り当てます。ブックはデバイスに割り当てられません。',
  'content.notRevocable': 'ライセンスを取り消せません',
  'content.notRevocableExplain':
    'Apple はこの App の割り当て済みライセンスの取り消しを許可していません。割り当てたライセンスは使用中のままです。',
  'content.rowsPerPage': '表示件数',
  'content.range': '{{from}}–{{to}} 件 / 全 {{total}} 件',

  'reminders.title': '更新リマインダー',
  'reminders.intro':
    'リマインダーが有効な間は、トークンの有効期限が切れる前に、所有グループに Backstage の通知が、下のアドレスにメールが送信されます。',
  'reminders.schedule': '送信タイミング',
  'reminders.daysBefore_one': '有効期限の {{count}} 日前',
  'reminders.daysBefore_other': '有効期限の {{count}} 日前',
  'reminders.atExpiry': '有効期限当日',
  'reminders.enabled': '更新リマインダーを送信する',
  'reminders.on': 'リマインダーは有効です',
  'reminders.off': 'リマインダーは無効です',
  'reminders.emails': 'メールアドレス',
  'reminders.addLabel': 'メールアドレスを追加',
  'reminders.addHelper':
    'Enter キーを押すか［追加］を選んでください。複数のアドレスはカンマで区切ります。',
  'reminders.add': '追加',
  'reminders.remove': '{{email}} を削除',
  'reminders.noEmails':
    'メールアドレスはありません。所有グループにのみ通知されます。',
  'reminders.invalidEmail': '{{email}} は有効なメールアドレスではありません。',
  'reminders.duplicateEmail': '{{email}} はすでに一覧にあります。',
  'reminders.discard': '変更を破棄',
  'reminders.saving': '保存中…',
  'reminders.saved': 'リマインダーの設定を保存しました。',
  'reminders.saveError':
    'リマインダーの設定を保存できませんでした: {{message}}',
  'reminders.readOnly': 'この設定を表示できますが、変更はできません。',
  'reminders.loadError': 'リマインダーの設定を読み込めませんでした',
  'reminders.deliveries.title':
    '現在の有効期限（{{date}}）に対するリマインダー',
  'reminders.deliveries.none':
    '現在の有効期限に対するリマインダーはまだ送信されていません。',
  'reminders.deliveries.threshold': 'リマインダー',
  'reminders.deliveries.channel': '送信方法',
  'reminders.deliveries.recipient': '宛先',
  'reminders.deliveries.status': '状態',
  'reminders.deliveries.attempts': '試行回数',
  'reminders.deliveries.lastError': '最後のエラー',
  'reminders.deliveries.sentAt': '送信日時',
  'reminders.deliveries.willRetry': '次回の実行時に再送されます。',
  'reminders.deliveries.failedSummary_one':
    '{{count}} 件のリマインダーを送信できませんでした。次回の実行時に再送されます。',
  'reminders.deliveries.failedSummary_other':
    '{{count}} 件のリマインダーを送信できませんでした。次回の実行時に再送されます。',
  'reminders.channel.notification': 'Backstage の通知',
  'reminders.channel.email': 'メール',
  'reminders.deliveryStatus.sent': '送信済み',
  'reminders.deliveryStatus.failed': '失敗',
  'reminders.deliveryStatus.sending': '送信中',

  'catalog.statusFilter': 'トークンの状態',
  'catalog.columns.expires': '有効期限',
  'catalog.columns.daysLeft': '残り日数',
  'catalog.columns.status': 'トークンの状態',
  'attention.title': 'コンテンツトークン',
  'attention.needAttention_one': '対応が必要なトークン: {{count}} 件',
  'attention.needAttention_other': '対応が必要なトークン: {{count}} 件',
  'attention.allFine': 'すべてのコンテンツトークンは正常です（{{total}} 件）。',
  'attention.none': 'コンテンツトークンはまだ登録されていません。',
  'attention.openAppsAndBooks': '「Appとブック」を開く',
  'attention.loadError': 'コンテンツトークンを読み込めませんでした',
  'entityCard.title': 'コンテンツトークン',
  'entityCard.missingAnnotation':
    'このエンティティには {{annotation}} アノテーションがありません。',
  'entityCard.open': 'トークンのページを開く',
  'entityCard.loadError': 'コンテンツトークンを読み込めませんでした',
};

export default ja;
