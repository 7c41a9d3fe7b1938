/**
 * Japanese text of the install-side pages and the navigation (see
 * `installSideMessages.ts`). Vocabulary of seed A: 配信, ライセンスの自動割当 / 手動割当,
 * サブグループを含める, インストール状況取得日; Apple's name for the feature is
 * 「App とブック」.
 */
export const jaInstallSide = {
  'nav.title': 'App とブック',
  'nav.tokens': 'トークン',
  'nav.devices': 'デバイス',
  'nav.licenses': 'ライセンス',
  'nav.settings': '設定',

  'statusReason.ok': '{{date}} まで有効です。',
  'statusReason.expiring_one':
    'このトークンの有効期限は {{date}}（残り {{count}} 日）です。{{steps}}',
  'statusReason.expiring_other':
    'このトークンの有効期限は {{date}}（残り {{count}} 日）です。{{steps}}',
  'statusReason.expired':
    'このトークンは {{date}} に有効期限が切れました。割当、取り消し、同期はできません。{{steps}}',
  'statusReason.revoked':
    'Apple がこのトークンを無効にしました（エラー 9625）。新しいトークンをダウンロードした、または管理対象 Apple アカウントのパスワードを変更した場合などに起こります。{{steps}}',
  'statusReason.invalid':
    'Apple はこのトークンを受け付けなくなりました。{{steps}}',
  'statusReason.claimedElsewhere':
    '場所「{{location}}」は現在、別の MDM 製品（{{mdm}}）が管理しています。「引き継ぐ」を選んで更新するか、ここでこのトークンを削除してください。',

  'devices.title': 'デバイス',
  'devices.description':
    'MDM が管理しているデバイスと、管理者が登録した属性です。14 項目のすべて、または 1 項目を指定して検索できます。',
  'devices.loadError': 'デバイスを読み込めませんでした',
  'devices.noInventory': '未取得',
  'devices.enrolledYes': '登録済み',
  'devices.enrolledNo': '未登録',
  'devices.export': 'CSV エクスポート',
  'devices.exportError': 'CSV をエクスポートできませんでした: {{message}}',
  'devices.fields.displayName': 'デバイス名',
  'devices.fields.deviceNumber': 'デバイス番号',
  'devices.fields.udid': 'デバイスの UDID',
  'devices.fields.wifiMac': 'Wi-Fi MAC アドレス',
  'devices.fields.osVersion': 'OS バージョン',
  'devices.fields.userName': 'ユーザー名',
  'devices.fields.serialNumber': 'シリアル番号',
  'devices.fields.employeeNumber': '社員番号',
  'devices.fields.phone1': '電話番号 1',
  'devices.fields.phone2': '電話番号 2',
  'devices.fields.email': 'メールアドレス',
  'devices.fields.notes1': '備考 1',
  'devices.fields.notes2': '備考 2',
  'devices.fields.notes3': '備考 3',
  'devices.fields.platform': 'プラットフォーム',
  'devices.fields.model': '機種',
  'devices.fields.group': 'グループ',
  'devices.fields.enrolled': '登録状態',
  'devices.fields.lastCheckInAt': '最終チェックイン',
  'devices.fields.inventoryAt': 'インストール状況取得日',
  'devices.filters.field': '検索する項目',
  'devices.filters.allFields': 'すべての項目',
  'devices.filters.search': '検索',
  'devices.filters.searchPlaceholder': '名前、シリアル番号、社員番号、メール…',
  'devices.filters.platform': 'プラットフォーム',
  'devices.filters.allPlatforms': 'すべてのプラットフォーム',
  'devices.filters.enrolled': '登録状態',
  'devices.filters.enrolledAny': 'すべて',
  'devices.groups.title': 'グループ',
  'devices.groups.all': 'すべてのグループ',
  'devices.groups.includeSubgroups': 'サブグループを含める',
  'devices.groups.loadError':
    'カタログからグループを読み込めませんでした: {{message}}',
  'devices.empty.title': 'デバイスはまだありません',
  'devices.empty.description':
    'デバイスが MDM サーバーに登録され、MDM がポータルに通知すると、ここに表示されます。MDM コネクタの設定（vpp.mdm）とデバイスの登録を確認してください。',
  'devices.empty.noMatch': '条件に一致するデバイスはありません。',
  'devices.empty.clearFilters': '条件をクリア',
  'devices.import.open': 'CSV インポート',
  'devices.import.title': 'CSV からデバイスの属性をインポート',
  'devices.import.description':
    '1 行目は列名です。デバイスを特定する serialNumber または udid と、属性（displayName, deviceNumber, userName, employeeNumber, phone1, phone2, email, notes1〜3, group）を指定します。まずプレビューしてください。すべての行が正しくなるまで何も書き込まれません。',
  'devices.import.chooseFile': 'ファイルを選択…',
  'devices.import.csv': 'CSV の内容',
  'devices.import.preview': 'プレビュー',
  'devices.import.submit': 'インポート',
  'devices.import.line': '行',
  'devices.import.reason': '理由',
  'devices.import.changes': '変更内容',
  'devices.import.refused_one':
    '{{count}} 行に誤りがあります — 何もインポートされません',
  'devices.import.refused_other':
    '{{count}} 行に誤りがあります — 何もインポートされません',
  'devices.import.previewTitle':
    '{{rows}} 行すべて正しく、{{updated}} 台のデバイスが変更されます。「インポート」で書き込みます。',
  'devices.import.done':
    '{{rows}} 行をインポートしました。{{updated}} 台のデバイスを変更しました。',

  'device.back': 'すべてのデバイス',
  'device.loadError': 'デバイスを読み込めませんでした',
  'device.refresh': 'インベントリを更新',
  'device.refreshRequested':
    'インストール済み App の一覧をデバイスに要求しました。デバイスが応答すると（次回のチェックイン時）一覧が更新されます。',
  'device.refreshSkipped': 'デバイスに要求しませんでした: {{reason}}',
  'device.refreshError': 'インベントリを要求できませんでした: {{message}}',
  'device.attributes.title': '属性',
  'device.attributes.description':
    'このデバイスについて組織が記録している情報です。',
  'device.attributes.saved': '保存しました。',
  'device.attributes.saveError': '属性を保存できませんでした: {{message}}',
  'device.attributes.reset': '変更を元に戻す',
  'device.apps.title': 'インストール済み App',
  'device.apps.fetchedAt': 'インストール状況取得日 {{date}}',
  'device.apps.neverFetched': 'インストール状況はまだ取得されていません',
  'device.apps.none': 'デバイスから App の報告はありません。',
  'device.apps.refreshHint':
    '「インベントリを更新」でインストール済み App の一覧をデバイスに要求してください。',
  'device.apps.name': 'App 名',
  'device.apps.bundleId': 'バンドル ID',
  'device.apps.version': 'バージョン',
  'device.apps.state': '状態',
  'device.apps.installing': 'インストール中',
  'device.apps.managed': '管理対象',
  'device.licenses.title': 'ライセンス',
  'device.licenses.description':
    'Apple でこのシリアル番号に割り当てられている App のライセンスと、その割当方法です。',
  'device.licenses.noSerial': 'デバイスはまだシリアル番号を報告していません。',
  'device.licenses.none':
    'このデバイスに割り当てられたライセンスはありません。',
  'device.licenses.loadError': 'ライセンスを読み込めませんでした',
  'device.history.empty': 'このデバイスの変更履歴はまだありません。',

  'installStatus.back': '{{token}} に戻る',
  'installStatus.appLoadError': 'App を読み込めませんでした',
  'installStatus.loadError': 'インストール状況を読み込めませんでした',
  'installStatus.notInToken':
    'このトークンにはこの App がありません。最近購入した場合はトークンを同期してください。',
  'installStatus.install': 'これらのデバイスにインストール',
  'installStatus.inventoryBefore': 'インストール状況取得日（この日より前）',
  'installStatus.inventoryBeforeHelp':
    '一覧が古い（または未取得の）デバイスだけ',
  'installStatus.noDevices':
    '該当するデバイスはありません。デバイスは MDM サーバーに登録されると表示されます。',
  'installStatus.noneInState': 'この状態のデバイスはありません。',
  'installStatus.versionLabel': 'バージョン {{version}}',
  'installStatus.facts.identity': 'App の識別子',
  'installStatus.facts.version': 'バージョン',
  'installStatus.facts.licenses': 'ライセンス',
  'installStatus.facts.licenseCounts':
    '合計 {{total}} ・ 割当済み {{assigned}} ・ 利用可能 {{available}}',
  'installStatus.facts.platforms': 'プラットフォーム',
  'installStatus.state.any': 'すべてのデバイス',
  'installStatus.state.no-inventory': 'インストール状況未取得',
  'installStatus.state.not-installed': '未インストール',
  'installStatus.state.installed': 'インストール済み',

  'licenses.title': 'ライセンス',
  'licenses.description':
    'トークンのすべてのデバイスライセンスです。割当方法、実行者、日時、どの配信によるものかを表示します。',
  'licenses.loadError': 'ライセンスを読み込めませんでした',
  'licenses.allTokens': 'すべてのトークン',
  'licenses.chooseToken': 'トークンを選択',
  'licenses.assign': 'ライセンスを割り当てる',
  'licenses.revoke': '取り消す',
  'licenses.unmanaged': '管理対象外のデバイス',
  'licenses.distribution': '配信 {{id}}',
  'licenses.tabs.ledger': '台帳',
  'licenses.tabs.orphans': '孤立したライセンス',
  'licenses.columns.token': 'トークン',
  'licenses.columns.app': 'App（Adam ID）',
  'licenses.columns.serial': 'シリアル番号',
  'licenses.columns.device': 'デバイス',
  'licenses.columns.mode': '割当方法',
  'licenses.columns.by': '実行者',
  'licenses.columns.when': '日時',
  'licenses.filters.app': 'App（Adam ID）',
  'licenses.filters.serial': 'シリアル番号',
  'licenses.filters.allModes': 'すべての割当方法',
  'licenses.mode.auto': 'ライセンスの自動割当',
  'licenses.mode.manual': '手動割当',
  'licenses.mode.pre-existing': '既存の割当',
  'licenses.state.assigning': '割当中…',
  'licenses.state.assigned': '割当済み',
  'licenses.state.revoking': '取り消し中…',
  'licenses.empty.title': 'ライセンスはまだありません',
  'licenses.empty.description':
    '配信や手動割当で App をデバイスに割り当てると、また同期で以前からの割当が見つかると、ここに表示されます。トークンを同期するか、ライセンスを割り当ててください。',
  'licenses.empty.noMatch': '条件に一致するライセンスはありません。',
  'licenses.change.title.assign': 'ライセンスを割り当てる',
  'licenses.change.title.revoke': 'ライセンスを取り消す',
  'licenses.change.description.assign':
    'すべての App をすべてのシリアル番号に Apple で割り当てます（インストールはしません）。プレビューで Apple への要求内容を確認できます。',
  'licenses.change.description.revoke':
    'Apple でライセンスを回収します。デバイス上の App は使えなくなります。プレビューで Apple への要求内容を確認できます。',
  'licenses.change.apps': 'App（Adam ID）',
  'licenses.change.appsHelp': 'カンマまたは空白で区切ります。',
  'licenses.change.serials': 'シリアル番号',
  'licenses.change.serialsHelp': 'カンマ、空白または改行で区切ります。',
  'licenses.change.preview': 'プレビュー',
  'licenses.change.planTitle.assign': 'Apple に次の割当を要求します:',
  'licenses.change.planTitle.revoke': 'Apple に次の取り消しを要求します:',
  'licenses.change.planLine': 'App {{apps}} をシリアル番号 {{serials}} に',
  'licenses.change.appCounts':
    '{{app}}: 要求 {{requested}} 件、前回の同期時点で利用可能 {{available}} 件',
  'licenses.change.nothingToAsk':
    'Apple に要求するものはありません（すべてスキップされます）。',
  'licenses.change.confirm.assign': '割り当てる',
  'licenses.change.confirm.revoke': '取り消す',
  'licenses.orphans.chooseToken':
    'トークンを選択すると、Apple のライセンスを台帳と管理対象デバイスと照合します。',
  'licenses.orphans.loadError': '孤立したライセンスを読み込めませんでした',
  'licenses.orphans.comparedWith': '{{date}} の完全同期と照合しました。',
  'licenses.orphans.neverSynced':
    'このトークンはまだ完全に同期されていないため、照合していません。トークンのページで同期してください。',
  'licenses.orphans.notChecked':
    'デバイスのインベントリがまだないため、シリアル番号は照合していません。',
  'licenses.orphans.none': 'ありません。',
  'licenses.orphans.reclaim': '回収',
  'licenses.orphans.notAtApple.title_one':
    '台帳にあり Apple にないもの（{{count}} 件）',
  'licenses.orphans.notAtApple.title_other':
    '台帳にあり Apple にないもの（{{count}} 件）',
  'licenses.orphans.notAtApple.description':
    '台帳に記録されているが Apple にはもう表示されないライセンスです（他で取り消された、または応答が失われた）。',
  'licenses.orphans.unmanagedSerials.title_one':
    '管理対象外デバイスへの Apple の割当（{{count}} 件）',
  'licenses.orphans.unmanagedSerials.title_other':
    '管理対象外デバイスへの Apple の割当（{{count}} 件）',
  'licenses.orphans.unmanagedSerials.description':
    'どの管理対象デバイスにもないシリアル番号に Apple が割り当てているライセンスです。回収するとライセンスが空きます。',

  'settings.title': '配信の設定',
  'settings.description':
    '管理対象 App 構成と App 単位の VPN 設定です。配信時に名前で選びます。',
  'settings.edit': '編集',
  'settings.saved': '「{{name}}」を保存しました。',
  'settings.deleted': '「{{name}}」を削除しました。',
  'settings.fields.name': '名前',
  'settings.fields.adamId': 'App（Adam ID）',
  'settings.fields.bundleId': 'バンドル ID',
  'settings.fields.description': '説明',
  'settings.fields.app': '対象の App',
  'settings.fields.keys': 'キー',
  'settings.fields.updated': '最終変更',
  'settings.fields.vpnUuid': 'VPN の UUID',
  'settings.fields.platforms': 'プラットフォーム',
  'settings.delete.button': '削除',
  'settings.delete.title': '「{{name}}」を削除しますか?',
  'settings.delete.description':
    '実行済みの配信で送った内容はそのままです。予約配信や実行中の配信が使っている設定は削除できません。',
  'settings.delete.confirm': '削除',
  'settings.appConfigs.tab': '管理対象 App 構成',
  'settings.appConfigs.create': '新しい App 構成',
  'settings.appConfigs.loadError': 'App 構成を読み込めませんでした',
  'settings.appConfigs.emptyTitle': '管理対象 App 構成はまだありません',
  'settings.appConfigs.emptyDescription':
    'App のインストール時に設定（サーバー URL、機能の有効化など）を一緒に送るには、App 構成を作成してください。',
  'settings.vpn.tab': 'VPN 設定',
  'settings.vpn.create': '新しい VPN 設定',
  'settings.vpn.loadError': 'VPN 設定を読み込めませんでした',
  'settings.vpn.emptyTitle': 'VPN 設定はまだありません',
  'settings.vpn.emptyDescription':
    'デバイスにインストール済みの VPN ペイロードの VPNUUID で作成すると、App の通信をその VPN 経由にできます（App 単位の VPN）。',
  'settings.vpn.createTitle': '新しい VPN 設定',
  'settings.vpn.editTitle': 'VPN 設定を編集',
  'settings.vpn.uuidHelp':
    'デバイスにインストール済みの VPN ペイロードの VPNUUID。',
  'settings.appConfig.createTitle': '新しい管理対象 App 構成',
  'settings.appConfig.editTitle': '管理対象 App 構成を編集',
  'settings.appConfig.appHelp':
    '対象の App: Adam ID、バンドル ID、またはその両方。',
  'settings.appConfig.modeRows': 'キーと値',
  'settings.appConfig.modePaste': 'JSON または plist を貼り付け',
  'settings.appConfig.paste': 'JSON オブジェクトまたはプロパティリストの XML',
  'settings.appConfig.pasteHelp':
    'JSON オブジェクト（{"key": "value"}、日付は {"$date": "2027-04-01T00:00:00Z"}）、またはルートが辞書の plist の XML。',
  'settings.appConfig.key': 'キー',
  'settings.appConfig.type': '型',
  'settings.appConfig.value': '値',
  'settings.appConfig.addKey': 'キーを追加',
  'settings.appConfig.removeKey': 'キーを削除',
  'settings.appConfig.types.string': '文字列',
  'settings.appConfig.types.integer': '整数',
  'settings.appConfig.types.real': '数値',
  'settings.appConfig.types.boolean': 'はい/いいえ',
  'settings.appConfig.types.date': '日付',
  'settings.appConfig.types.json': '辞書または配列（JSON）',
  'settings.appConfig.problems.emptyKey': 'キーの名前を入力してください。',
  'settings.appConfig.problems.duplicateKey':
    'このキーはすでに使われています。',
  'settings.appConfig.problems.number': 'この型の数値ではありません。',
  'settings.appConfig.problems.date':
    '日付ではありません（例: 2027-04-01T00:00:00Z）。',
  'settings.appConfig.problems.json':
    'JSON として正しくありません（例: {"a": 1} や [1, 2]）。',
  'settings.appConfig.pasteError.json':
    'JSON でも XML でもありません。括弧と引用符を確認してください。',
  'settings.appConfig.pasteError.notDict':
    'JSON はオブジェクトにしてください: {"key": "value"}。',
};
