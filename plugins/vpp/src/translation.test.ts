import { vppTranslationRef } from './translation';
import ja from './translations/ja';

function placeholders(text: string): string[] {
  const found = (text.match(/\{\{\s*\w+\s*\}\}/g) ?? []).map(p =>
    p.replace(/\s/g, ''),
  );
  return [...new Set(found)].sort();
}

describe('vppTranslationRef', () => {
  const en = (
    vppTranslationRef as unknown as {
      getDefaultMessages(): Record<string, string>;
    }
  ).getDefaultMessages();

  it('has a Japanese text for every English key, with the same placeholders', () => {
    const jaMessages: Record<string, string> = ja;
    expect(Object.keys(jaMessages).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(jaMessages[key]).toBeTruthy();
      expect([key, placeholders(jaMessages[key])]).toEqual([
        key,
        placeholders(text),
      ]);
    }
  });

  it('is actually translated', () => {
    const jaMessages: Record<string, string> = ja;
    // Apple's Japanese UI keeps "Apple API", "App" and "Adam ID" in Latin letters.
    const same = Object.keys(en).filter(
      key =>
        en[key] === jaMessages[key] &&
        !/^(health\.appleApi|content\.type\.App|content\.unnamed\.App|content\.adamId)$/.test(
          key,
        ),
    );
    expect(same).toEqual([]);
    expect(jaMessages['register.notesHelper']).toContain('Apple アカウント');
  });

  it('registers the Japanese resource with the ref', async () => {
    const resource = (
      vppTranslationRef as unknown as {
        getDefaultResource(): {
          resources: Array<{
            language: string;
            loader(): Promise<{ messages: Record<string, string> }>;
          }>;
        };
      }
    ).getDefaultResource();
    const jaResource = resource.resources.find(r => r.language === 'ja');
    expect(jaResource).toBeDefined();
    const { messages } = await jaResource!.loader();
    expect(messages['tokensPage.register']).toBe('トークンを登録');
  });
});
